"""The public map of needs ("Ergebnisse"): every published board's needs and service gaps by building
block, open ones first, a need that came up again counted once, filters, a chart per building block."""
import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ideas.board import operations as ops
from ideas.models import Board, SameTopicLink
from ideas.outcomes.promotion import promote_cluster
from ideas.tests.conftest import make_board_world
from network.models import TargetGroup
from workshops.models import WorkshopPage


def post(user, board, kind, text, **fields):
    return ops.create_card(user, board.pk, client_id=uuid.uuid4(), kind=kind, text=text, **fields).id


def close(world, board):
    mona = world.users.facilitator
    ops.set_phase(mona, board.pk, phase=Board.Phase.VOTE)
    ops.set_phase(mona, board.pk, phase=Board.Phase.CLOSED)


@pytest.fixture
def world(site_tree, building_blocks):
    """The kick-off's published board with a need of every status, and the language lab's board."""
    world = make_board_world()
    board, alice, bob, mona = world.board, world.users.alice, world.users.bob, world.users.facilitator
    Board.objects.filter(pk=board.pk).update(workshop=site_tree["kickoff"], visibility=Board.Visibility.PUBLIC)
    board.refresh_from_db()
    youth = TargetGroup.objects.create(name="Junge Geflüchtete ohne Schulabschluss")
    f1, f2 = building_blocks["F1"].pk, building_blocks["F2"].pk
    world.open_need = post(alice, board, "need", "Fahrtkosten zur Berufsschule", building_block=f1, target_group=youth.pk)
    world.gap_need = post(alice, board, "need", "Wohnung in Betriebsnähe", building_block=f1)
    world.gap = post(bob, board, "gap", "Kein Wohnheim für Auszubildende", building_block=f1, display="organisation_only")
    world.drafted_need = post(alice, board, "need", "Sprachkurse am Abend", building_block=f2, tags=["Sprache"])
    world.draft = post(alice, board, "draft", "Abendkurs im Stadtteilzentrum", building_block=f2)
    world.paper_need = post(bob, board, "need", "Mentoring im Betrieb", building_block=f1)
    ops.link_cards(bob, board.pk, world.gap, to_card=world.gap_need, relation="answers")
    ops.link_cards(alice, board.pk, world.draft, to_card=world.drafted_need, relation="addresses")
    cluster = ops.create_cluster(mona, board.pk, title="Mentoring").id
    ops.assign_cluster(mona, board.pk, world.paper_need, cluster=cluster)
    close(world, board)
    paper = promote_cluster(mona, board.pk, cluster).paper
    paper.save_revision().publish()
    world.paper = paper

    # The language lab's board: one need again, one of its own; published as well.
    world.lab_board = Board.objects.create(
        workshop=site_tree["language_lab"], title="Sprache im Betrieb", visibility=Board.Visibility.PUBLIC)
    world.again = post(bob, world.lab_board, "need", "Fahrtkosten zu Berufsschule und Kurs", building_block=f1)
    world.lab_need = post(bob, world.lab_board, "need", "Fachsprache Pflege", building_block=f2, target_group=youth.pk)
    close(world, world.lab_board)
    SameTopicLink.objects.create(card_id=world.again, earlier_card_id=world.open_need, created_by=bob)

    world.site_tree, world.blocks, world.youth = site_tree, building_blocks, youth
    return world


def read(path="/ergebnisse/", **params):
    response = Client(HTTP_ACCEPT_LANGUAGE="de").get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def section(html, slug):
    """The HTML of one building block's section."""
    start = html.index(f'id="block-{slug}"')
    end = html.find('<section class="section needs-map__block"', start)
    return html[start:end if end != -1 else None]


def open_part(html):
    """A section's list of open needs (before the folded needs with an answer)."""
    start = html.index("Offene Bedarfe")
    end = html.find("<details", start)
    return html[start:end if end != -1 else None]


def test_the_map_is_in_the_main_navigation(world):
    html = read("/")
    assert re.search(r'<a class="main-nav__link" href="/ergebnisse/">Ergebnisse</a>', html)


def test_open_needs_come_first_and_each_need_says_what_answers_it(world):
    f1 = section(read(), "f1")
    # Open: nothing answers it. Its recurrence on the lab board is the same topic, counted once.
    assert "Fahrtkosten zur Berufsschule" in open_part(f1)
    assert "Wohnung in Betriebsnähe" not in open_part(f1)
    answered = f1[f1.index("<details"):]
    assert f1.index("Fahrtkosten zur Berufsschule") < f1.index("Wohnung in Betriebsnähe") < f1.index("Mentoring im Betrieb")
    assert "Angebotslücke benannt" in answered and "Kein Wohnheim für Auszubildende" in answered
    assert world.paper.title in answered and f'href="{world.paper.url}"' in answered
    f2 = section(read(), "f2")
    assert "Abendkurs im Stadtteilzentrum" in f2[f2.index("Sprachkurse am Abend"):]
    # The lab's need has no answer: open.
    assert "Fachsprache Pflege" in open_part(f2)


def test_a_need_that_came_up_again_is_one_topic_with_both_sessions(world):
    html = read()
    f1 = section(html, "f1")
    assert "Fahrtkosten zu Berufsschule und Kurs" not in html  # shown in its first wording
    entry = f1[f1.index("Fahrtkosten zur Berufsschule"):f1.index("</li>", f1.index("Fahrtkosten zur Berufsschule"))]
    assert "Kam vor in:" in entry
    assert world.site_tree["kickoff"].title in entry and world.site_tree["language_lab"].title in entry
    assert f'href="/boards/{world.board.pk}/#card-{world.open_need}"' in entry
    assert f'href="/boards/{world.lab_board.pk}/#card-{world.again}"' in entry
    # 6 needs on the boards, 5 topics; open: the recurring one and the lab's own.
    text = " ".join(html.split())
    assert "Von 5 Bedarfen auf den veröffentlichten Boards sind 2 noch offen" in text
    assert "1 kam in mehr als einer Sitzung vor und zählt einmal" in text


def test_only_published_boards_of_public_workshops_count_and_no_author_is_named(world):
    mona, alice = world.users.facilitator, world.users.alice
    members_only = Board.objects.create(workshop=world.site_tree["kickoff"], title="Intern")
    post(alice, members_only, "need", "Interner Bedarf")
    close(world, members_only)
    with_deleted = Board.objects.create(
        workshop=world.site_tree["kickoff"], title="Mit gelöschter Karte", visibility=Board.Visibility.PUBLIC)
    ops.delete_card(mona, with_deleted.pk, post(alice, with_deleted, "need", "Gelöschter Bedarf"))
    close(world, with_deleted)
    still_open = Board.objects.create(
        workshop=world.site_tree["kickoff"], title="Läuft noch", visibility=Board.Visibility.PUBLIC)
    post(alice, still_open, "need", "Bedarf aus laufender Sitzung")
    html = read()
    assert "Interner Bedarf" not in html and "Bedarf aus laufender Sitzung" not in html and "Gelöschter Bedarf" not in html
    for user in vars(world.users).values():
        assert user.first_name not in html if user.first_name else True
    assert "Jugendmigrationsdienst Brückenhaus" not in html  # no organisation either: the map names no one

    WorkshopPage.objects.filter(pk=world.site_tree["language_lab"].pk).update(live=False)
    assert "Fachsprache Pflege" not in read()


def test_user_text_is_escaped(world):
    board = Board.objects.create(workshop=world.site_tree["kickoff"], title="Noch eins", visibility=Board.Visibility.PUBLIC)
    post(world.users.alice, board, "need", "<img src=x onerror=alert(1)>")
    close(world, board)
    html = read()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize("params, shown, hidden", [
    ({"block": "F2"}, ["Sprachkurse am Abend", "Fachsprache Pflege"], ["Wohnung in Betriebsnähe"]),
    ({"target_group": "youth"}, ["Fahrtkosten zur Berufsschule", "Fachsprache Pflege"], ["Sprachkurse am Abend"]),
    ({"workshop": "language_lab"}, ["Fachsprache Pflege", "Fahrtkosten zur Berufsschule"], ["Mentoring im Betrieb"]),
    ({"tag": "sprache"}, ["Sprachkurse am Abend"], ["Fachsprache Pflege", "Mentoring im Betrieb"]),
])
def test_filters_keep_the_topics_with_a_matching_card(world, params, shown, hidden):
    values = {"youth": world.youth.pk, "language_lab": world.site_tree["language_lab"].pk}
    html = read(**{name: values.get(value, value) for name, value in params.items()})
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html
    assert "Filter zurücksetzen" in html


def test_a_filter_value_not_offered_is_shown_as_an_error_and_filters_nothing(world):
    html = read(block="F9", workshop="abc")
    assert html.count('class="field__error"') == 2
    assert "Mentoring im Betrieb" in html and "Fachsprache Pflege" in html


def test_each_building_block_has_a_chart_with_its_table(world):
    html = section(read(), "f1")
    chart_url = re.search(r'<img src="([^"]+)"', html).group(1)
    assert chart_url == "/boards/needs-map/f1.svg"
    table = html[html.index("<table"):html.index("</table>")]
    assert re.search(r"<th scope=\"row\">Offen</th><td>1</td>", table)
    assert re.search(r"<th scope=\"row\">Konzeptpapier</th><td>1</td>", table)
    response = Client().get(chart_url)
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert "<svg" in svg and "<script" not in svg
    assert "script-src" not in response["Content-Security-Policy"] or "'unsafe-inline'" not in re.search(
        r"script-src[^;]*", response["Content-Security-Policy"]).group(0)
    assert Client().get("/boards/needs-map/f5.svg").status_code == 404  # no card of F5


def test_the_chart_follows_the_filters(world):
    # With the workshop filter on the lab, F1 holds only the recurring need: one open, no paper.
    html = section(read(workshop=world.site_tree["language_lab"].pk), "f1")
    assert f'/boards/needs-map/f1.svg?workshop={world.site_tree["language_lab"].pk}' in html
    table = html[html.index("<table"):html.index("</table>")]
    assert re.search(r"<th scope=\"row\">Offen</th><td>1</td>", table)
    assert re.search(r"<th scope=\"row\">Konzeptpapier</th><td>0</td>", table)


def test_the_map_takes_as_many_queries_for_many_cards_as_for_few(world):
    def queries():
        client = Client()
        # Twice: the first view of a site creates its settings row, which clears the cached navigation.
        client.get("/ergebnisse/")
        client.get("/ergebnisse/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ergebnisse/").status_code == 200
        return len(captured)

    few = queries()
    board = Board.objects.create(workshop=world.site_tree["kickoff"], title="Viele", visibility=Board.Visibility.PUBLIC)
    ids = [post(world.users.alice, board, "need", f"Bedarf {i}", building_block=world.blocks["F3"].pk, tags=[f"t{i}"])
           for i in range(20)]
    for i, card in enumerate(ids[:10]):
        gap = post(world.users.bob, board, "gap", f"Lücke {i}", building_block=world.blocks["F3"].pk)
        ops.link_cards(world.users.bob, board.pk, gap, to_card=card, relation="answers")
    close(world, board)
    assert queries() == few


def test_the_map_is_built_once_and_again_when_a_published_board_changes(world):
    """The map part of the page is kept (the same for every reader of these filters); what changes it is shown next time."""
    def view():
        client = Client(HTTP_ACCEPT_LANGUAGE="de")
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/ergebnisse/").content.decode()
        return html, [q["sql"] for q in captured]

    view()
    first, _queries = view()
    again, queries = view()
    assert again.count("needs-map__topic ") == first.count("needs-map__topic ")
    assert not any('"ideas_vote"' in sql for sql in queries)  # the cards and their dots are not read again
    assert "Fahrtkosten zur Berufsschule" in open_part(section(again, "f1"))

    # A board published later: its open need is on the map at once.
    board = Board.objects.create(workshop=world.site_tree["kickoff"], title="Nachtrag", visibility=Board.Visibility.PUBLIC)
    post(world.users.bob, board, "need", "Ausbildung in Teilzeit", building_block=world.blocks["F1"].pk)
    close(world, board)
    changed, _queries = view()
    assert "Ausbildung in Teilzeit" in open_part(section(changed, "f1"))
    assert "Ausbildung in Teilzeit" not in again


def test_readers_of_other_filters_or_languages_get_their_own_map(world):
    german = read()
    filtered = read(workshop=world.site_tree["language_lab"].pk)
    assert "Wohnung in Betriebsnähe" in german and "Wohnung in Betriebsnähe" not in filtered
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/ergebnisse/").content.decode()
    assert "Open needs" in english and "Offene Bedarfe" not in english
