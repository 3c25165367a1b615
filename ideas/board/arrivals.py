"""Sockets arriving at a board: who they are, whether they may stay, and the state they start from.

When a worker restarts or a room arrives, hundreds of sockets connect to one
board within seconds, and each connect's reads queue at the worker's one
database thread. So the sockets arriving at one board on one worker are let in
together: the first one's trip to the database thread starts at once, those
that arrive meanwhile travel together in the next trip, and each trip costs a
fixed number of queries for the sessions' users (users_of), the board, the
roles and the connection rows (presence.open_connections). A quiet board's
connect still takes one trip of its own.
"""
import asyncio
import logging
from dataclasses import dataclass
from types import SimpleNamespace

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user, get_user_model, load_backend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from ideas.board import presence
from ideas.board.reading import event_for, logged_after, resumable, snapshot_for
from ideas.board.recent_material import material_of

logger = logging.getLogger(__name__)

# Sockets per trip: enough for a wave, few enough that one trip does not hold the database thread for long.
MOST_PER_TRIP = 100


@dataclass(frozen=True)
class Arrival:
    session: object  # the socket's session (scope["session"])
    channel_name: str
    since: int | None  # the seq a reconnecting client has, or None for a snapshot


@dataclass(frozen=True)
class Admitted:
    """What an arriving socket gets: its user, the Opened outcome and, when it may stay, its state."""

    user: object
    opened: presence.Opened
    state: list | dict | None = None


def users_of(sessions):
    """The user of each session, as django.contrib.auth.get_user answers for a request, in two queries for all.

    The plain case is answered from two bulk reads (the sessions, then their
    users): a database session whose backend reads users as ModelBackend does and
    whose hash the current secret verifies. Every other case (another session
    engine or backend, a hash only a fallback secret verifies, or none) goes to
    get_user itself, which also rotates or flushes the session as it does for a request.
    """
    users = [None] * len(sessions)
    plain = {}  # index -> (session data, backend)
    keys = [s.session_key for s in sessions if s.__class__ is DatabaseSessionStore and s.session_key]
    rows = Session.objects.filter(session_key__in=keys, expire_date__gt=timezone.now()) if keys else []
    data_of = {row.session_key: row.get_decoded() for row in rows}
    for index, session in enumerate(sessions):
        if session.__class__ is not DatabaseSessionStore:
            continue  # another engine: get_user below
        data = data_of.get(session.session_key) or {}
        if SESSION_KEY not in data or data.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
            users[index] = AnonymousUser()  # no session, signed out, or a backend no longer configured
            continue
        backend = load_backend(data[BACKEND_SESSION_KEY])
        if type(backend).get_user is ModelBackend.get_user:
            plain[index] = (data, backend)
    ids = {get_user_model()._meta.pk.to_python(data[SESSION_KEY]) for data, _ in plain.values()}
    accounts = get_user_model()._default_manager.in_bulk(ids) if ids else {}
    for index, (data, backend) in plain.items():
        user = accounts.get(get_user_model()._meta.pk.to_python(data[SESSION_KEY]))
        if user is None or not backend.user_can_authenticate(user):
            users[index] = AnonymousUser()
        elif data.get(HASH_SESSION_KEY) and constant_time_compare(data[HASH_SESSION_KEY], user.get_session_auth_hash()):
            users[index] = user
    return [user or get_user(SimpleNamespace(session=session)) for user, session in zip(users, sessions)]


def state_since(board, viewer, since, logged=None):
    """Missed events after `since` (list) or, when too old or since is None, a snapshot (dict).

    `board` is the board's row as just read: the state holds at least its last_seq.
    `logged`, when given, holds the board's logged events from at most `since` on (read once for many).
    """
    if not resumable(board, since):
        return snapshot_for(viewer, material_of(board))
    if logged is None:
        logged = logged_after(board, since)
    return [event_for(viewer, event) for event in logged if event["seq"] > since]


def admit_together(board_id, arrivals):
    """Everything the arrivals' connects read, in one trip to the database thread: [Admitted].

    The user of each session (users_of), open_connections for all of them, then the state of each that may stay; the
    events that resuming sockets missed are read once, from the oldest seq among them.
    """
    users = users_of([arrival.session for arrival in arrivals])
    outcomes = presence.open_connections(board_id, [(user, a.channel_name) for user, a in zip(users, arrivals)])
    staying = [(arrival, opened) for arrival, opened in zip(arrivals, outcomes) if not opened.close_code]
    oldest = min((a.since for a, opened in staying if resumable(opened.board, a.since)), default=None)
    logged = logged_after(staying[0][1].board, oldest) if oldest is not None else None
    return [
        Admitted(user, opened, None if opened.close_code else state_since(opened.board, opened.viewer, arrival.since, logged))
        for user, arrival, opened in zip(users, arrivals, outcomes)
    ]


class Arrivals:
    """The sockets arriving at one board on this worker, let in together (one trip per batch)."""

    _boards = {}  # (event loop, board id) -> Arrivals, while sockets are arriving

    @classmethod
    def of(cls, board_id):
        key = (asyncio.get_running_loop(), board_id)
        if key not in cls._boards:
            cls._boards[key] = cls(*key)
        return cls._boards[key]

    def __init__(self, loop, board_id):
        self.loop, self.board_id = loop, board_id
        self.waiting = []  # (Arrival, future of its Admitted)
        self.trips = None  # the task that takes the waiting to the database thread

    async def admit(self, session, channel_name, since):
        """Admitted for this socket, once its batch has been to the database thread."""
        admitted = self.loop.create_future()
        self.waiting.append((Arrival(session, channel_name, since), admitted))
        if self.trips is None:
            self.trips = self.loop.create_task(self._travel(), name=f"board {self.board_id} arrivals")
        return await admitted

    async def _travel(self):
        try:
            while self.waiting:
                batch, self.waiting = self.waiting[:MOST_PER_TRIP], self.waiting[MOST_PER_TRIP:]
                try:
                    outcomes = await database_sync_to_async(admit_together)(self.board_id, [arrival for arrival, _ in batch])
                except Exception as error:  # noqa: BLE001 - each socket's connect raises it as its own
                    for _, admitted in batch:
                        if not admitted.done():
                            admitted.set_exception(error)
                    continue
                for (arrival, admitted), outcome in zip(batch, outcomes):
                    if not admitted.done():
                        admitted.set_result(outcome)
                    elif outcome.opened.counted:
                        # The socket went while its batch was away: its row must not count against its user.
                        await self._forget(arrival.channel_name)
        finally:
            self.trips = None
            for _, admitted in self.waiting:  # only when this task is cancelled (the worker stops)
                admitted.cancel()
            self.waiting = []
            if self._boards.get((self.loop, self.board_id)) is self:
                del self._boards[(self.loop, self.board_id)]

    async def _forget(self, channel_name):
        try:
            await database_sync_to_async(presence.close_connection)(channel_name)
        except Exception:  # noqa: BLE001 - the row goes stale and the heartbeats delete it
            logger.exception("Connection row of a socket that left while arriving not deleted")
