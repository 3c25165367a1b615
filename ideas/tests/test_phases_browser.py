"""One button for the next phase, the phase stepper everyone sees, shortcuts, and the timer on a phone."""
import re

import pytest
from playwright.sync_api import expect

from ideas.models import Board
from ideas.tests.conftest import make_board_world
from ideas.tests.test_board_browser import board_server, open_board  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def current_step(page):
    return page.locator('.board-steps [aria-current="step"]')


def test_the_facilitator_moves_the_board_on_with_one_button_and_everyone_sees_the_step(open_board):
    world = make_board_world()
    desk, _ = open_board(world.users.facilitator, world.board)
    phone, _ = open_board(world.users.alice, world.board, viewport=PHONE)
    expect(current_step(phone)).to_contain_text("Sammeln")
    expect(phone.get_by_role("button", name="Nächste Phase: Aufdecken")).to_have_count(0)  # members only watch

    desk.get_by_role("button", name="Nächste Phase: Aufdecken").click()
    expect(current_step(phone)).to_contain_text("Aufdecken", timeout=10_000)
    expect(phone.locator(".board-steps__step--done")).to_have_count(1)
    expect(desk.get_by_role("button", name="Nächste Phase: Cluster")).to_be_visible()
    world.board.refresh_from_db()
    assert world.board.phase == Board.Phase.REVEAL


def test_shortcuts_are_off_until_switched_on_and_never_act_while_typing(open_board):
    world = make_board_world()
    desk, _ = open_board(world.users.facilitator, world.board)
    phone, _ = open_board(world.users.alice, world.board, viewport=PHONE)
    desk.locator("body").press("n")
    desk.wait_for_timeout(500)
    expect(current_step(desk)).to_contain_text("Sammeln")  # off by default

    desk.get_by_text("Tastenkürzel", exact=True).click()
    desk.get_by_label("Tastenkürzel auf diesem Gerät verwenden").check()
    desk.get_by_label("Ihre Karte").press_sequentially("n+n")  # typing a card
    desk.wait_for_timeout(500)
    expect(current_step(desk)).to_contain_text("Sammeln")
    assert desk.get_by_label("Ihre Karte").input_value() == "n+n"

    desk.locator("h1").click()  # out of the field
    desk.keyboard.press("+")
    # The timer runs for a minute, and on the phone it stays in sight wherever the page is scrolled.
    float_timer = phone.locator("[data-timer-float]")
    expect(float_timer).to_have_text(re.compile(r"^0[01]:[0-5][0-9]$"), timeout=10_000)
    phone.mouse.wheel(0, 4000)
    expect(float_timer).to_be_in_viewport()
    desk.keyboard.press("n")
    expect(current_step(phone)).to_contain_text("Aufdecken", timeout=10_000)
