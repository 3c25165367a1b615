"""The live board over WebSocket: checks access, joins the board's group, then sends state and relays.

Thin by design: it decodes and bounds messages, hands them to protocol.py (which
calls the board operation), answers ack or error, and shapes each group event for
its reader with reading.event_for. The protocol is in docs/board-protocol.md.
"""
import asyncio
import json
import logging
import time
from types import SimpleNamespace
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from ideas.board import presence as board_presence
from ideas.board.arrivals import Arrivals, state_since
from ideas.board.errors import BoardError
from ideas.board.events import CHANNEL_LAYER_DOWN, group_name
from ideas.board.log_follower import LogFollower
from ideas.board.protocol import decode_frame, parse_request, read_ref
from ideas.board.reading import event_for
from ideas.board.rules import viewer_for
from ideas.models import Board

logger = logging.getLogger(__name__)

# Events after which a reader's access is checked again: a new phase can only end a public
# reader's access (a published board reopened); new settings (visibility) can end anyone's.
def _may_end_access(event, viewer):
    return event["name"] == "board.configured" or (event["name"] == "board.phase_changed" and viewer.public)


class TokenBucket:
    """Allows `burst` messages at once and `rate` per second on average."""

    def __init__(self, burst, rate):
        self.capacity, self.rate = burst, rate
        self.tokens, self.updated = float(burst), time.monotonic()

    def take(self):
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def _language(scope):
    """The reader's language from the language cookie or Accept-Language, as Django's LocaleMiddleware would."""
    headers = dict(scope.get("headers", []))
    request = SimpleNamespace(
        COOKIES=scope.get("cookies", {}),
        META={"HTTP_ACCEPT_LANGUAGE": headers.get(b"accept-language", b"").decode("latin-1")},
    )
    return translation.get_language_from_request(request)


def _run(language, call, *args):
    """Run a board call in the worker thread, in the reader's language; BoardError is returned, not raised."""
    with translation.override(language):
        try:
            return call(*args), None
        except BoardError as error:
            return None, error


def _since(scope):
    """The `?since=` of a reconnecting client, or None (a snapshot) for anything but a sane sequence number."""
    since = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("since", [None])[0]
    # ASCII digits only ("²" is a digit to str.isdigit), and few enough to be a seq (int() refuses thousands).
    if since and since.isascii() and since.isdigit() and len(since) <= 18:
        return int(since)
    return None


def _fresh_state_since(board_id, viewer, since):
    """The state since `since` of the board as it is now."""
    return state_since(Board.objects.get(pk=board_id), viewer, since)


class BoardConsumer(AsyncWebsocketConsumer):
    viewer = None
    joined = False
    log_queue = None  # while the channel layer is down: this socket's queue of its board's LogFollower
    ticker = None  # this board's PresenceTicker while the socket counts as online
    socket_closed = False  # the socket is closed (or closing): nothing more is sent on it
    heard = None  # the Presence this socket last heard from its ticker
    presence_task = None
    presence_wanted = False
    reader_address = None  # a public reader's address while it holds one of board_presence.READER_SLOTS

    async def __call__(self, scope, receive, send):
        async def guarded_send(message):
            """Send unless the socket is gone; a server may raise when it already closed it (Daphne: Disconnected)."""
            if self.socket_closed:
                return
            if message.get("type") == "websocket.close":
                self.socket_closed = True
            try:
                await send(message)
            except Exception as error:  # noqa: BLE001 - what a server raises for a closed socket is server-specific
                self.socket_closed = True
                logger.debug("Not sent, the socket is closed: %r", error)

        # Known before anything runs: the layer's receive starts alongside connect, and may fail first.
        self.board_id = int(scope["url_route"]["kwargs"]["board_id"])
        try:
            await super().__call__(scope, receive, guarded_send)
        except CHANNEL_LAYER_DOWN as error:
            # The socket cannot hear its board (and Redis may come back empty, its groups
            # gone): the client reconnects soon and joins afresh, resuming from its seq.
            logger.warning(
                "Board socket closed with %s, the channel layer cannot be reached: %s",
                board_presence.CLOSE_TRY_AGAIN_LATER, error,
            )
            await guarded_send({"type": "websocket.close", "code": board_presence.CLOSE_TRY_AGAIN_LATER})
        finally:
            # Also when the server cancels the instance before disconnect() could run (Daphne after a timeout).
            self.socket_closed = True
            self.give_back_reader_slot()
            if self.log_queue is not None:
                LogFollower.unfollow(self.board_id, self.log_queue)
            if self.presence_task is not None:
                self.presence_task.cancel()
            if self.ticker is not None:
                asyncio.ensure_future(self.go_offline())

    async def dispatch(self, message):
        """Channels' dispatch without its trip to the database thread before every message.

        Channels closes stale database connections before each handler, in the one thread
        that runs all of a worker's database work: with hundreds of sockets on a board, each
        event then queued that many times behind the connects' queries. Every database call
        here goes through database_sync_to_async, which does that itself before and after.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    # Channels' __call__ sets `channel_receive` to the layer's receive for this channel and
    # dispatches what it returns; the property puts receive_board_message in between.
    @property
    def channel_receive(self):
        return self.receive_board_message

    @channel_receive.setter
    def channel_receive(self, layer_receive):
        self.layer_receive = layer_receive

    async def receive_board_message(self):
        """The next message for this socket from the channel layer, or, while the layer is down, from the board's log."""
        while True:
            if self.log_queue is None:
                try:
                    return await self.layer_receive()
                except CHANNEL_LAYER_DOWN as error:
                    logger.info("Board socket follows the event log, the channel layer cannot be reached: %s", error)
                    self.follow_log()
            # Try the layer again on time, also while the log keeps the socket busy.
            wait = self.next_join_at - time.monotonic()
            if wait <= 0:
                self.next_join_at = time.monotonic() + settings.BOARD_LAYER_RETRY_SECONDS
                if await self.join_group():
                    LogFollower.unfollow(self.board_id, self.log_queue)
                    self.log_queue = None
                    return {"type": "board.follow_up"}  # what fell between the log's last read and the join
                continue
            try:
                return await asyncio.wait_for(self.log_queue.get(), timeout=wait)
            except asyncio.TimeoutError:
                pass

    def follow_log(self):
        """Hear the board through its event log from now on (the layer is down), starting with what was missed.

        Both connect and the layer's receive may find the layer down: the socket follows once.
        """
        if self.log_queue is None:
            self.joined = False
            self.next_join_at = time.monotonic() + settings.BOARD_LAYER_RETRY_SECONDS
            self.log_queue = LogFollower.follow(self.board_id)
        self.log_queue.put_nowait({"type": "board.follow_up"})

    async def join_group(self):
        """Join the board's group; False while the channel layer cannot be reached."""
        try:
            await self.channel_layer.group_add(group_name(self.board_id), self.channel_name)
        except CHANNEL_LAYER_DOWN:
            return False
        self.joined = True
        return True

    async def connect(self):
        self.language = _language(self.scope)
        self.bucket = TokenBucket(settings.BOARD_RATE_BURST, settings.BOARD_RATE_PER_SECOND)
        self.seq = 0
        # Accept first, so that a refusal reaches the browser with its close code.
        await self.accept()
        # Join, then read: nothing can fall between the state we read and the events we relay.
        # (What arrives meanwhile waits until connect returns; a refused socket leaves in disconnect.)
        joined = await self.join_group()
        # Together with the other sockets arriving meanwhile: at a worker's restart hundreds queue at its database.
        admitted = await Arrivals.of(self.board_id).admit(self.scope["session"], self.channel_name, _since(self.scope))
        self.user, opened, state = admitted.user, admitted.opened, admitted.state
        if opened.close_code:
            await self.close(code=opened.close_code)
            return
        if not opened.counted:
            # A public reader: bounded per address, since there is no account to count by.
            address = (self.scope.get("client") or ("unknown",))[0]
            if not board_presence.READER_SLOTS.take(address):
                await self.close(code=board_presence.CLOSE_TOO_MANY_CONNECTIONS)
                return
            self.reader_address = address
        self.viewer = opened.viewer
        await self.send_read_state(state)
        if not joined:
            self.follow_log()  # the layer is down: hear the board through its log until it is back
        if opened.counted:
            # This worker's ticker tells this socket who is online, first within BOARD_PRESENCE_INTERVAL.
            self.ticker = board_presence.PresenceTicker.of(self.channel_layer, self.board_id)
            self.ticker.join(self)

    def give_back_reader_slot(self):
        if self.reader_address is not None:
            board_presence.READER_SLOTS.give_back(self.reader_address)
            self.reader_address = None

    async def disconnect(self, code):
        self.socket_closed = True
        self.give_back_reader_slot()
        if self.log_queue is not None:
            LogFollower.unfollow(self.board_id, self.log_queue)
            self.log_queue = None
        if self.presence_task is not None:
            self.presence_task.cancel()
        if self.joined:
            await self.channel_layer.group_discard(group_name(self.board_id), self.channel_name)
        await self.go_offline()

    async def go_offline(self):
        """Delete this socket's presence row; the tickers on the board tell the others within an interval."""
        ticker, self.ticker = self.ticker, None
        if ticker is None:
            return
        ticker.leave(self.channel_name)  # first, so it is never refreshed again even if this is cancelled
        # Shielded: a server that cancels the instance meanwhile (Daphne's close timeout) does not stop it halfway.
        await asyncio.shield(self.forget_connection(ticker))

    async def forget_connection(self, ticker):
        await database_sync_to_async(board_presence.close_connection)(self.channel_name)
        ticker.changed()

    # --- from the browser ---------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if self.viewer is None:
            return
        allowed = self.bucket.take()  # every frame counts, junk too
        ref = None
        with translation.override(self.language):
            try:
                message = decode_frame(text_data, bytes_data, settings.BOARD_MAX_MESSAGE_BYTES)
                ref = read_ref(message)
            except BoardError as error:
                problem = error
            else:
                problem = None
            if not allowed:
                problem = BoardError("rate_limited", _("Too many messages; please slow down."))
        if problem is not None:
            return await self.send_error(ref, problem.code, problem.message)

        kind = message.get("type")
        if kind == "ping":
            return await self.send_json({"type": "pong", "ref": ref})
        if kind == "resume":
            since = message.get("since")
            if not isinstance(since, int) or isinstance(since, bool) or since < 0:
                with translation.override(self.language):
                    text = _("The field “since” has a wrong value.")
                return await self.send_error(ref, "invalid_field", text)
            return await self.send_state(since)
        with translation.override(self.language):
            try:
                call = parse_request(message)
            except BoardError as error:
                return await self.send_error(ref, error.code, error.message)
        change, error = await database_sync_to_async(_run)(self.language, call, self.user, self.board_id)
        if error is not None:
            return await self.send_error(ref, error.code, error.message)
        await self.send_json({"type": "ack", "ref": ref, "seq": change.seq, "id": change.id})

    # --- from the board's group ---------------------------------------------------------

    async def board_event(self, message):
        if self.viewer is None:
            return  # joined before its access was checked, then refused
        event = message["event"]
        if event["seq"] <= self.seq:
            return  # already sent with the snapshot or the missed events
        if event["seq"] > self.seq + 1:
            # The channel layer dropped something: send what is missing from the log.
            return await self.send_state(self.seq)
        if _may_end_access(event, self.viewer) and not await self.still_allowed():
            return
        self.seq = event["seq"]
        await self.send_json({"type": "event", **event_for(self.viewer, event)})

    async def board_access_changed(self, message):
        """Someone's registration or roles changed: if it is this socket's user, check their access now."""
        if self.viewer is None or self.user.pk != message["user_id"]:
            return
        before = self.viewer
        if await self.still_allowed() and self.viewer != before:
            await self.send_state(None)  # they may do something else now: a snapshot with their new `me`

    async def board_follow_up(self, message):
        """Relay what the board's log holds after this socket's seq: the layer may have lost it going down or coming back."""
        if self.viewer is not None:
            await self.send_state(self.seq)

    async def board_removed(self, message):
        await self.close(code=board_presence.CLOSE_NOT_FOUND)

    def hear_presence(self, presence):
        """Who is on the board, from this worker's PresenceTicker: passed on when it changed for this reader.

        Members see the count; facilitators the list, so a change of who is online is news to them.
        """
        heard, self.heard = self.heard, presence
        if self.viewer.public:
            return  # lost their role on a published board meanwhile: reads on as the public, without presence
        if heard is None or presence.online != heard.online or (self.viewer.facilitator and presence != heard):
            self.presence_changed()

    # --- helpers ----------------------------------------------------------------------

    async def still_allowed(self):
        board = await database_sync_to_async(Board.objects.get)(pk=self.board_id)
        viewer = await database_sync_to_async(viewer_for)(self.user, board)
        if viewer is None:
            await self.close(code=board_presence.CLOSE_FORBIDDEN)
            return False
        self.viewer = viewer
        return True

    async def send_state(self, since):
        """Missed events after `since`, or a snapshot, then synced."""
        await self.send_read_state(await database_sync_to_async(_fresh_state_since)(self.board_id, self.viewer, since))

    async def send_read_state(self, state):
        """Send what state_since read, then synced."""
        if isinstance(state, dict):
            await self.send_json({"type": "snapshot", **state})
            self.seq = max(self.seq, state["seq"])
        else:
            for event in state:
                await self.send_json({"type": "event", **event})
                self.seq = max(self.seq, event["seq"])
        await self.send_json({"type": "synced", "seq": self.seq})

    def presence_changed(self):
        """Send the latest presence from this socket's own task: the ticker never waits for a slow socket."""
        self.presence_wanted = True
        if self.presence_task is None or self.presence_task.done():
            self.presence_task = asyncio.ensure_future(self.send_presence())

    async def send_presence(self):
        """Members get the count; facilitators the list of who is online, read at most once per interval."""
        try:
            while self.presence_wanted and not self.socket_closed:
                self.presence_wanted = False
                if not self.viewer.facilitator:
                    await self.send_json({"type": "presence", "online": self.heard.online})
                    continue
                users = await database_sync_to_async(board_presence.presence)(self.board_id)
                await self.send_json({"type": "presence", "online": len(users), "users": users})
                await asyncio.sleep(settings.BOARD_PRESENCE_INTERVAL)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("Presence for board %s not sent", self.board_id)

    async def send_error(self, ref, code, message):
        await self.send_json({"type": "error", "ref": ref, "code": code, "message": message})

    async def send_json(self, content):
        await self.send(text_data=json.dumps(content, ensure_ascii=False))
