"""The live board's connection in Chromium, under attack: refusals, a server that keeps
dropping the socket, and a connection that goes silent. The page's timers run faster (an
init script), so minutes of backoff take a second; the WebSocket is routed through
Playwright, which refuses, drops or relays it."""
import json
import re
import time

import pytest
from playwright.sync_api import expect

from ideas.tests.conftest import make_board_world
from ideas.tests.test_board_browser import board_server, open_board  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SOCKET = re.compile(r"/ws/boards/\d+/")
SPEED_UP = 100

# Timers `speed` times faster; the delays the client asks for before reconnecting are kept.
FAST_TIMERS = """
(() => {
  const realTimeout = window.setTimeout.bind(window);
  const realInterval = window.setInterval.bind(window);
  window.reconnectDelays = [];
  window.setTimeout = (callback, ms = 0, ...rest) => {
    if (callback && callback.name === "connect") window.reconnectDelays.push(ms);
    return realTimeout(callback, ms / %(speed)d, ...rest);
  };
  window.setInterval = (callback, ms = 0, ...rest) => realInterval(callback, Math.max(1, ms / %(speed)d), ...rest);
})();
""" % {"speed": SPEED_UP}


def preparing(route, random=None, speed=SPEED_UP):
    def prepare(page):
        timers = FAST_TIMERS.replace(f"/ {SPEED_UP}", f"/ {speed}")
        page.add_init_script(timers + (f"Math.random = () => {random};" if random is not None else ""))
        page.route_web_socket(SOCKET, route)
    return prepare


def wait_until(page, expression, timeout=15):
    """Poll `expression` in the page (wait_for_function would evaluate a string, which the CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"not true within {timeout} s: {expression}"
        page.wait_for_timeout(50)  # lets Playwright run the socket routes meanwhile


@pytest.mark.parametrize(("code", "reconnects"), [(4403, False), (4404, False), (4000, True)])
def test_a_refused_board_is_never_asked_again_other_closes_are(open_board, code, reconnects):
    world = make_board_world()
    attempts = []

    def refuse(socket):
        attempts.append(socket.url)
        socket.close(code=code, reason="")

    page, _ = open_board(world.users.alice, world.board, prepare=preparing(refuse), connected=False)
    if reconnects:
        expect(page.locator("[data-connection]")).to_have_attribute("data-connection", "reconnecting")
        page.wait_for_timeout(1500)  # two and a half minutes for the page
        assert len(attempts) > 3
    else:
        expect(page.locator("[data-connection]")).to_have_attribute("data-connection", "refused")
        expect(page.locator("[data-connection-text]")).to_contain_text("nicht mehr teilnehmen")
        page.wait_for_timeout(1500)
        assert len(attempts) == 1
        expect(page.locator("[data-connection]")).to_have_attribute("data-connection", "refused")


@pytest.mark.parametrize(("random", "opens_first"), [(0.999999, False), (0.25, False), (0.999999, True)])
def test_a_server_that_keeps_dropping_the_socket_is_asked_again_ever_more_slowly(open_board, random, opens_first):
    """Exponential backoff with full jitter, capped at 30 s, also when each socket opens before it drops."""
    world = make_board_world()
    attempts = []

    def drop(socket):
        attempts.append(socket.url)
        if opens_first:
            # The handshake succeeds (the page sees the socket open), then the server goes away.
            server = socket.connect_to_server()
            server.on_message(lambda message: socket.close(code=1011, reason=""))
        else:
            socket.close(code=1011, reason="")

    page, _ = open_board(world.users.alice, world.board, prepare=preparing(drop, random), connected=False)
    wait_until(page, "window.reconnectDelays.length >= 9")
    delays = page.evaluate("window.reconnectDelays.slice(0, 9)")
    ceilings = [min(30000, 500 * 2 ** attempt) for attempt in range(9)]
    assert delays == pytest.approx([ceiling * random for ceiling in ceilings], abs=1)
    expect(page.locator("[data-connection]")).to_have_attribute("data-connection", "reconnecting")


def test_too_many_connections_is_asked_again_only_after_a_longer_wait(open_board):
    """4429 means "retry later": at least 15 s (a dead worker's sockets stop counting by then), plus the backoff."""
    world = make_board_world()

    def too_many(socket):
        socket.close(code=4429, reason="")

    page, _ = open_board(world.users.alice, world.board, prepare=preparing(too_many, 0.5), connected=False)
    wait_until(page, "window.reconnectDelays.length >= 3")
    delays = page.evaluate("window.reconnectDelays.slice(0, 3)")
    assert delays == pytest.approx([15000 + 0.5 * min(30000, 500 * 2 ** attempt) for attempt in range(3)], abs=1)
    expect(page.locator("[data-connection]")).to_have_attribute("data-connection", "reconnecting")


@pytest.mark.parametrize("code", [1012, 1013])
def test_a_brief_outage_is_asked_again_within_seconds_however_long_it_lasts(open_board, code):
    """1013 (Redis unreachable) and 1012 (restart): backoff with jitter, but never more than 4 s apart,
    so the room is back within seconds of the server, also after a long outage."""
    world = make_board_world()

    def outage(socket):
        socket.close(code=code, reason="")

    page, _ = open_board(world.users.alice, world.board, prepare=preparing(outage, 0.999999), connected=False)
    wait_until(page, "window.reconnectDelays.length >= 9")
    delays = page.evaluate("window.reconnectDelays.slice(0, 9)")
    ceilings = [min(4000, 500 * 2 ** attempt) for attempt in range(9)]
    assert delays == pytest.approx([ceiling * 0.999999 for ceiling in ceilings], abs=1)
    expect(page.locator("[data-connection]")).to_have_attribute("data-connection", "reconnecting")


@pytest.mark.parametrize(("answer_pings", "dead"), [(False, True), (True, False)])
def test_a_connection_that_stops_answering_pings_is_replaced(open_board, answer_pings, dead):
    world = make_board_world()
    attempts = []

    def relay(socket):
        attempts.append(socket.url)
        server = socket.connect_to_server()

        def from_page(message):
            if not answer_pings and json.loads(message).get("type") == "ping":
                return  # the network swallows it: no pong comes back
            server.send(message)

        socket.on_message(from_page)

    # Twenty times faster, not a hundred: an answered ping must get its pong within 0.5 s
    # through Playwright's relay, also on a busy machine.
    page, _ = open_board(world.users.alice, world.board, prepare=preparing(relay, speed=20))
    page.wait_for_timeout(3000)  # a minute of page time: two pings (every 25 s), each with 10 s for an answer
    if dead:
        assert len(attempts) >= 2
    else:
        assert len(attempts) == 1
        expect(page.locator("[data-connection]")).to_have_attribute("data-connection", "connected")
