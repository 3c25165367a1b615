"""A concept paper draft made from a board's cluster or concept draft: prefilled once, its origin kept as data,
made once however often it is promoted, and no name of someone who chose "organisation only" in it."""
import uuid

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from ideas.board import operations as ops
from ideas.models import Board, Card, ConceptPaperPage, PaperOrigin
from ideas.outcomes.promotion import promote_cluster, promote_draft
from ideas.tests.conftest import make_board_world
from network import roles
from network.models import TargetGroup


def post(user, board, kind, text, **fields):
    return ops.create_card(user, board.pk, client_id=uuid.uuid4(), kind=kind, text=text, **fields).id


@pytest.fixture
def world(site_tree, building_blocks):
    world = make_board_world()
    board, alice, bob, mona = world.board, world.users.alice, world.users.bob, world.users.facilitator
    Board.objects.filter(pk=board.pk).update(workshop=site_tree["kickoff"], visibility=Board.Visibility.PUBLIC)
    board.refresh_from_db()
    youth = TargetGroup.objects.create(name="Junge Geflüchtete ohne Schulabschluss")
    world.need = post(alice, board, "need", "Sprachkurse am Abend", building_block=building_blocks["F2"].pk,
                      tags=["Sprache"], target_group=youth.pk)
    world.other_need = post(alice, board, "need", "Fahrtkosten zur Berufsschule")
    world.gap = post(bob, board, "gap", "Keine Kinderbetreuung während der Kurse", display="organisation_only",
                     tags=["Familie"])
    world.draft = post(alice, board, "draft", "Kurs mit Kinderbetreuung im Stadtteilzentrum")
    ops.link_cards(bob, board.pk, world.gap, to_card=world.need, relation="answers")
    ops.link_cards(alice, board.pk, world.draft, to_card=world.gap, relation="addresses")
    world.cluster = ops.create_cluster(mona, board.pk, title="Sprache und Familie").id
    ops.assign_cluster(mona, board.pk, world.need, cluster=world.cluster)
    ops.assign_cluster(mona, board.pk, world.gap, cluster=world.cluster)
    ops.set_phase(mona, board.pk, phase="vote")
    for _ in range(2):
        ops.cast_vote(bob, board.pk, world.need)
    world.site_tree, world.blocks, world.youth = site_tree, building_blocks, youth
    return world


def body_text(paper):
    return " ".join(str(block.value) for block in paper.body)


def test_a_cluster_becomes_a_draft_under_the_papers_prefilled_from_its_cards(world):
    promotion = promote_cluster(world.users.facilitator, world.board.pk, world.cluster)
    paper = ConceptPaperPage.objects.get(pk=promotion.paper.pk)
    assert promotion.created and not paper.live and paper.status == ConceptPaperPage.Status.DRAFT
    assert paper.get_parent().pk == world.site_tree["papers"].pk
    assert paper.title == "Sprache und Familie"
    body = body_text(paper)
    assert "Sprachkurse am Abend (2 Punkte) – Bildungswerk Talblick (fiktiv) · Alice" in body
    assert "Keine Kinderbetreuung während der Kurse (0 Punkte) – Jugendmigrationsdienst Brückenhaus (fiktiv)" in body
    assert "Fahrtkosten" not in body  # not in the cluster
    assert "2 Karten von 2 Organisationen" in paper.summary
    assert [b.code for b in paper.building_blocks.all()] == ["F2"]
    assert list(paper.target_groups.all()) == [world.youth]
    assert sorted(tag.name for tag in paper.tags.all()) == ["Familie", "Sprache"]
    assert list(paper.related_workshops.all()) == [world.site_tree["kickoff"].specific]


def test_the_origin_is_kept_as_data_as_the_board_stood(world):
    paper = promote_cluster(world.users.facilitator, world.board.pk, world.cluster).paper
    origin = PaperOrigin.objects.get(paper=paper)
    world.board.refresh_from_db()
    assert origin.board == world.board and origin.cluster_id == world.cluster
    assert origin.board_seq == world.board.last_seq
    assert sorted(origin.cards.values_list("pk", flat=True)) == sorted([world.need, world.gap])
    assert (origin.card_count, origin.organisation_count) == (2, 2)
    assert origin.created_by == world.users.facilitator


def test_promoting_the_same_cluster_again_opens_the_paper_made_before(world):
    first = promote_cluster(world.users.facilitator, world.board.pk, world.cluster)
    again = promote_cluster(world.users.facilitator, world.board.pk, world.cluster)
    assert not again.created and again.paper.pk == first.paper.pk
    assert ConceptPaperPage.objects.count() == 2  # the site tree's paper and this one


def test_later_edits_of_the_cards_do_not_change_the_paper(world):
    paper = promote_cluster(world.users.facilitator, world.board.pk, world.cluster).paper
    ops.set_phase(world.users.facilitator, world.board.pk, phase="collect")
    version = Card.objects.get(pk=world.need).version
    ops.edit_card(world.users.alice, world.board.pk, world.need, version=version, text="Etwas ganz anderes")
    paper = ConceptPaperPage.objects.get(pk=paper.pk)
    assert "Sprachkurse am Abend" in body_text(paper) and "Etwas ganz anderes" not in body_text(paper)


def test_a_concept_draft_brings_the_gaps_and_needs_it_links_to(world):
    paper = promote_draft(world.users.facilitator, world.board.pk, world.draft).paper
    body = body_text(paper)
    assert paper.title == "Kurs mit Kinderbetreuung im Stadtteilzentrum"
    for text in ("Kurs mit Kinderbetreuung", "Keine Kinderbetreuung", "Sprachkurse am Abend"):
        assert text in body
    assert "Fahrtkosten" not in body
    assert promote_draft(world.users.facilitator, world.board.pk, world.draft).paper.pk == paper.pk


def test_no_name_of_someone_who_chose_organisation_only_reaches_the_paper(world):
    # Bob chose "organisation only" for his gap; the facilitator promoting it sees every card, but the paper must not.
    paper = promote_cluster(world.users.facilitator, world.board.pk, world.cluster).paper
    assert "Bob" not in body_text(paper) + paper.summary
    paper.save_revision().publish()
    page = ConceptPaperPage.objects.get(pk=paper.pk)
    assert "Bob" not in page.serve(_anonymous_request(page)).rendered_content


def _anonymous_request(page):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get(page.url)
    request.user = AnonymousUser()
    return request


def promote_url(world):
    return reverse("board_promote", args=[world.board.pk])


def test_an_editor_is_taken_to_the_new_draft_in_the_admin(client, world):
    editor = User.objects.create_user("redakteurin")
    editor.groups.add(*Group.objects.filter(name__in=[roles.EDITOR, roles.MEMBER]))
    client.force_login(editor)
    response = client.post(promote_url(world), {"cluster": world.cluster})
    paper = PaperOrigin.objects.get().paper
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_pages:edit", args=[paper.pk])
    # Again: the same draft, not a second one.
    again = client.post(promote_url(world), {"cluster": world.cluster}, follow=True)
    assert PaperOrigin.objects.count() == 1
    assert "bereits" in again.content.decode() or "before" in again.content.decode()


def test_a_facilitator_without_page_rights_sees_the_draft_listed_on_the_results(client, world):
    client.force_login(world.users.facilitator)
    response = client.post(promote_url(world), {"cluster": world.cluster}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and response.redirect_chain[-1][0].startswith(
        reverse("board_results", args=[world.board.pk])
    )
    assert "Die Redaktion arbeitet ihn aus" in html
    assert "Konzeptpapiere aus diesem Board" in html and "Sprache und Familie" in html and "Entwurf" in html


def test_the_public_sees_a_paper_from_the_board_only_once_it_is_live(client, world):
    paper = promote_cluster(world.users.facilitator, world.board.pk, world.cluster).paper
    ops.set_phase(world.users.facilitator, world.board.pk, phase="closed")
    results = reverse("board_results", args=[world.board.pk])
    assert "Konzeptpapiere aus diesem Board" not in client.get(results).content.decode()
    paper.save_revision().publish()
    html = client.get(results).content.decode()
    assert "Konzeptpapiere aus diesem Board" in html and f'href="{paper.url}"' in html
    # The board's own page shows its results first, the papers made from it among them.
    board_page = client.get(reverse("board_page", args=[world.board.pk])).content.decode()
    summary = board_page.split('class="board-panel board-results"', 1)[1].split("</section>", 1)[0]
    assert "Konzeptpapiere aus diesem Board" in summary and f'href="{paper.url}"' in summary


def test_the_papers_page_says_where_it_came_from_and_links_the_board_once_public(client, world):
    paper = promote_cluster(world.users.facilitator, world.board.pk, world.cluster).paper
    paper.save_revision().publish()
    html = client.get(paper.url).content.decode()
    assert "Entstanden aus:" in html and "Auftaktworkshop" in html and world.board.title in html
    assert "2 Karten" in html and "von 2 Organisationen" in html
    results = reverse("board_results", args=[world.board.pk])
    assert f'href="{results}"' not in html  # the board is not yet readable for the public
    ops.set_phase(world.users.facilitator, world.board.pk, phase="closed")
    assert f'href="{results}"' in client.get(paper.url).content.decode()


@pytest.mark.parametrize("who", ["alice", "outsider"])
def test_members_and_outsiders_cannot_promote(client, world, who):
    client.force_login(getattr(world.users, who))
    response = client.post(promote_url(world), {"cluster": world.cluster})
    assert response.status_code in (403, 404)
    assert not PaperOrigin.objects.exists()


def test_the_public_cannot_promote_a_published_board(client, world):
    ops.set_phase(world.users.facilitator, world.board.pk, phase="closed")
    assert client.post(promote_url(world), {"cluster": world.cluster}).status_code == 403
    assert not PaperOrigin.objects.exists()


@pytest.mark.parametrize("data, message", [
    ({"cluster": "abc"}, "Wählen Sie einen Cluster oder einen Konzeptentwurf"),
    ({}, "Wählen Sie einen Cluster oder einen Konzeptentwurf"),
    ({"cluster": "1", "card": "2"}, "Wählen Sie einen Cluster oder einen Konzeptentwurf"),
    ({"cluster": "999999"}, "Dieser Cluster ist nicht auf dem Board"),
    ({"card": "999999"}, "Dieser Konzeptentwurf ist nicht auf dem Board"),
])
def test_bad_input_gets_a_clear_error_and_makes_nothing(client, world, data, message):
    client.force_login(world.users.facilitator)
    response = client.post(promote_url(world), data, follow=True)
    assert message in response.content.decode()
    assert not PaperOrigin.objects.exists()


def test_a_need_card_is_not_promoted_as_a_concept_draft(client, world):
    client.force_login(world.users.facilitator)
    response = client.post(promote_url(world), {"card": world.need}, follow=True)
    assert "Dieser Konzeptentwurf ist nicht auf dem Board" in response.content.decode()
    assert not PaperOrigin.objects.exists()


def test_a_cluster_of_another_board_is_not_promoted_from_this_one(client, world):
    other = Board.objects.create(workshop=world.board.workshop, title="Anderes Board")
    client.force_login(world.users.facilitator)
    client.post(reverse("board_promote", args=[other.pk]), {"cluster": world.cluster})
    assert not PaperOrigin.objects.exists()
