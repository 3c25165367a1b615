"""The map of needs in Chromium: a visitor narrows it with the filters, reads the open needs first, opens the
needs with an answer, follows a need to where it came up; the filtered chart is drawn; at 390 px nothing is wider
than the screen."""
import uuid

import pytest

from ideas.board import operations as ops
from ideas.models import Board
from ideas.tests.conftest import make_board_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(site_tree, building_blocks):
    world = make_board_world()
    board, alice, bob, mona = world.board, world.users.alice, world.users.bob, world.users.facilitator
    Board.objects.filter(pk=board.pk).update(workshop=site_tree["kickoff"], visibility=Board.Visibility.PUBLIC)

    def post(user, kind, text, block, **fields):
        return ops.create_card(user, board.pk, client_id=uuid.uuid4(), kind=kind, text=text,
                               building_block=building_blocks[block].pk, **fields).id

    world.open_f1 = post(alice, "need", "Fahrtkosten zur Berufsschule", "F1")
    answered = post(alice, "need", "Wohnung in Betriebsnähe", "F1")
    gap = post(bob, "gap", "Kein Wohnheim für Auszubildende", "F1")
    ops.link_cards(bob, board.pk, gap, to_card=answered, relation="answers")
    post(bob, "need", "Sprachkurse am Abend", "F2", tags=["Sprache"])
    ops.set_phase(mona, board.pk, phase=Board.Phase.VOTE)
    ops.set_phase(mona, board.pk, phase=Board.Phase.CLOSED)
    world.site_tree = site_tree
    return world


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_a_visitor_filters_the_map_by_building_block_and_topic(page, published):
    page.goto("/")
    page.locator("header nav").get_by_role("link", name="Ergebnisse", exact=True).click()
    assert page.locator("h1").inner_text() == "Ergebnisse"
    assert page.get_by_role("heading", name="F1 Individuelles Coaching").is_visible()
    assert page.get_by_role("heading", name="F2 Qualifizierung und Sprachförderung").is_visible()

    page.get_by_label("Förderbaustein", exact=True).select_option(label="F2 – Qualifizierung und Sprachförderung")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url("**/ergebnisse/?*block=F2*")
    assert page.get_by_text("Sprachkurse am Abend").is_visible()
    assert page.get_by_text("Fahrtkosten zur Berufsschule").count() == 0
    assert page.get_by_role("heading", name="F1 Individuelles Coaching").count() == 0
    # The chart of what is left is drawn (an image that loaded), its alternative says where the figures are.
    chart = page.get_by_role("img", name="Balkendiagramm der Bedarfe dieses Förderbausteins nach Stand der Antwort. "
                                          "Die Zahlen stehen in der folgenden Tabelle.")
    assert chart.count() == 1
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")

    page.get_by_role("link", name="Filter zurücksetzen").click()
    page.get_by_label("Thema").select_option(label="Sprache")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url("**tag=sprache*")
    assert page.get_by_text("Sprachkurse am Abend").is_visible()
    assert page.get_by_text("Wohnung in Betriebsnähe").count() == 0


def test_open_needs_first_and_a_need_leads_to_its_board(page, published):
    page.goto(published.site_tree["needs_map"].url)
    f1 = page.locator("#block-f1")
    assert f1.get_by_text("Fahrtkosten zur Berufsschule").is_visible()
    answered = f1.get_by_text("Wohnung in Betriebsnähe")
    assert not answered.is_visible()  # folded under "1 Bedarf mit Antwort"
    f1.get_by_text("1 Bedarf mit Antwort").click()
    assert answered.is_visible()
    assert f1.get_by_role("link", name="Kein Wohnheim für Auszubildende").first.is_visible()

    f1.get_by_role("link", name="Auftaktworkshop", exact=False).first.click()
    page.wait_for_url(f"**/boards/{published.board.pk}/#card-{published.open_f1}")
    assert page.locator(f"#card-{published.open_f1}").get_by_text("Fahrtkosten zur Berufsschule").is_visible()


def test_the_map_fits_a_phone(chromium, live_server, published):
    context = chromium.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(published.site_tree["needs_map"].url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_by_label("Förderbaustein", exact=True).is_visible()
    context.close()
