"""A live-board client for the benchmarks that behaves like the browser's (static/js/board/connection.js, outbox.js).

What it copies from the browser client, rule by rule:

* it applies events in `seq` order; an event it already has is ignored, one after
  a gap is dropped and answered with `resume` (once until the next `synced`);
* it reconnects with exponential backoff and full jitter (a random wait between 0
  and min(30 s, 0.5 s x 2^attempt)); the attempt count starts over only after a
  socket that synced has stayed up 10 s; after close code 4429 it waits at least
  15 s more; after 4403 or 4404 it never reconnects;
* once synced it pings every 25 s, and a socket that stays silent for 10 s after a
  ping is given up at once (and reconnected);
* posts go through an outbox: sent with their `client_id` when synced, sent again
  after every reconnect (and, as the browser does, with every new post) until
  their `card.created` event or a snapshot with the card arrives; a refused post
  stays refused; `rate_limited` is sent again after 2 s.

What the browser cannot do and a load balancer does instead: a client whose socket
was lost (any close but 4403/4404/4429) or whose connect failed tries the other
worker next (`reconnect="other"`), or a worker picked at random (`"random"`).

Everything it sees is recorded with time.perf_counter() for bench/board_faults.py:
when each card first entered its board state, acks, close codes, connect failures,
downtimes (socket lost -> synced again) and the times of live events.
"""
from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

HOST = "127.0.0.1"
BACKOFF_BASE_S = 0.5
BACKOFF_CAP_S = 30.0
PING_EVERY_S = 25.0
PONG_WITHIN_S = 10.0
NO_RECONNECT = {4403, 4404}
RETRY_LATER = {4429}
RETRY_LATER_S = 15.0
STABLE_AFTER_S = 10.0
RATE_LIMITED_RETRY_S = 2.0
# A handshake the browser would wait for much longer; bounded here so that a run ends.
HANDSHAKE_TIMEOUT_S = 10.0
ABNORMAL_CLOSURE = 1006

now = time.perf_counter


@dataclass
class Post:
    """One card a client submitted, with what became of it (shared by all clients of a scenario)."""

    client_id: str
    author: str
    posted_at: float
    first_sent_at: float | None = None
    sends: int = 0
    acked_at: float | None = None
    acked_send_at: float | None = None  # when the frame that got the first ack was sent
    errors: Counter = field(default_factory=Counter)
    refused: str | None = None  # the error code that made the client give up on it


@dataclass
class OutboxItem:
    post: Post
    message: dict
    sent_ref: str | None = None
    error: str | None = None


def _connect_failure(exc):
    """A short name for why a handshake failed (the browser only reports 1006 for all of these)."""
    import aiohttp

    if isinstance(exc, asyncio.TimeoutError):
        return "handshake timeout"
    if isinstance(exc, aiohttp.WSServerHandshakeError):
        return f"handshake HTTP {exc.status}"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return "connection refused" if isinstance(exc.os_error, ConnectionRefusedError) else "connect error"
    return type(exc).__name__


class BoardClient:
    """One member's browser tab on a board, spread over several workers' ports."""

    def __init__(self, name, session_key, ports, port_index, board_id, posts, rng, reconnect="other"):
        self.name = name
        self.session_key = session_key
        self.ports = ports
        self.port_index = port_index
        self.board_id = board_id
        self.posts = posts  # client_id -> Post, shared
        self.rng = rng
        self.reconnect = reconnect
        # The board as this client knows it.
        self.seq = 0
        self.cards = {}  # card id -> client_id
        self.client_ids = set()
        # The connection (connection.js's `live`).
        self.ws = None
        self.port_now = None
        self.outgoing = None  # frames for the current socket's writer, in order
        self.synced = False
        self.resuming = False
        self.stopped = False  # refused for good (4403/4404)
        self.closing = False  # the benchmark is ending this client
        self.attempt = 0
        self.stable_timer = None
        self.pinger = None
        self.drop = None  # set when a ping went unanswered
        self.last_message_at = 0.0
        self.next_ref = 1
        self.requests = {}  # ref -> (client_id, sent at) of a card.create
        self.outbox: list[OutboxItem] = []
        # What was seen.
        self.seen = {}  # client_id -> when the card first entered this client's board state
        self.close_codes = Counter()
        self.connect_failures = Counter()
        self.connects = 0
        self.snapshots = 0
        self.syncs = []  # (time, port) of every first "synced" of a socket
        self.downtimes = []  # (socket lost, synced again)
        self.down_since = None
        self.live_events = []  # times of events applied while synced and not resuming
        self.gaps_seen = 0
        self.resumes_sent = 0
        self.redundant_events = 0  # events with a seq the client already had
        self.created_by_event = set()  # ids of the cards whose card.created this client applied
        self.applied_twice = 0  # a second card.created applied for one card (a snapshot's copy does not count)
        self.doubled_in_state = 0  # two cards with one client_id on the client's board
        self.ping_timeouts = 0
        self.task = None

    # --- connection -----------------------------------------------------------------------

    async def run(self, http):
        """Connect, read until the socket ends, wait as the browser would, again; until closed or refused."""
        delay = 0.0
        while not self.closing and not self.stopped:
            if delay:
                await asyncio.sleep(delay)
                if self.closing:
                    break
            code = await self.session(http)
            if self.closing or self.stopped:
                break
            delay = self.backoff(code)

    def backoff(self, code):
        """connection.js's scheduleReconnect: full jitter under an exponential ceiling, later after 4429."""
        ceiling = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** self.attempt)
        self.attempt += 1
        return (RETRY_LATER_S if code in RETRY_LATER else 0.0) + self.rng.random() * ceiling

    def url(self, port):
        since = f"?since={self.seq}" if self.seq else ""
        return f"ws://{HOST}:{port}/ws/boards/{self.board_id}/{since}"

    def other_worker(self):
        if self.reconnect == "random":
            self.port_index = self.rng.randrange(len(self.ports))
        else:
            self.port_index = (self.port_index + 1) % len(self.ports)

    async def session(self, http):
        """One socket from handshake to close; returns its close code (None: it never opened)."""
        import aiohttp

        port = self.ports[self.port_index]
        self.connects += 1
        headers = {"Origin": f"http://{HOST}:{port}", "Cookie": f"sessionid={self.session_key}"}
        try:
            ws = await asyncio.wait_for(
                http.ws_connect(self.url(port), headers=headers, autoping=True, heartbeat=None, compress=15,
                                timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=2.0)),
                HANDSHAKE_TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001 - every failed handshake is a reason to retry
            if self.closing:
                return None
            self.connect_failures[_connect_failure(exc)] += 1
            self.other_worker()
            return None
        self.ws, self.port_now = ws, port
        self.outgoing = asyncio.Queue()
        self.drop = asyncio.Event()
        self.last_message_at = now()
        writer = asyncio.ensure_future(self.write(ws, self.outgoing))
        reader = asyncio.ensure_future(self.read(ws))
        dropped = asyncio.ensure_future(self.drop.wait())
        try:
            await asyncio.wait({reader, dropped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (reader, dropped, writer):
                task.cancel()
            await asyncio.gather(reader, dropped, writer, return_exceptions=True)
        lost_at = now()
        if self.drop.is_set():
            code = "ping timeout"
            asyncio.ensure_future(self.close_quietly(ws))  # as socket.close(): not waited for
        else:
            code = ws.close_code or ABNORMAL_CLOSURE
        was_up = self.synced
        self.forget_socket()
        if self.closing:
            return code
        self.close_codes[str(code)] += 1
        if was_up and self.down_since is None:
            self.down_since = lost_at
        if code in NO_RECONNECT:
            self.stopped = True
        elif code not in RETRY_LATER:
            self.other_worker()
        return code

    async def read(self, ws):
        import aiohttp

        while True:
            msg = await ws.receive()
            if msg.type != aiohttp.WSMsgType.TEXT:
                if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING,
                                aiohttp.WSMsgType.ERROR):
                    return
                continue
            self.last_message_at = now()
            self.receive(json.loads(msg.data), self.last_message_at)

    @staticmethod
    async def write(ws, outgoing):
        while True:
            frame = await outgoing.get()
            try:
                await ws.send_str(frame)
            except Exception:  # noqa: BLE001 - the socket is gone; the reader notices and reconnects
                return

    @staticmethod
    async def close_quietly(ws):
        try:
            await asyncio.wait_for(ws.close(), 3)
        except Exception:  # noqa: BLE001
            pass

    def forget_socket(self):
        for item in self.outbox:
            item.sent_ref = None
        self.ws = self.port_now = self.outgoing = None
        self.synced = self.resuming = False
        for timer in (self.stable_timer, self.pinger):
            if timer is not None:
                timer.cancel()
        self.stable_timer = self.pinger = None

    def send(self, message):
        """Queue a frame on the open socket (the browser's socket.send); False when there is none."""
        if self.ws is None or self.ws.closed:
            return False
        self.outgoing.put_nowait(json.dumps(message))
        return True

    def new_ref(self):
        ref = f"r{self.next_ref}"
        self.next_ref += 1
        return ref

    async def ping(self):
        while True:
            await asyncio.sleep(PING_EVERY_S)
            if not self.send({"type": "ping"}):
                continue
            sent_at = now()
            await asyncio.sleep(PONG_WITHIN_S)
            if self.last_message_at < sent_at:
                self.ping_timeouts += 1
                self.drop.set()
                return

    async def close(self):
        """End this client (the benchmark is over): no reconnect, no timer left."""
        self.closing = True
        ws = self.ws
        if ws is not None:
            await self.close_quietly(ws)
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        for timer in (self.stable_timer, self.pinger):
            if timer is not None:
                timer.cancel()

    # --- what the server sends -------------------------------------------------------------

    def receive(self, message, t):
        kind = message.get("type")
        if kind == "snapshot":
            self.apply_snapshot(message, t)
            self.settle_arrived()
        elif kind == "event":
            seq = message.get("seq") or 0
            if seq <= self.seq:
                self.redundant_events += 1
                return
            if seq > self.seq + 1:
                self.gaps_seen += 1
                if not self.resuming and self.send({"type": "resume", "since": self.seq}):
                    self.resuming = True
                    self.resumes_sent += 1
                return
            live = self.synced and not self.resuming
            self.apply_event(message, t)
            self.seq = seq
            if live:
                self.live_events.append(t)
            data = message.get("data") or {}
            if message.get("name") == "card.created" or data.get("card") or data.get("revealed"):
                self.settle_arrived()
        elif kind == "synced":
            first_sync = not self.synced
            self.seq = max(self.seq, message.get("seq") or 0)
            self.synced, self.resuming = True, False
            if first_sync:
                self.on_first_sync(t)
        elif kind == "ack":
            self.settle_request(message.get("ref"), None, t)
        elif kind == "error":
            self.settle_request(message.get("ref"), message.get("code") or "?", t)

    def on_first_sync(self, t):
        self.syncs.append((t, self.port_now))
        if self.down_since is not None:
            self.downtimes.append((self.down_since, t))
            self.down_since = None
        loop = asyncio.get_running_loop()
        self.stable_timer = loop.call_later(STABLE_AFTER_S, self.reset_backoff)
        self.pinger = asyncio.ensure_future(self.ping())
        self.flush_outbox()

    def reset_backoff(self):
        self.attempt = 0

    def apply_snapshot(self, snapshot, t):
        self.snapshots += 1
        self.seq = snapshot.get("seq") or 0
        self.cards, self.client_ids = {}, set()
        for card in list(snapshot.get("cards") or []) + list(snapshot.get("deleted_cards") or []):
            self.put_card(card, t)

    def apply_event(self, event, t):
        card = (event.get("data") or {}).get("card")
        if event.get("name") == "card.created" and card:
            # A snapshot may already hold a card whose event follows (docs/board-protocol.md): not a double.
            if card["id"] in self.created_by_event:
                self.applied_twice += 1
            self.created_by_event.add(card["id"])
            self.put_card(card, t)

    def put_card(self, card, t):
        client_id = card.get("client_id")
        if card["id"] not in self.cards and client_id in self.client_ids:
            self.doubled_in_state += 1
        self.cards[card["id"]] = client_id
        self.client_ids.add(client_id)
        self.seen.setdefault(client_id, t)

    # --- posting (outbox.js and connection.js's flushOutbox / settlePost) ------------------

    def post(self, text):
        """The member submits a card: into the outbox, sent at once when synced."""
        client_id = str(uuid.uuid4())
        post = self.posts[client_id] = Post(client_id, self.name, now())
        self.outbox.append(OutboxItem(post, {"type": "card.create", "client_id": client_id, "kind": "need",
                                             "text": text}))
        self.flush_outbox()

    def flush_outbox(self):
        if not self.synced:
            return
        for item in self.outbox:
            if item.error or item.sent_ref:
                continue
            ref = self.new_ref()
            self.requests[ref] = (item.post.client_id, now())
            if self.send({**item.message, "ref": ref}):
                item.sent_ref = ref
                item.post.sends += 1
                if item.post.first_sent_at is None:
                    item.post.first_sent_at = now()

    def settle_arrived(self):
        """Cards now on the board (their event or a snapshot arrived) leave the outbox."""
        self.outbox = [item for item in self.outbox if item.post.client_id not in self.client_ids]

    def settle_request(self, ref, error, t):
        client_id, sent_at = self.requests.pop(ref, (None, None))
        if client_id is None:
            return
        post = self.posts[client_id]
        if error is None:
            if post.acked_at is None:
                post.acked_at, post.acked_send_at = t, sent_at
        else:
            post.errors[error] += 1
        item = next((i for i in self.outbox if i.post.client_id == client_id), None)
        if item is None:
            return
        item.sent_ref = None
        if error == "rate_limited":
            asyncio.get_running_loop().call_later(RATE_LIMITED_RETRY_S, self.flush_outbox)
        elif error is not None:
            item.error = post.refused = error

    def pending(self):
        """Posts the member still waits for: in the outbox and not refused."""
        return sum(1 for item in self.outbox if not item.error)


class FloodClient(BoardClient):
    """A member's socket that, once synced, sends `count` frames as fast as it can: card.create and ping in turn.

    Unlike the browser it keeps no outbox: what is refused (rate_limited) stays unsent.
    It records every answer (ack, error, pong) by the ref it sent.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.flood_refs = set()
        self.answers = Counter()  # "ack" / "pong" / error code
        self.flood_started = self.flood_sent = self.last_answer_at = None

    def flood(self, count, text):
        self.flood_started = now()
        for i in range(count):
            ref = f"flood{i}"
            self.flood_refs.add(ref)
            if i % 2:
                self.send({"type": "ping", "ref": ref})
                continue
            client_id = str(uuid.uuid4())
            post = self.posts[client_id] = Post(client_id, self.name, now(), first_sent_at=now(), sends=1)
            self.requests[ref] = (client_id, now())
            if not self.send({"type": "card.create", "ref": ref, "client_id": client_id, "kind": "need",
                              "text": f"{text} {i}"}):
                post.refused = "not connected"
        # The writer sends them back to back; it is done when its queue is empty.
        outgoing = self.outgoing
        asyncio.ensure_future(self._note_sent(outgoing))

    async def _note_sent(self, outgoing):
        while outgoing is not None and not outgoing.empty():
            await asyncio.sleep(0.005)
        self.flood_sent = now()

    def receive(self, message, t):
        ref = message.get("ref")
        if ref in self.flood_refs:
            self.flood_refs.discard(ref)
            kind = message.get("type")
            self.answers[kind if kind in ("ack", "pong") else message.get("code") or "?"] += 1
            self.last_answer_at = t
        super().receive(message, t)

    def settle_request(self, ref, error, t):
        if not str(ref).startswith("flood") or ref not in self.requests:
            return super().settle_request(ref, error, t)
        client_id, sent_at = self.requests.pop(ref)
        post = self.posts[client_id]
        if error is None:
            post.acked_at, post.acked_send_at = t, sent_at
        else:
            post.errors[error] += 1
            post.refused = error

    def answered(self):
        return sum(self.answers.values())
