"""The live board in a real room: what broke in a workshop with a facilitator and two members,
one of them on a 390 px phone, all at once (Chromium, one browser context per person)."""
import uuid

import pytest
from playwright.sync_api import expect

from ideas.board import operations as ops
from ideas.models import Board, Card
from ideas.tests.conftest import make_board_world
from ideas.tests.test_board_browser import board_server, cards_with_text, open_board, post  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PROMPT = (
    "Was hält junge geflüchtete Mütter in Talstadt heute davon ab, einen Sprach- oder Vorbereitungskurs "
    "zu besuchen – und welche Betreuungslösungen kennen Sie schon? Sammeln Sie bis zur Ideenwerkstatt "
    "Bedarfe, Angebotslücken und erste Ideen, eine Karte pro Gedanke."
)


def phase_select(page):
    return page.get_by_label("Phase", exact=True)


def card(page, text):
    return page.locator(".board-card:not(.board-card--pending)", has=page.locator(".board-card__text", has_text=text))


def test_the_facilitators_phase_choice_survives_other_peoples_events(open_board):
    world = make_board_world()
    facilitator, _ = open_board(world.users.facilitator, world.board)
    member, _ = open_board(world.users.alice, world.board)

    phase_select(facilitator).select_option("closed")
    facilitator.evaluate("document.activeElement.blur()")  # on the way to the button
    post(member, "Beratung auch am Samstag")
    expect(cards_with_text(facilitator, "Beratung auch am Samstag")).to_have_count(1)
    member.reload()  # someone reconnects: presence changes
    expect(facilitator.locator("[data-people]")).to_contain_text("Alice", timeout=5000)

    expect(phase_select(facilitator)).to_have_value("closed")
    facilitator.get_by_role("button", name="Phase setzen").click()
    expect(member.locator('[data-status="phase"]')).to_have_text("Phase: Abgeschlossen")
    world.board.refresh_from_db()
    assert world.board.phase == Board.Phase.CLOSED


def test_after_a_card_for_someone_else_the_facilitators_next_card_is_their_own(open_board):
    world = make_board_world()
    facilitator, _ = open_board(world.users.facilitator, world.board)
    appears_as = facilitator.locator("[data-post-as]")
    expect(appears_as).to_have_text("Ihre Karte erscheint als: Mona · Bildungswerk Talblick (fiktiv)")

    facilitator.get_by_text("Für eine Person ohne Gerät", exact=True).click()
    facilitator.get_by_label("Für eine Person ohne Gerät eingetragen").check()
    facilitator.get_by_label("Name der Person (optional)").fill("Samira")
    expect(appears_as).to_have_text("Ihre Karte erscheint als: eingetragen für Samira")
    post(facilitator, "Kinderbetreuung während des Kurses")
    expect(card(facilitator, "Kinderbetreuung während").locator(".board-card__byline")).to_have_text("eingetragen für Samira")

    # The on-behalf fields are cleared, and the form says so before the next card is sent.
    expect(facilitator.get_by_label("Für eine Person ohne Gerät eingetragen")).not_to_be_checked()
    expect(facilitator.get_by_label("Name der Person (optional)")).to_have_value("")
    expect(appears_as).to_have_text("Ihre Karte erscheint als: Mona · Bildungswerk Talblick (fiktiv)")
    post(facilitator, "Fahrtkosten werden nicht übernommen")
    expect(card(facilitator, "Fahrtkosten").locator(".board-card__byline")).to_have_text("Mona · Bildungswerk Talblick (fiktiv)")
    own = Card.objects.get(text__startswith="Fahrtkosten")
    assert (own.entered_on_behalf, own.on_behalf_name) == (False, "")


def _page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("width", [320, 390])
def test_no_board_state_scrolls_sideways_on_a_phone(open_board, width):
    world = make_board_world(prompt=PROMPT)
    long_text = "Eine sehr lange Karte über Kinderbetreuung während der Sprachkurse im Familienzentrum am Markt"
    for kind, text in [("need", long_text), ("need", "Kurse am Abend"), ("gap", "Keine Kita in der Nähe des Kurses"),
                       ("draft", "Kurs mit Kinderbetreuung im gleichen Haus"), ("need", "Unterschriftsberechtigungfehlt" * 3)]:
        ops.create_card(world.users.alice, world.board.pk, client_id=uuid.uuid4(), kind=kind, text=text)
    ops.set_phase(world.users.facilitator, world.board.pk, phase="cluster")
    ops.create_cluster(world.users.facilitator, world.board.pk, title="Kinderbetreuung und Wege zum Kursort am Abend")
    viewport = {"width": width, "height": 800}
    facilitator, _ = open_board(world.users.facilitator, world.board, viewport=viewport)
    member, _ = open_board(world.users.alice, world.board, viewport=viewport)

    for page in (facilitator, member):
        assert _page_width(page) <= width, "the board as loaded"
        menu = card(page, "Eine sehr lange Karte").locator("summary", has_text="Bearbeiten, verschieben")
        menu.click()
        expect(card(page, "Eine sehr lange Karte").get_by_role("button", name="Cluster zuordnen")).to_be_visible()
        assert _page_width(page) <= width, "with a card's menu open"
        card(page, "Eine sehr lange Karte").get_by_role("button", name="Bearbeiten", exact=True).click()
        assert _page_width(page) <= width, "with a card being edited"
        card(page, "Kurse am Abend").locator("summary", has_text="Kommentare").click()
        assert _page_width(page) <= width, "with comments open"
        expect(page.locator("[data-clusters]")).to_be_visible()
        box = page.locator("[data-clusters]").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the cluster panel"
    facilitator.get_by_text("Gelöschte Karten").click()
    assert _page_width(facilitator) <= width, "with the facilitation panel open"


def test_on_a_phone_posting_is_on_the_first_screen_and_a_saved_card_is_confirmed_visibly(open_board):
    world = make_board_world(prompt=PROMPT)
    page, _ = open_board(world.users.bob, world.board, viewport=PHONE)

    # The text field is on the first screen, with room to tap and see the first lines typed.
    text_box = page.get_by_label("Ihre Karte").bounding_box()
    assert text_box["y"] + 60 <= PHONE["height"], text_box
    post(page, "Kursorte sind mit dem Bus schwer zu erreichen")
    saved = page.locator("[data-post] [data-post-saved]")
    expect(saved).to_be_visible()
    expect(saved).to_contain_text("Ihre Karte ist gespeichert")
    # Confirmed where the thumb is, not only for screen readers: the note is (once the new card
    # is drawn, which may move the page) wholly inside the viewport.
    expect(saved).to_be_in_viewport(ratio=1)


def test_a_phase_change_keeps_the_focus_and_the_text_of_someone_typing(open_board):
    world = make_board_world()
    ops.create_card(world.users.bob, world.board.pk, client_id=uuid.uuid4(), kind="need", text="Kurse am Abend")
    member, _ = open_board(world.users.alice, world.board)
    facilitator, _ = open_board(world.users.facilitator, world.board)

    member.get_by_label("Ihre Karte").click()
    member.keyboard.type("Halb geschrieben: Kinder")
    facilitator.get_by_label("Phase", exact=True).select_option("reveal")
    facilitator.get_by_role("button", name="Phase setzen").click()
    expect(member.locator('[data-status="phase"]')).to_have_text("Phase: Aufdecken")
    member.keyboard.type("betreuung")
    expect(member.get_by_label("Ihre Karte")).to_have_value("Halb geschrieben: Kinderbetreuung")
    assert member.evaluate("document.activeElement.id") == "id_text"
    # Sending it now says why it waits, and keeps the text.
    member.get_by_role("button", name="Karte posten").click()
    expect(member.locator("[data-text-error]")).to_have_text("Karten können während der Sammelphase gepostet werden.")
    expect(member.get_by_label("Ihre Karte")).to_have_value("Halb geschrieben: Kinderbetreuung")
    assert not Card.objects.filter(text__startswith="Halb geschrieben").exists()

    # Typing a comment on a card that is re-rendered by the next phase change.
    comments = card(member, "Kurse am Abend")
    comments.locator("summary", has_text="Kommentare").click()
    comments.get_by_label("Ihr Kommentar").click()
    member.keyboard.type("Auch samstags")
    facilitator.get_by_label("Phase", exact=True).select_option("cluster")
    facilitator.get_by_role("button", name="Phase setzen").click()
    expect(member.locator('[data-status="phase"]')).to_have_text("Phase: Cluster")
    member.keyboard.type(" und sonntags")
    expect(card(member, "Kurse am Abend").get_by_label("Ihr Kommentar")).to_have_value("Auch samstags und sonntags")

    # Renaming a cluster while someone else creates one.
    facilitator.get_by_label("Neuer Cluster").fill("Wege")
    facilitator.get_by_role("button", name="Cluster anlegen").click()
    rename = member.get_by_label("Neuer Titel für Wege")
    rename.click()
    member.keyboard.press("End")
    member.keyboard.type(" zum Kurs")
    facilitator.get_by_label("Neuer Cluster").fill("Zeiten")
    facilitator.get_by_role("button", name="Cluster anlegen").click()
    expect(member.locator(".board-cluster__title", has_text="Zeiten")).to_have_count(1)
    member.keyboard.type(" und zurück")
    expect(member.get_by_label("Neuer Titel für Wege")).to_have_value("Wege zum Kurs und zurück")
