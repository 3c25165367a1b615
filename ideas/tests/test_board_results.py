"""A board's results: ranking by dots, clusters with their dots, need → gap → draft chains, counts;
who may see them and when; the names of those who chose "organisation only" never shown."""
import uuid

import pytest

from ideas.board import operations as ops
from ideas.board.results import board_results
from ideas.models import Board
from ideas.tests.conftest import make_board_world
from network.models import BuildingBlock, Organisation


def post(user, board, kind, text, **fields):
    return ops.create_card(user, board.pk, client_id=uuid.uuid4(), kind=kind, text=text, **fields).id


@pytest.fixture
def world(db):
    world = make_board_world()
    board, alice, bob, mona = world.board, world.users.alice, world.users.bob, world.users.facilitator
    Organisation.objects.filter(pk=world.organisations[0].pk).update(kind=Organisation.Kind.PROVIDER)
    Organisation.objects.filter(pk=world.organisations[1].pk).update(kind=Organisation.Kind.YOUTH_MIGRATION_SERVICE)
    block = BuildingBlock.objects.create(code="F9", title="Sprache im Beruf (Test)")
    world.need = post(alice, board, "need", "Sprachkurse am Abend", building_block=block.pk)
    world.other_need = post(alice, board, "need", "Fahrtkosten zur Berufsschule")
    world.gap = post(bob, board, "gap", "Keine Kinderbetreuung während der Kurse", display="organisation_only")
    world.draft = post(alice, board, "draft", "Kurs mit Kinderbetreuung im Stadtteilzentrum")
    ops.link_cards(bob, board.pk, world.gap, to_card=world.need, relation="answers")
    ops.link_cards(alice, board.pk, world.draft, to_card=world.gap, relation="addresses")
    ops.add_comment(bob, board.pk, world.need, text="Auch bei uns")
    cluster = ops.create_cluster(mona, board.pk, title="Sprache und Familie")
    ops.assign_cluster(mona, board.pk, world.need, cluster=cluster.id)
    ops.assign_cluster(mona, board.pk, world.gap, cluster=cluster.id)
    Board.objects.filter(pk=board.pk).update(phase=Board.Phase.VOTE, vote_budget=5)
    for voter, card, dots in ((alice, world.other_need, 1), (bob, world.need, 2), (alice, world.gap, 1)):
        for _ in range(dots):
            ops.cast_vote(voter, board.pk, card)
    world.block = block
    return world


def test_cards_are_ranked_by_dots_within_each_kind(world):
    results = board_results(world.board, world.users.alice)
    needs = next(cards for kind, _label, cards in results.ranked if kind == "need")
    assert [(c["text"], c["votes"]) for c in needs] == [("Sprachkurse am Abend", 2), ("Fahrtkosten zur Berufsschule", 1)]


def test_clusters_sum_their_cards_dots_and_chains_follow_the_links(world):
    results = board_results(world.board, world.users.alice)
    [(cluster, dots, cards)] = results.clusters
    assert cluster["title"] == "Sprache und Familie" and dots == 3
    assert [c["text"] for c in cards] == ["Sprachkurse am Abend", "Keine Kinderbetreuung während der Kurse"]
    [chain] = results.chains
    assert chain.need["text"] == "Sprachkurse am Abend"
    assert [g["text"] for g in chain.gaps] == ["Keine Kinderbetreuung während der Kurse"]
    assert [d["text"] for d in chain.drafts] == ["Kurs mit Kinderbetreuung im Stadtteilzentrum"]


def test_the_counts_say_who_took_part_and_how_much(world):
    results = board_results(world.board, world.users.alice)
    assert results.people == 2  # Alice and Bob posted, commented or gave dots; the facilitator only moderated
    assert results.totals == {"cards": 4, "comments": 1, "dots": 4}
    assert dict(results.organisations_by_kind) == {"Träger": 1, "Jugendmigrationsdienst": 1}
    assert results.by_building_block == [("F9 Sprache im Beruf (Test)", 1)]


def results_url(world):
    return f"/boards/{world.board.pk}/results/"


@pytest.mark.parametrize("phase, member_sees", [(Board.Phase.COLLECT, False), (Board.Phase.VOTE, True), (Board.Phase.CLOSED, True)])
def test_participants_see_the_results_from_the_vote_phase_on(client, world, phase, member_sees):
    Board.objects.filter(pk=world.board.pk).update(phase=phase)
    client.force_login(world.users.alice)
    assert client.get(results_url(world)).status_code == (200 if member_sees else 404)
    client.force_login(world.users.facilitator)
    assert client.get(results_url(world)).status_code == 200  # facilitators at any time


def test_the_public_reads_the_results_once_the_board_is_published_without_names(client, world):
    assert client.get(results_url(world)).status_code == 404
    Board.objects.filter(pk=world.board.pk).update(phase=Board.Phase.CLOSED, visibility=Board.Visibility.PUBLIC)
    response = client.get(results_url(world), HTTP_ACCEPT_LANGUAGE="de")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sprachkurse am Abend" in html and "2 Punkte" in html and "1 Punkt" in html
    assert "Alice" not in html and "Bob" not in html
    assert "Bildungswerk Talblick (fiktiv)" in html  # organisations stay: they are the network's record
    assert '<th scope="row">F9 Sprache im Beruf (Test)</th><td>1</td>' in html
    assert '<th scope="row">Jugendmigrationsdienst</th><td>1</td>' in html


def test_a_member_never_sees_the_name_of_someone_who_chose_organisation_only(client, world):
    client.force_login(world.users.alice)
    html = client.get(results_url(world), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Keine Kinderbetreuung während der Kurse" in html
    assert "Bob" not in html
    assert "Jugendmigrationsdienst Brückenhaus (fiktiv)" in html


def test_the_board_page_links_to_its_results_when_they_may_be_seen(client, world):
    client.force_login(world.users.alice)
    assert results_url(world) in client.get(f"/boards/{world.board.pk}/").content.decode()
    Board.objects.filter(pk=world.board.pk).update(phase=Board.Phase.COLLECT)
    assert results_url(world) not in client.get(f"/boards/{world.board.pk}/").content.decode()


def test_user_text_is_escaped_on_the_results_page(client, world):
    Board.objects.filter(pk=world.board.pk).update(phase=Board.Phase.COLLECT)
    post(world.users.alice, world.board, "need", "<script>alert(1)</script> Kita")
    Board.objects.filter(pk=world.board.pk).update(phase=Board.Phase.VOTE)
    client.force_login(world.users.alice)
    html = client.get(results_url(world)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Kita" in html and "<script>alert(1)" not in html


def chart_url(world, name):
    return f"/boards/{world.board.pk}/results/{name}.svg"


def test_the_results_charts_are_svg_images_with_their_figures_and_no_script_allowed(client, world):
    client.force_login(world.users.alice)
    html = client.get(results_url(world), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    for name in ("clusters", "building-blocks"):
        assert f'src="{chart_url(world, name)}"' in html
    assert "target-groups.svg" not in html  # no card names a target group: no chart, no table
    assert client.get(chart_url(world, "target-groups")).status_code == 404
    response = client.get(chart_url(world, "clusters"), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert "Punkte je Cluster" in svg and "Sprache und Familie" in svg and ">3<" in svg
    policy = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'self'" in policy
    assert "script-src 'self' 'unsafe-inline'" not in policy
    blocks = client.get(chart_url(world, "building-blocks")).content.decode()
    assert ">F9<" in blocks  # by code; the table below names it in full


def test_a_chart_escapes_its_labels_and_follows_the_results_rules(client, world):
    cluster = ops.create_cluster(world.users.facilitator, world.board.pk, title='<script>alert(1)</script> & "Mehr"')
    ops.assign_cluster(world.users.facilitator, world.board.pk, world.other_need, cluster=cluster.id)
    client.force_login(world.users.alice)
    svg = client.get(chart_url(world, "clusters")).content.decode()
    assert "<script" not in svg  # neither the label nor pygal's own scripts
    assert "&lt;script&gt;alert(1)&lt;/script" in svg
    assert client.get(chart_url(world, "no-such-chart")).status_code == 404
    Board.objects.filter(pk=world.board.pk).update(phase=Board.Phase.COLLECT)
    assert client.get(chart_url(world, "clusters")).status_code == 404
    client.logout()
    assert client.get(chart_url(world, "clusters")).status_code == 404


def test_a_closed_board_shows_its_results_before_its_columns(client, world):
    Board.objects.filter(pk=world.board.pk).update(phase=Board.Phase.CLOSED, visibility=Board.Visibility.PUBLIC)
    html = client.get(f"/boards/{world.board.pk}/").content.decode()  # the public
    results = html.index('id="board-results-heading"')
    assert results < html.index('class="board-columns"')
    summary = html[results:html.index('class="board-columns"')]
    assert "Die meisten Punkte: Bedarf" in summary and "Sprachkurse am Abend" in summary
    assert summary.index("Sprachkurse am Abend") < summary.index("Fahrtkosten zur Berufsschule")  # 2 dots before 1
    assert "Sprache und Familie" in summary and "3 Punkte" in summary
    assert f'href="{results_url(world)}"' in summary


def test_while_the_room_still_votes_the_board_page_shows_no_frozen_results(client, world):
    client.force_login(world.users.alice)
    assert 'id="board-results-heading"' not in client.get(f"/boards/{world.board.pk}/").content.decode()


def test_a_card_typed_in_for_someone_names_them_not_the_facilitator_who_typed_it(client, world):
    Board.objects.filter(pk=world.board.pk).update(phase=Board.Phase.COLLECT)
    ops.create_card(world.users.facilitator, world.board.pk, client_id=uuid.uuid4(), kind="need",
                    text="Praktika im Gewerbegebiet", on_behalf=True, on_behalf_name="Claudia Hensel")
    Board.objects.filter(pk=world.board.pk).update(phase=Board.Phase.CLOSED, visibility=Board.Visibility.PUBLIC)
    client.force_login(world.users.alice)
    html = client.get(results_url(world), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    [line] = [item for item in html.split("<li>") if "Praktika im Gewerbegebiet" in item]
    assert "Claudia Hensel" in line and "Mona" not in line
    client.logout()
    assert "Claudia Hensel" not in client.get(results_url(world), HTTP_ACCEPT_LANGUAGE="de").content.decode()


def test_a_clusters_cards_say_their_dots_in_words_to_screen_readers(client, world):
    Board.objects.filter(pk=world.board.pk).update(phase=Board.Phase.CLOSED, visibility=Board.Visibility.PUBLIC)
    html = client.get(results_url(world), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    clusters = html.split('id="results-clusters"')[1]
    assert ('Sprachkurse am Abend <span class="results-ranking__dots"><span aria-hidden="true">(2)</span>'
            '<span class="visually-hidden">2 Punkte</span></span>') in clusters


def test_the_public_results_are_rendered_once_for_every_reader_and_follow_the_board(world):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    board, mona = world.board, world.users.facilitator
    Board.objects.filter(pk=board.pk).update(visibility=Board.Visibility.PUBLIC)
    ops.set_phase(mona, board.pk, phase=Board.Phase.CLOSED)

    def public():
        return Client(HTTP_ACCEPT_LANGUAGE="de").get(results_url(world)).content.decode()

    assert "2 Punkte" in public()
    public()  # the first view of a site creates its settings, which starts a new generation
    with CaptureQueriesContext(connection) as queries:
        again = public()
    assert "2 Punkte" in again and "Alice" not in again
    assert not [q for q in queries if '"ideas_vote"' in q["sql"]]  # the results are not read again

    # The vote reopened for one more dot: the next public reader sees it.
    ops.set_phase(mona, board.pk, phase=Board.Phase.VOTE)
    ops.cast_vote(world.users.alice, board.pk, world.need)
    ops.set_phase(mona, board.pk, phase=Board.Phase.CLOSED)
    assert "3 Punkte" in public()
    # A participant reads the board as they may (with names), never the public's kept part.
    member = Client(HTTP_ACCEPT_LANGUAGE="de")
    member.force_login(world.users.alice)
    assert "Alice" in member.get(results_url(world)).content.decode()
