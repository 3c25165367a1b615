"""How the board page starts on a slow link, in Chromium: the socket opened by the page's head is the
one the client uses (with what it heard before the client ran), and the modules needed only once
the board is live come after the first sync and still work."""
import json
import re

import pytest
from playwright.sync_api import expect

from ideas.tests.conftest import make_board_world, session_cookie
from ideas.tests.test_board_browser import board_server, cards_with_text, open_board, post  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN_MODULE = re.compile(r"/static/js/board/main(\.\w+)?\.js$")
LATER_MODULES = ("timer", "phases", "drag", "guests", "proxy", "same_topic")


def test_the_socket_opened_by_the_head_is_kept_with_what_it_heard_before_the_client_ran(open_board, chromium, board_server):
    world = make_board_world()
    bob, _ = open_board(world.users.bob, world.board)
    held, sockets, frames, errors = [], [], [], []
    context = chromium.new_context(base_url=board_server, locale="de-DE")
    context.add_cookies([{"name": "sessionid", "value": session_cookie(world.users.alice).split("=", 1)[1], "url": board_server}])
    alice = context.new_page()
    alice.on("pageerror", lambda error: errors.append(error))
    # The entry module waits until the test lets it through: meanwhile only socket_start.js runs.
    alice.route(MAIN_MODULE, lambda route: held.append(route))
    alice.on("websocket", lambda socket: (sockets.append(socket), socket.on("framereceived", lambda frame: frames.append(frame))))
    alice.goto(f"/boards/{world.board.pk}/", wait_until="commit")
    alice.wait_for_function("() => document.readyState !== 'loading'")
    assert held, "main.js was not asked for"

    def heard(predicate):
        alice.wait_for_timeout(50)
        for _ in range(200):
            if any(predicate(json.loads(frame)) for frame in frames):
                return
            alice.wait_for_timeout(50)
        raise AssertionError(f"not heard: {frames}")

    heard(lambda message: message["type"] == "synced")
    post(bob, "Nachmittagskurse für Schichtarbeitende")
    heard(lambda message: message.get("name") == "card.created")
    # Not shown yet: nothing but the socket runs on alice's page.
    expect(alice.locator("[data-connection]")).to_have_attribute("data-connection", "static")

    held[0].continue_()
    expect(alice.locator("[data-connection]")).to_have_attribute("data-connection", "connected")
    expect(cards_with_text(alice, "Nachmittagskurse für Schichtarbeitende")).to_have_count(1)
    assert len(sockets) == 1  # the early one, not a second
    # And it goes on working: a card of alice's reaches bob.
    post(alice, "Kinderbetreuung am Abend")
    expect(cards_with_text(bob, "Kinderbetreuung am Abend")).to_have_count(1)
    assert not errors
    context.close()


def test_what_the_board_needs_only_once_live_comes_after_the_first_sync_and_works(open_board):
    world = make_board_world()
    events = []  # ("synced" | module name), in the order the browser saw them

    def prepare(page):
        def on_socket(socket):
            socket.on("framereceived", lambda frame: events.append("synced") if '"synced"' in frame else None)
        page.on("websocket", on_socket)
        page.on("request", lambda request: events.append(re.sub(r"(\.[0-9a-f]{12})?\.js$", "", request.url.rsplit("/", 1)[-1]))
                if "/js/board/" in request.url else None)

    page, _ = open_board(world.users.facilitator, world.board, prepare=prepare)
    # The guests' panel is drawn by guests.js, loaded after the sync.
    expect(page.locator("[data-guests]")).to_be_visible()
    first_sync = events.index("synced")
    for name in LATER_MODULES:
        assert name in events and events.index(name) > first_sync, (name, events)
    assert events.index("cards") < first_sync and events.index("connection") < first_sync
    # The phase steps (phases.js) follow the board, the guests' panel (guests.js) acts.
    page.get_by_label("Phase", exact=True).select_option("vote")
    page.get_by_role("button", name="Phase setzen").click()
    expect(page.locator('[data-step="vote"]')).to_have_attribute("aria-current", "step")
    page.get_by_role("button", name="Gastzugang öffnen").click()
    expect(page.locator("[data-guest-code]")).not_to_be_empty()

