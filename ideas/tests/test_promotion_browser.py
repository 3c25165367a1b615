"""From a closed board to a public concept paper in a real browser: the editor makes a draft from a cluster on the
results page, works it out in the Wagtail editor and submits it; the core group approves it; then the public reads
the paper, where it came from, and finds it listed on the board's results. No "organisation only" author is named."""
import re
import uuid

import pytest
from django.contrib.auth.models import Group, User

from ideas.board import operations as ops
from ideas.models import Board, PaperOrigin
from ideas.tests.conftest import make_board_world
from network import roles
from network.models import MemberProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROMOTE = "Konzeptpapier-Entwurf erstellen"
SUBMIT = "In Prüfung durch die Bündniskerngruppe einreichen"
CLUSTER = "Sprache und Familie"


@pytest.fixture
def closed_board(roles_with_permissions, site_tree):
    """A closed, public board of the kick-off with one cluster: Alice's need (named) and Bob's gap (organisation only)."""
    world = make_board_world()
    board, alice, bob, mona = world.board, world.users.alice, world.users.bob, world.users.facilitator
    Board.objects.filter(pk=board.pk).update(workshop=site_tree["kickoff"], visibility=Board.Visibility.PUBLIC)
    need = ops.create_card(alice, board.pk, client_id=uuid.uuid4(), kind="need", text="Sprachkurse am Abend").id
    gap = ops.create_card(
        bob, board.pk, client_id=uuid.uuid4(), kind="gap", text="Keine Kinderbetreuung während der Kurse",
        display="organisation_only",
    ).id
    cluster = ops.create_cluster(mona, board.pk, title=CLUSTER).id
    for card in (need, gap):
        ops.assign_cluster(mona, board.pk, card, cluster=cluster)
    ops.set_phase(mona, board.pk, phase="vote")
    ops.cast_vote(bob, board.pk, need)
    ops.set_phase(mona, board.pk, phase="closed")
    talblick = world.organisations[0]
    for username, role, (first, last) in (
        ("redaktion", roles.EDITOR, ("Tobias", "Lange")), ("kerngruppe", roles.CORE_GROUP, ("Thomas", "Riedel")),
    ):
        user = User.objects.create_user(username, password="demo1234", email=f"{username}@example.org",
                                        first_name=first, last_name=last)
        user.groups.add(*Group.objects.filter(name__in=[role, roles.MEMBER]))
        MemberProfile.objects.create(user=user, organisation=talblick)
    board.refresh_from_db()
    return board


def test_a_cluster_becomes_a_public_concept_paper_through_the_core_groups_review(browse, closed_board):
    results = f"/boards/{closed_board.pk}/results/"

    # The editor makes the draft from the cluster on the results page and lands in its Wagtail editor.
    editor = browse("redaktion")
    editor.goto(results)
    cluster = editor.locator("article.results-cluster").filter(has=editor.get_by_role("heading", name=CLUSTER))
    # The button's name says which cluster (a visually hidden ": <title>", read out with a space before it).
    cluster.get_by_role("button", name=re.compile(rf"^{PROMOTE}\s?: {CLUSTER}$")).click()
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    paper = PaperOrigin.objects.get(board=closed_board).paper
    assert editor.url.endswith(f"/admin/pages/{paper.pk}/edit/")
    assert editor.get_by_text(f"Der Entwurf des Konzeptpapiers „{CLUSTER}“ ist aus dem Board entstanden.").is_visible()
    assert editor.get_by_role("textbox", name="Titel").input_value() == CLUSTER

    # It works the summary out and submits the draft to the core group's review; publishing is not offered.
    editor.get_by_role("textbox", name="Zusammenfassung").fill("Abendkurse mit Kinderbetreuung im Stadtteil.")
    editor.get_by_role("button", name="Mehr Aktionen").click()
    actions = [text.strip() for text in editor.locator("footer").get_by_role("button").all_inner_texts()]
    assert SUBMIT in actions and not [action for action in actions if "Veröffentlichen" in action]
    editor.locator("footer").get_by_role("button", name=SUBMIT).click()
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    visitor = browse()
    response = visitor.goto(paper.url)
    assert response.status == 404, "not public before the core group approves it"
    visitor.goto(results)
    assert not visitor.get_by_role("heading", name="Konzeptpapiere aus diesem Board").count()

    # The core group approves it from its dashboard.
    reviewer = browse("kerngruppe")
    reviewer.goto("/admin/")
    pending = reviewer.get_by_role("region", name="Ihre Überprüfung steht aus")
    row = pending.get_by_role("row").filter(has_text=CLUSTER)
    row.get_by_role("button", name="Aktionen").click()
    row.get_by_role("button", name="Freigeben", exact=True).click()
    pending.wait_for(state="detached")

    # The public reads the paper with its origin, linked to the board's results ...
    visitor.goto(paper.url)
    main = visitor.locator("main")
    assert main.get_by_role("heading", level=1).inner_text() == CLUSTER
    assert "Abendkurse mit Kinderbetreuung im Stadtteil." in main.inner_text()
    origin = main.locator(".page-header__origin")
    assert re.sub(r"\s+", " ", origin.inner_text()).strip() == (
        f"Entstanden aus: Auftaktworkshop, {closed_board.title}, 2 Karten von 2 Organisationen"
    )
    origin.get_by_role("link", name=closed_board.title).click()
    visitor.wait_for_url(f"**{results}")

    # ... where the paper is listed and linked, from the list and from its cluster.
    papers = visitor.get_by_role("region", name="Konzeptpapiere aus diesem Board")
    assert papers.get_by_role("link", name=CLUSTER).get_attribute("href") == paper.url
    assert not visitor.get_by_role("button", name=re.compile(PROMOTE)).count(), "the public cannot promote"
    visitor.get_by_role("region", name="Konzeptpapiere aus diesem Board").get_by_role("link", name=CLUSTER).click()
    visitor.wait_for_url(f"**{paper.url}")

    # Alice chose to be named, Bob "organisation only": his organisation is there, his name is not.
    text = visitor.locator("main").inner_text()
    assert "Sprachkurse am Abend (1 Punkt) – Bildungswerk Talblick (fiktiv) · Alice" in text
    assert "Keine Kinderbetreuung während der Kurse (0 Punkte) – Jugendmigrationsdienst Brückenhaus (fiktiv)" in text
    assert "Bob" not in visitor.content()
