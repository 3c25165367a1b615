"""The facilitation panel in Chromium: silent collect switched from the board, and the client
offering what the server allows (a facilitator marks "done writing" too)."""
import pytest
from playwright.sync_api import expect

from ideas.models import Board, BoardParticipant
from ideas.tests.conftest import make_board_world
from ideas.tests.test_board_browser import board_server, cards_with_text, open_board, post  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_facilitator_switches_silent_collect_on_the_board_and_the_room_hears_it(open_board):
    world = make_board_world()
    facilitator, _ = open_board(world.users.facilitator, world.board)
    alice, _ = open_board(world.users.alice, world.board)
    bob, _ = open_board(world.users.bob, world.board, viewport={"width": 390, "height": 844})
    post(alice, "Kinderbetreuung während des Kurses")
    expect(cards_with_text(bob, "Kinderbetreuung")).to_have_count(1)

    switch = facilitator.get_by_role("button", name="Stilles Sammeln: aus")
    expect(switch).to_have_attribute("aria-pressed", "false")
    switch.click()
    expect(facilitator.get_by_role("button", name="Stilles Sammeln: an")).to_have_attribute("aria-pressed", "true")
    # Bob no longer sees Alice's card, is told why, and hears it; Alice keeps hers; the facilitator sees all.
    expect(cards_with_text(bob, "Kinderbetreuung")).to_have_count(0)
    expect(bob.locator('[data-status="hidden"]')).to_contain_text("1 Karte")
    expect(bob.locator("#board-status")).to_contain_text("Stilles Sammeln ist an")
    expect(cards_with_text(alice, "Kinderbetreuung")).to_have_count(1)
    expect(cards_with_text(facilitator, "Kinderbetreuung")).to_have_count(1)
    assert Board.objects.get(pk=world.board.pk).silent_collect

    facilitator.get_by_role("button", name="Stilles Sammeln: an").click()
    expect(cards_with_text(bob, "Kinderbetreuung")).to_have_count(1)
    expect(bob.locator("#board-status")).to_contain_text("Stilles Sammeln ist aus")
    expect(bob.locator('[data-status="hidden"]')).to_be_hidden()


def test_members_do_not_get_the_switch(open_board):
    world = make_board_world()
    alice, _ = open_board(world.users.alice, world.board)
    expect(alice.locator("[data-silent-collect]")).to_have_count(0)


def test_a_facilitator_marks_done_writing_and_the_count_reaches_the_room(open_board):
    world = make_board_world()
    facilitator, _ = open_board(world.users.facilitator, world.board)
    alice, _ = open_board(world.users.alice, world.board)
    done = facilitator.get_by_role("button", name="Ich bin fertig mit Schreiben")
    expect(done).to_be_visible()
    done.click()
    expect(done).to_have_attribute("aria-pressed", "true")
    expect(alice.locator('[data-status="done"]')).to_contain_text("1 Person")
    assert BoardParticipant.objects.get(user=world.users.facilitator).done_writing


def test_what_a_member_may_do_follows_the_phase_without_a_reload(open_board):
    world = make_board_world()
    facilitator, _ = open_board(world.users.facilitator, world.board)
    alice, _ = open_board(world.users.alice, world.board)
    post(alice, "Eigene Karte")
    own = alice.locator(".board-card:not(.board-card--pending)", has=alice.locator(".board-card__text", has_text="Eigene Karte"))
    expect(own).to_have_count(1)
    own.locator("summary[data-focus=actions]").click()
    expect(own.get_by_role("button", name="Bearbeiten", exact=True)).to_be_visible()
    facilitator.get_by_label("Phase", exact=True).select_option("vote")
    facilitator.get_by_role("button", name="Phase setzen").click()
    # The server says: no more changes to cards in the vote phase, no more "done writing", dots now.
    expect(own.get_by_role("button", name="Punkt geben", exact=False)).to_be_visible()
    expect(own.get_by_role("button", name="Bearbeiten", exact=True)).to_have_count(0)
    expect(alice.get_by_role("button", name="Ich bin fertig mit Schreiben")).to_be_hidden()
