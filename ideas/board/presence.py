"""Who is connected to a board right now, shared by every ASGI worker through the database.

One BoardConnection row per open WebSocket of a signed-in participant (public
readers have none: they neither count nor get presence). The rows serve the
connections-per-user limit and presence. Presence is ephemeral: it is not a
board change, takes no seq and is not in the event log.

Presence costs a constant number of queries per board, worker and time window,
not one message per connect (see docs/board-protocol.md and docs/performance.md):
each worker's PresenceTicker (one per board) reads the board's Presence every
BOARD_PRESENCE_INTERVAL and tells that worker's sockets itself, without the
channel layer. Every BOARD_PRESENCE_HEARTBEAT_SECONDS it refreshes the rows of
its worker's open sockets (the worker's heartbeat) and deletes the board's stale
rows. So the sockets of a worker that died stop counting against their users'
connection limit after three missed heartbeats (its users reconnect to another
worker at once), stop counting as online after BOARD_PRESENCE_STALE_SECONDS, and
their rows are gone with the next heartbeat of any other worker on the board.
"""
import asyncio
import logging
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from ideas.board.events import CHANNEL_LAYER_DOWN, group_name
from ideas.board.rules import Viewer, viewers_for
from ideas.models import Board, BoardConnection, BoardParticipant

logger = logging.getLogger(__name__)

# WebSocket close codes (4000–4999 are for applications).
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_TOO_MANY_CONNECTIONS = 4429
# The standard "Try Again Later": the channel layer (Redis) cannot be reached; the client reconnects soon.
CLOSE_TRY_AGAIN_LATER = 1013

# Channel names per UPDATE … WHERE channel_name IN (…), well below SQLite's parameter limits.
_CHUNK = 500


@dataclass(frozen=True)
class Opened:
    """The outcome of open_connection: a viewer, or the close code to refuse with."""

    viewer: Viewer | None = None
    board: Board | None = None  # the board row as read (and its last_seq) once the socket had joined its group
    close_code: int | None = None
    counted: bool = False  # a BoardConnection row was made: this socket counts as online


class ReaderSlots:
    """Open sockets of public readers per client address, in this worker process.

    Public readers have no account to count connections by, so their address
    is the bound (BOARD_MAX_READER_CONNECTIONS_PER_ADDRESS; with W workers an
    address may hold W times as many). Behind a proxy, run the ASGI server with
    its proxy-headers option so that the address is the client's.
    """

    def __init__(self):
        self.open = Counter()

    def take(self, address):
        if self.open[address] >= settings.BOARD_MAX_READER_CONNECTIONS_PER_ADDRESS:
            return False
        self.open[address] += 1
        return True

    def give_back(self, address):
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]


READER_SLOTS = ReaderSlots()


def _fresh_since():
    return timezone.now() - timedelta(seconds=settings.BOARD_PRESENCE_STALE_SECONDS)


def _heartbeat_since():
    """Rows not refreshed since then belong to a worker that missed three heartbeats: it is gone."""
    return timezone.now() - timedelta(seconds=3 * settings.BOARD_PRESENCE_HEARTBEAT_SECONDS)


def _fresh(board_id):
    return BoardConnection.objects.filter(board_id=board_id, last_seen__gte=_fresh_since())


def presence(board_id):
    """The signed-in participants online on the board, with organisation and "done writing" (for facilitators)."""
    users = (
        get_user_model().objects.filter(pk__in=_fresh(board_id).values("user_id"))
        .select_related("member_profile__organisation").order_by("pk")
    )
    done = set(
        BoardParticipant.objects.filter(board_id=board_id, done_writing=True).values_list("user_id", flat=True)
    )
    result = []
    for user in users:
        profile = getattr(user, "member_profile", None)
        result.append({
            "id": user.pk,
            "name": user.get_full_name() or user.username,
            "organisation": profile.organisation.name if profile else None,
            "done_writing": user.pk in done,
        })
    return result


def open_connection(user, board_id, channel_name):
    """Check that the user may read the board and is under the connection limit, and register the connection."""
    return open_connections(board_id, [(user, channel_name)])[0]


def open_connections(board_id, arrivals):
    """open_connection for sockets arriving at one board together: [(user, channel name)] -> [Opened].

    In a fixed number of queries however many arrive (a worker's restart, a room
    arriving): the board, the roles, then one transaction for every counted socket.
    """
    board = Board.objects.filter(pk=board_id).first()
    if board is None:
        return [Opened(close_code=CLOSE_NOT_FOUND)] * len(arrivals)
    opened = [None] * len(arrivals)
    counted = []  # indexes of the arrivals that get a connection row
    for index, ((user, _channel_name), viewer) in enumerate(zip(arrivals, viewers_for([u for u, _ in arrivals], board))):
        if viewer is None:
            opened[index] = Opened(close_code=CLOSE_FORBIDDEN)
        elif not user.is_authenticated or viewer.public:
            opened[index] = Opened(viewer=viewer, board=board)  # public readers do not count and get no presence
        else:
            opened[index] = Opened(viewer=viewer, board=board, counted=True)
            counted.append(index)
    if not counted:
        return opened
    user_ids = sorted({arrivals[index][0].pk for index in counted})
    limit = settings.BOARD_MAX_CONNECTIONS_PER_USER
    with transaction.atomic():
        # Serialise each user's connects, so two at once cannot both slip under the limit (on any worker);
        # in id order, so that two workers' waves never wait for each other in a circle.
        # FOR NO KEY UPDATE, as every lock of the board (lock order: events.lock_board): a card the
        # user posts meanwhile only needs a key-share lock on this row, so neither waits for the other.
        list(get_user_model().objects.select_for_update(no_key=True).filter(pk__in=user_ids).order_by("pk")
             .values_list("pk", flat=True))
        # Rows of a worker that stopped heartbeating must not block its users' reconnects to another
        # worker (the live workers' heartbeats delete them later: refresh).
        alive = BoardConnection.objects.filter(board=board, user_id__in=user_ids, last_seen__gte=_heartbeat_since())
        open_now = Counter(dict(alive.values("user_id").annotate(n=Count("pk")).values_list("user_id", "n")))
        rows, now = [], timezone.now()
        for index in counted:
            user, channel_name = arrivals[index]
            if open_now[user.pk] >= limit:
                opened[index] = Opened(close_code=CLOSE_TOO_MANY_CONNECTIONS)
                continue
            open_now[user.pk] += 1
            rows.append(BoardConnection(board=board, user_id=user.pk, channel_name=channel_name, last_seen=now))
        BoardConnection.objects.bulk_create(rows)
    return opened


def close_connection(channel_name):
    """Forget the connection (idempotent)."""
    BoardConnection.objects.filter(channel_name=channel_name).delete()


def refresh(board_id, channel_names):
    """Mark this worker's open sockets on the board as alive and delete the board's stale rows (dead workers).

    Returns the channel names of the rows deleted, so that they can leave the board's group too.
    """
    now = timezone.now()
    channel_names = sorted(channel_names)
    for start in range(0, len(channel_names), _CHUNK):
        BoardConnection.objects.filter(board_id=board_id, channel_name__in=channel_names[start:start + _CHUNK]).update(
            last_seen=now
        )
    stale = BoardConnection.objects.filter(board_id=board_id, last_seen__lt=_fresh_since())
    gone = set(stale.values_list("channel_name", flat=True)[:_CHUNK])  # more are left to the next heartbeat
    if not gone:
        return []
    stale.filter(channel_name__in=gone).delete()
    # A row refreshed in between was not deleted (the filter is applied again): its channel stays.
    return sorted(gone - set(BoardConnection.objects.filter(channel_name__in=gone).values_list("channel_name", flat=True)))


# --- per worker ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Presence:
    """What a worker last read of who is on the board: the online count and a mark of who it is.

    `who` changes whenever a connection row of the board is made or deleted (the
    number of rows and the newest id), also when one person leaves and another
    comes within one interval, which leaves `online` the same.
    """

    online: int
    who: tuple = ()


def presence_now(board_id):
    """The board's Presence, in one query."""
    facts = BoardConnection.objects.filter(board_id=board_id).aggregate(
        online=Count("user", distinct=True, filter=Q(last_seen__gte=_fresh_since())),
        rows=Count("pk"),
        newest=Max("pk"),
    )
    return Presence(facts["online"], (facts["rows"], facts["newest"]))


class PresenceTicker:
    """One per board, channel layer and worker: tells this worker's sockets on the board who is online.

    Every BOARD_PRESENCE_INTERVAL it reads the board's Presence (one query) and
    hands it to each of its sockets (`join`ed consumers, in this process: no
    channel layer message), which pass it on when it changed for them. So a
    connect or disconnect on any worker reaches every socket within an interval,
    a wave of any size costs one query per worker and interval, and presence
    goes on while Redis is down. Every BOARD_PRESENCE_HEARTBEAT_SECONDS it also
    beats the worker's heartbeat on its sockets' rows. It stops when the last of
    its sockets has left.
    """

    _tickers = {}  # (channel layer, board id) -> PresenceTicker

    @classmethod
    def of(cls, layer, board_id):
        """The running ticker of this board and layer, started if needed."""
        loop = asyncio.get_running_loop()
        ticker = cls._tickers.get((layer, board_id))
        if ticker is None or ticker.loop is not loop or ticker.task.done():
            ticker = cls._tickers[(layer, board_id)] = cls(layer, board_id, loop)
        return ticker

    def __init__(self, layer, board_id, loop):
        self.layer, self.board_id, self.loop = layer, board_id, loop
        self.sockets = {}  # channel name -> consumer (with `hear_presence(Presence)`)
        self.task = loop.create_task(self._run(), name=f"board {board_id} presence")

    @property
    def channels(self):
        return set(self.sockets)

    def join(self, consumer):
        self.sockets[consumer.channel_name] = consumer

    def leave(self, channel_name):
        """Stop refreshing this socket's row (call before deleting it; synchronous, so safe while cancelled)."""
        self.sockets.pop(channel_name, None)

    def changed(self):
        """A socket's row was deleted; the last socket on this worker to leave ends the ticker."""
        if not self.sockets:
            self._retire()
            self.task.cancel()

    def _retire(self):
        if self._tickers.get((self.layer, self.board_id)) is self:
            del self._tickers[(self.layer, self.board_id)]

    async def _run(self):
        heartbeat = settings.BOARD_PRESENCE_HEARTBEAT_SECONDS
        heartbeat_at = time.monotonic() + heartbeat
        try:
            while self.sockets:
                await asyncio.sleep(settings.BOARD_PRESENCE_INTERVAL)
                if time.monotonic() >= heartbeat_at:
                    heartbeat_at = time.monotonic() + heartbeat
                    await self._heartbeat()
                await self._tell()
        finally:
            self._retire()  # also when its sockets went without saying goodbye (their instances were killed)

    async def _heartbeat(self):
        """Mark this worker's sockets on the board alive; a dead worker's stale rows go, and their channels
        leave the board's group.

        channels-redis keeps a group's members for a day: a killed worker's channels would
        otherwise fill up with every event of the board and log "over capacity" for each.
        By the time its rows are stale (BOARD_PRESENCE_STALE_SECONDS) its browsers, whose
        pings went unanswered, have long reconnected elsewhere.
        """
        try:
            gone = await database_sync_to_async(refresh)(self.board_id, self.channels)
            for channel_name in gone:
                await self.layer.group_discard(group_name(self.board_id), channel_name)
        except asyncio.CancelledError:
            raise
        except CHANNEL_LAYER_DOWN as error:
            logger.warning("Presence heartbeat of board %s incomplete, the channel layer cannot be reached: %s",
                           self.board_id, error)
        except Exception:
            # Best effort like presence; a missed heartbeat is made up by the next one.
            logger.exception("Presence heartbeat for board %s failed", self.board_id)

    async def _tell(self):
        try:
            now = await database_sync_to_async(presence_now)(self.board_id)
        except asyncio.CancelledError:
            raise
        except Exception:
            # Presence is best effort; the next tick corrects it. Never let it stop the ticker.
            logger.exception("Presence of board %s not read", self.board_id)
            return
        for consumer in list(self.sockets.values()):
            consumer.hear_presence(now)
