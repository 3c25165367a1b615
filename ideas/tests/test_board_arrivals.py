"""Sockets arriving at a board together: each gets its own answer, the limit holds, and they share trips."""
import asyncio
import json

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from ideas.board import arrivals, presence
from ideas.board import operations as ops
from ideas.board.arrivals import Arrival, Arrivals
from ideas.models import Board, BoardConnection
from ideas.tests.conftest import BoardClient, card_fields

pytestmark = pytest.mark.django_db(transaction=True)


def session_of(world, name):
    """The session a socket of this person carries (None: nobody signed in)."""
    if name is None:
        return SessionStore()
    return SessionStore(session_key=world.cookies[name].removeprefix("sessionid="))


def post_cards(world, count):
    for index in range(count):
        ops.create_card(world.users.alice, world.board.pk, **card_fields(text=f"Karte {index}"))


def test_each_socket_of_a_wave_gets_its_own_answer(world):
    post_cards(world, 1)
    Board.objects.filter(pk=world.board.pk).update(visibility=Board.Visibility.PARTICIPANTS)
    admitted = arrivals.admit_together(world.board.pk, [
        Arrival(session_of(world, "facilitator"), "channel.mona", None),
        Arrival(session_of(world, "bob"), "channel.bob", None),  # registered for the workshop
        Arrival(session_of(world, "alice"), "channel.alice", None),  # a member, not registered
        Arrival(session_of(world, None), "channel.anonymous", None),
    ])
    mona, bob, alice, anonymous = admitted
    assert mona.opened.viewer.facilitator and mona.user == world.users.facilitator
    assert bob.opened.viewer.participant and not bob.opened.viewer.facilitator
    assert [card["text"] for card in bob.state["cards"]] == ["Karte 0"]
    assert (alice.opened.close_code, alice.state) == (presence.CLOSE_FORBIDDEN, None)
    assert anonymous.opened.close_code == presence.CLOSE_FORBIDDEN and not anonymous.user.is_authenticated
    rows = BoardConnection.objects.filter(board=world.board).values_list("channel_name", flat=True)
    assert sorted(rows) == ["channel.bob", "channel.mona"]


def test_the_public_reads_a_published_board_in_a_wave_without_counting(world):
    Board.objects.filter(pk=world.board.pk).update(visibility=Board.Visibility.PUBLIC, phase=Board.Phase.CLOSED)
    reader, outsider = arrivals.admit_together(world.board.pk, [
        Arrival(session_of(world, None), "channel.reader", None),
        Arrival(session_of(world, "outsider"), "channel.outsider", None),  # signed in, not a member
    ])
    for admitted in (reader, outsider):
        assert admitted.opened.viewer.public and not admitted.opened.counted
        assert admitted.state["cards"] == []
    assert not BoardConnection.objects.exists()


def test_the_connection_limit_holds_within_one_wave(world, settings):
    settings.BOARD_MAX_CONNECTIONS_PER_USER = 2
    admitted = arrivals.admit_together(
        world.board.pk, [Arrival(session_of(world, "alice"), f"channel.{n}", None) for n in range(3)]
    )
    assert [a.opened.close_code for a in admitted] == [None, None, presence.CLOSE_TOO_MANY_CONNECTIONS]
    assert BoardConnection.objects.filter(user=world.users.alice).count() == 2


def test_resuming_sockets_each_get_what_they_missed(world):
    post_cards(world, 5)
    behind, nearly, fresh = arrivals.admit_together(world.board.pk, [
        Arrival(session_of(world, "alice"), "channel.behind", 1),
        Arrival(session_of(world, "bob"), "channel.nearly", 4),
        Arrival(session_of(world, "facilitator"), "channel.fresh", None),
    ])
    assert [event["seq"] for event in behind.state] == [2, 3, 4, 5]
    assert [event["seq"] for event in nearly.state] == [5]
    assert [event["data"]["card"]["text"] for event in nearly.state] == ["Karte 4"]
    assert fresh.state["seq"] == 5 and len(fresh.state["cards"]) == 5


# --- who the arriving sockets are: as Django's get_user, for many at once -----------------------


def test_the_users_of_a_wave_of_sessions_take_two_queries(world, django_assert_max_num_queries):
    names = ["alice", "bob", "facilitator", "alice", "outsider"]
    sessions = [session_of(world, name) for name in names]
    with django_assert_max_num_queries(2):
        users = arrivals.users_of(sessions)
    assert users == [getattr(world.users, name) for name in names]


def test_a_session_that_no_longer_holds_gets_an_anonymous_socket(world):
    """Signed out, expired, password changed, account deactivated: as for a page request, nobody."""
    alice, bob, mona, outsider = (session_of(world, n) for n in ("alice", "bob", "facilitator", "outsider"))
    SessionStore(session_key=alice.session_key).delete()  # signed out
    Session.objects.filter(session_key=bob.session_key).update(expire_date=timezone.now() - timedelta(minutes=1))
    world.users.facilitator.set_password("ein neues Passwort")
    world.users.facilitator.save()
    User.objects.filter(pk=world.users.outsider.pk).update(is_active=False)
    anonymous = SessionStore()
    users = arrivals.users_of([alice, bob, mona, outsider, anonymous])
    assert [user.is_authenticated for user in users] == [False] * 5


def test_a_session_from_before_a_secret_key_rotation_still_holds(world, settings):
    """Only a fallback secret verifies it: Django's own get_user answers, and renews the session's hash."""
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-" + "x" * 40
    [user] = arrivals.users_of([session_of(world, "alice")])
    assert user == world.users.alice
    [user] = arrivals.users_of([session_of(world, "bob")])
    assert user == world.users.bob


def test_an_unknown_board_refuses_the_whole_wave(world):
    admitted = arrivals.admit_together(999999, [Arrival(session_of(world, "alice"), "channel.a", None)])
    assert admitted[0].opened.close_code == presence.CLOSE_NOT_FOUND


# --- on one worker's event loop ----------------------------------------------------------------


@pytest.mark.asyncio
async def test_sockets_arriving_together_share_trips_to_the_database(world, monkeypatch):
    trips = []
    admit_together = arrivals.admit_together

    def recorded(board_id, batch):
        trips.append(len(batch))
        return admit_together(board_id, batch)

    monkeypatch.setattr(arrivals, "admit_together", recorded)
    names = ["alice", "bob", "facilitator"] * 8
    board = Arrivals.of(world.board.pk)
    admitted = await asyncio.gather(*(
        board.admit(session_of(world, name), f"channel.{index}", None) for index, name in enumerate(names)
    ))
    assert all(a.opened.counted and a.state["seq"] == 0 for a in admitted)
    assert [a.user.username for a in admitted] == [getattr(world.users, n).username for n in names]
    assert sum(trips) == len(names) and len(trips) <= 2, trips  # the first alone, the rest together
    assert await database_sync_to_async(BoardConnection.objects.count)() == len(names)


@pytest.mark.asyncio
async def test_a_socket_that_leaves_while_arriving_leaves_no_row(world):
    board = Arrivals.of(world.board.pk)
    leaving = asyncio.ensure_future(board.admit(session_of(world, "alice"), "channel.leaving", None))
    staying = asyncio.ensure_future(board.admit(session_of(world, "bob"), "channel.staying", None))
    await asyncio.sleep(0)  # both wait for the trip, which is on its way
    trips = board.trips
    leaving.cancel()
    await trips
    assert (await staying).opened.counted
    rows = await database_sync_to_async(list)(BoardConnection.objects.values_list("channel_name", flat=True))
    assert rows == ["channel.staying"]


@pytest.mark.asyncio
async def test_a_person_opening_too_many_tabs_at_once_gets_the_limit_on_one(application, world, settings):
    settings.BOARD_MAX_CONNECTIONS_PER_USER = 3
    tabs = [BoardClient(application, world.board.pk, world.cookies["alice"]) for _ in range(4)]
    await asyncio.gather(*(tab.communicator.connect() for tab in tabs))
    first = await asyncio.gather(*(tab.communicator.receive_output(timeout=5) for tab in tabs))
    closes = [message.get("code") for message in first if message["type"] == "websocket.close"]
    assert closes == [presence.CLOSE_TOO_MANY_CONNECTIONS]
    snapshots = [json.loads(m["text"]) for m in first if m["type"] == "websocket.send"]
    assert [snapshot["type"] for snapshot in snapshots] == ["snapshot"] * 3
    for tab in tabs:
        await tab.communicator.disconnect()
