"""The projector's view in Chromium at 1920×1080: how to join while collecting, new cards live, no dots
during a secret vote, the results once the board is closed; the facilitator drives from the laptop."""
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from ideas.board import operations as ops
from ideas.models import Board, Card
from ideas.tests.conftest import make_board_world, session_cookie
from ideas.tests.test_board_browser import board_server, open_board  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def open_beamer(chromium, board_server, user, board):
    context = chromium.new_context(base_url=board_server, locale="de-DE", viewport={"width": 1920, "height": 1080})
    context.add_cookies([{"name": "sessionid", "value": session_cookie(user).split("=", 1)[1], "url": board_server}])
    page = context.new_page()
    page.goto(f"/boards/{board.pk}/beamer/")
    expect(page.locator("[data-connection]")).to_have_attribute("data-connection", "connected")
    return page, context


def test_the_beamer_follows_the_board_live_large_and_keeps_a_secret_vote_secret(open_board, chromium, board_server):
    world = make_board_world(secret_vote=True)
    ops.open_guest_access(world.users.facilitator, world.board.pk)
    desk, _ = open_board(world.users.facilitator, world.board)
    beamer, context = open_beamer(chromium, board_server, world.users.facilitator, world.board)
    phone, _ = open_board(world.users.alice, world.board, viewport=PHONE)

    # Collecting: how to join, large.
    join = beamer.locator("[data-beamer-join]")
    expect(join).to_contain_text("Code:")
    assert beamer.locator("[data-beamer-qr]").evaluate("image => image.complete && image.naturalWidth") > 0
    expect(beamer.get_by_role("button")).to_have_count(0)  # no controls on the beamer
    results = Axe().run(beamer, options=WCAG)
    assert results.violations_count == 0, results.generate_report()

    phone.get_by_label("Ihre Karte").fill("Abendkurse mit Kinderbetreuung")
    phone.get_by_role("radio", name="Bedarf", exact=True).check()
    phone.get_by_role("button", name="Karte posten").click()
    text = beamer.locator(".beamer-card__text", has_text="Abendkurse mit Kinderbetreuung")
    expect(text).to_be_visible(timeout=10_000)
    assert float(text.evaluate("element => getComputedStyle(element).fontSize").removesuffix("px")) >= 28

    # A secret vote: the room votes, the beamer shows no dots until the facilitator ends the vote.
    ops.set_phase(world.users.facilitator, world.board.pk, phase=Board.Phase.VOTE)
    card = Card.objects.get(text="Abendkurse mit Kinderbetreuung")
    ops.cast_vote(world.users.alice, world.board.pk, card.pk)
    ops.cast_vote(world.users.bob, world.board.pk, card.pk)
    expect(beamer.locator('[data-beamer="phase"]')).to_contain_text("verdeckte Abstimmung", timeout=10_000)
    expect(join).to_be_hidden()
    expect(beamer.locator(".beamer-card__dots")).to_have_count(0)
    expect(phone.locator(".board-card__votes")).to_contain_text("Verdeckte Abstimmung")

    desk.get_by_role("button", name="Nächste Phase: Abgeschlossen").click()
    expect(beamer.locator("[data-beamer-results]")).to_contain_text("2 Punkte", timeout=10_000)
    expect(phone.locator(".board-card__votes")).to_contain_text("2 Punkte", timeout=10_000)
    context.close()


def test_the_beamer_groups_cards_by_cluster(open_board, chromium, board_server):
    world = make_board_world()
    mona = world.users.facilitator
    for text in ("Kita-Plätze fehlen", "Fahrtkosten"):
        ops.create_card(world.users.alice, world.board.pk, client_id=uuid.uuid4(), kind="need", text=text)
    ops.set_phase(mona, world.board.pk, phase=Board.Phase.CLUSTER)
    cluster = ops.create_cluster(mona, world.board.pk, title="Betreuung").id
    beamer, context = open_beamer(chromium, board_server, mona, world.board)
    ops.assign_cluster(mona, world.board.pk, Card.objects.get(text="Kita-Plätze fehlen").pk, cluster=cluster)
    group = beamer.locator(".beamer__cluster", has=beamer.get_by_role("heading", name="Betreuung"))
    expect(group.locator(".beamer-card__text")).to_have_text(["Kita-Plätze fehlen"], timeout=10_000)
    expect(beamer.locator(".beamer__column--need > .beamer__cards .beamer-card__text")).to_have_text(["Fahrtkosten"])
    context.close()
