#!/usr/bin/env python
"""Fan-out benchmark for the live boards: N watchers on one board, cards posted at a set rate.

One command (defaults: 200 watchers, core Redis layer, Daphne, 2 cards/s, 60 cards):

    .venv/bin/pip install -r bench/requirements.txt      # once: aiohttp, uvicorn[standard]
    .venv/bin/python bench/board_fanout.py
    .venv/bin/python bench/board_fanout.py --watchers 50,200,1000 --layer core,pubsub --server daphne,uvicorn
    .venv/bin/python bench/board_fanout.py --matrix       # the full grid of docs/performance.md

For every cell (watchers x layer x server) it runs two phases with identical
load, servers and channel layer, one after the other:

* bare  — bench/bare_asgi.py: a Channels consumer that joins one group and
          relays each posted card to it (no database, no authentication);
* board — the real app (netzwerkstatt.asgi with bench/settings.py): sockets at
          /ws/boards/<id>/, authenticated by session cookie and Origin, every
          card stored in the database before it is broadcast.

Each phase starts 2 ASGI worker processes on loopback ports sharing the Redis
channel layer (its own Redis DB, flushed, with its own key prefix), connects
the watchers alternately to both workers, posts cards through poster sockets
(also spread over both workers), measures per-card delivery latency (send time
-> time each watcher receives the event; the card text carries a nonce and the
send timestamp), counts lost and duplicated deliveries per watcher, then closes
every socket at once and counts "Too many connections"/MaxConnectionsError and
other error lines in the workers' stderr. Results are printed and written as
JSON to bench/results/.

Bounded: every loop has a count and a deadline, it only talks to 127.0.0.1,
and it stops every process it started on exit, on error and on Ctrl-C (the
workers also get SIGTERM if the harness dies: PR_SET_PDEATHSIG).
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/ is sys.path[0], the project root is not
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    DB_CONNECTION_ENV, HOST, PY, RESULTS_DIR, Database, board_available, count_log_lines, cpu_seconds,
    django_env, log, migrate_and_seed, pct, raise_fd_limit, start_worker, stop, stop_all, versions,
    wait_listening, free_port,
)

NONCE_RE = re.compile(r"bench#(\d+)#")
# What the workers' stderr is searched for after each phase.
LOG_PATTERNS = {
    "too_many_connections": re.compile(r"Too many connections|MaxConnectionsError"),
    "over_capacity": re.compile(r"over capacity"),
    "tracebacks": re.compile(r"^Traceback \(most recent call last\)"),
    # Daphne kills an application instance still running 10 s (application_close_timeout) after its
    # socket closed: its disconnect handler never finished.
    "app_killed": re.compile(r"took too long to shut down and was killed"),
    "error_lines": re.compile(r"\bERROR\b|\bError\b|Exception"),
}
MAX_WATCHERS = 5000
MAX_CARDS = 10_000


def start_workers(args, target, server, env, logdir, tag):
    app = "bench.bare_asgi:application" if target == "bare" else args.board_app
    workers = [start_worker(server, app, free_port(), env, logdir / f"{tag}-worker{i + 1}.log", args.ws_max_queue)
               for i in range(args.workers)]
    try:
        for w in workers:
            wait_listening(w.port, w.proc, args.start_timeout, w.log_path)
    except BaseException:
        for w in workers:
            stop(w.proc)
        raise
    return workers


# --- Redis ----------------------------------------------------------------------------

def worker_env(args, db_url, layer, prefix):
    return django_env(db_url, args.redis_url, layer, prefix, args.db_connections, args.conn_max_age)


def flush_redis(url):
    import redis

    r = redis.Redis.from_url(url, socket_timeout=5)
    try:
        r.flushdb()
    finally:
        r.close()


def leftovers(args, db, layer, prefix, target, board_id):
    """What is still registered after every socket closed: group members in Redis (core layer),
    subscribed pub/sub channels (pubsub layer) and, for the board, BoardConnection rows."""
    import redis

    group = "bench.bare" if target == "bare" else f"board.{board_id}"
    found = {}
    r = redis.Redis.from_url(args.redis_url, socket_timeout=5)
    try:
        if layer == "core":
            found["group_members"] = int(r.zcard(f"{prefix}:group:{group}"))
        else:
            names = sorted(x.decode() for x in r.pubsub_channels(f"{prefix}*"))
            found["pubsub_channels"] = len(names)
            found["pubsub_channel_samples"] = [x.removeprefix(prefix) for x in names[:3]] if names else []
            if names:  # which connections still hold them (one pub/sub connection per worker)
                found["pubsub_subs_per_connection_samples"] = sorted(
                    int(c.get("sub", 0)) for c in r.client_list(_type="pubsub") if int(c.get("sub", 0)))
    finally:
        r.close()
    if target == "board":
        found["board_connections"] = db.count("SELECT count(*) FROM ideas_boardconnection WHERE board_id = %s",
                                              board_id)
    return found


def redis_cpu(url):
    import redis

    r = redis.Redis.from_url(url, socket_timeout=5)
    try:
        info = r.info("cpu")
        return float(info.get("used_cpu_user", 0)) + float(info.get("used_cpu_sys", 0))
    except Exception:  # noqa: BLE001
        return 0.0
    finally:
        r.close()


# --- the client: watchers and posters --------------------------------------------------------

@dataclass
class Sock:
    idx: int
    port: int
    ws: object = None
    synced: asyncio.Event = field(default_factory=asyncio.Event)
    recv: dict = field(default_factory=dict)  # nonce -> receive time (ns), first delivery
    dups: int = 0
    last_seq: int = 0
    seq_gaps: int = 0
    seq_disorder: int = 0
    other_events: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    closed_early: bool = False
    deflate: bool = False
    presence_frames: int = 0
    online: int = 0


class Phase:
    """One measurement: connect, post, drain, disconnect — in one asyncio loop."""

    def __init__(self, args, target, workers, sessions, board_id):
        self.args = args
        self.target = target
        self.ports = [w.port for w in workers]
        self.sessions = sessions
        self.board_id = board_id
        self.sent: dict[int, int] = {}  # nonce -> send time (ns)
        self.acked: dict[int, int] = {}  # nonce -> ack time (ns)
        self.ref_to_nonce: dict[str, int] = {}
        self.post_errors: dict[str, int] = {}
        self.delivered = 0
        self.last_other = 0  # perf_counter_ns of the last frame that was not a card
        self.closing = False

    def path(self):
        return "/ws/bare/" if self.target == "bare" else f"/ws/boards/{self.board_id}/"

    async def connect(self, http, sock, session_key):
        port = sock.port
        headers = {"Origin": f"http://{HOST}:{port}"}
        if session_key:
            headers["Cookie"] = f"sessionid={session_key}"
        import aiohttp

        sock.ws = await http.ws_connect(
            f"ws://{HOST}:{port}{self.path()}", headers=headers, autoping=True, heartbeat=None,
            max_msg_size=32 * 1024 * 1024, compress=0 if self.args.no_deflate else 15,
            timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=5.0),
        )
        sock.deflate = bool(sock.ws.compress)

    async def reader(self, sock, poster):
        import aiohttp

        perf = time.perf_counter_ns
        loads = json.loads
        ws = sock.ws
        try:
            while True:
                msg = await ws.receive()
                now = perf()
                if msg.type != aiohttp.WSMsgType.TEXT:
                    if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                    aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.ERROR):
                        sock.closed_early = not self.closing
                        return
                    continue
                try:
                    frame = loads(msg.data)
                except ValueError:
                    sock.errors.append("bad json")
                    continue
                kind = frame.get("type")
                if kind == "event":
                    seq = frame.get("seq") or 0
                    if seq:
                        if sock.last_seq and seq != sock.last_seq + 1:
                            if seq > sock.last_seq + 1:
                                sock.seq_gaps += 1
                            else:
                                sock.seq_disorder += 1
                        sock.last_seq = max(sock.last_seq, seq)
                    if frame.get("name") == "card.created":
                        m = NONCE_RE.search(msg.data)
                        if m:
                            nonce = int(m.group(1))
                            if poster:
                                continue
                            if nonce in sock.recv:
                                sock.dups += 1
                            else:
                                sock.recv[nonce] = now
                                self.delivered += 1
                            continue
                    name = frame.get("name", "?")
                    sock.other_events[name] = sock.other_events.get(name, 0) + 1
                    self.last_other = now
                elif kind == "presence":
                    sock.presence_frames += 1
                    sock.online = frame.get("online") or 0
                    self.last_other = now
                elif kind == "ack" and poster:
                    nonce = self.ref_to_nonce.get(frame.get("ref"))
                    if nonce is not None and nonce not in self.acked:
                        self.acked[nonce] = now
                elif kind == "synced":
                    sock.last_seq = frame.get("seq") or sock.last_seq
                    sock.synced.set()
                elif kind == "error":
                    code = str(frame.get("code", "?"))
                    if poster and frame.get("ref") in self.ref_to_nonce:
                        self.post_errors[code] = self.post_errors.get(code, 0) + 1
                    elif len(sock.errors) < 20:
                        sock.errors.append(code)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - recorded, not fatal
            sock.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            sock.closed_early = not self.closing

    async def run(self):
        import aiohttp

        a = self.args
        self.closing = False
        n = a.watchers_now
        posters = [Sock(i, self.ports[i % len(self.ports)]) for i in range(a.posters)]
        watchers = [Sock(i, self.ports[i % len(self.ports)]) for i in range(n)]
        keys = list(self.sessions) if self.sessions else [None] * (n + a.posters)
        result = {"watchers": n, "posters": a.posters}
        connector = aiohttp.TCPConnector(limit=0, force_close=True)
        http = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())
        tasks = []
        try:
            # Connect, a bounded number at a time, each within its deadline; wait for "synced".
            sem = asyncio.Semaphore(a.connect_concurrency)
            failures = []
            retries = 0

            async def attempt(sock, key, poster):
                """One connect: handshake, then wait for "synced" (or for the server to close)."""
                reader = None
                try:
                    await asyncio.wait_for(self.connect(http, sock, key), a.connect_timeout)
                    reader = asyncio.ensure_future(self.reader(sock, poster))
                    synced = asyncio.ensure_future(sock.synced.wait())
                    await asyncio.wait({reader, synced}, timeout=a.connect_timeout,
                                       return_when=asyncio.FIRST_COMPLETED)
                    synced.cancel()
                    if sock.synced.is_set():
                        tasks.append(reader)
                        return None
                    why = "closed by the server before synced" if reader.done() else "no synced in time"
                    if sock.ws is not None and sock.ws.close_code:
                        why += f" (close code {sock.ws.close_code})"
                    return why
                except Exception as exc:  # noqa: BLE001
                    return f"{type(exc).__name__}: {exc}"[:200]
                finally:
                    if not sock.synced.is_set():
                        if reader is not None:
                            reader.cancel()
                        if sock.ws is not None:
                            with contextlib.suppress(Exception):
                                await asyncio.wait_for(sock.ws.close(), 5)
                            sock.ws = None

            async def open_one(sock, key, poster):
                """Connect with bounded retries and full-jitter backoff, like the board's own client."""
                nonlocal retries
                why = None
                for n_try in range(a.connect_attempts):
                    if n_try:
                        retries += 1
                        await asyncio.sleep(random.uniform(0, min(10.0, 0.5 * 2 ** n_try)))
                    async with sem:
                        why = await attempt(sock, key, poster)
                    if why is None:
                        return
                failures.append(why)

            t0 = time.monotonic()
            try:
                # Posters first, so the measurement never lacks one; then the watchers.
                await asyncio.wait_for(
                    asyncio.gather(*(open_one(s, keys[s.idx], True) for s in posters)), a.connect_deadline)
                await asyncio.wait_for(
                    asyncio.gather(*(open_one(s, keys[a.posters + s.idx], False) for s in watchers)),
                    max(1.0, a.connect_deadline - (time.monotonic() - t0)))
            except asyncio.TimeoutError:
                failures.append(f"connect deadline of {a.connect_deadline}s reached")
            result["connect_retries"] = retries
            result["connect_seconds"] = round(time.monotonic() - t0, 2)
            result["connect_failures"] = len(failures)
            result["connect_failure_samples"] = sorted(set(failures))[:5]
            result["deflate_negotiated"] = any(s.deflate for s in watchers)
            live = [s for s in watchers if s.synced.is_set()]
            live_posters = [s for s in posters if s.synced.is_set()]
            log(f"  {self.target}: {len(live)}/{n} watchers and {len(live_posters)}/{a.posters} posters synced "
                f"in {result['connect_seconds']}s")
            if not live_posters or not live:
                raise RuntimeError(f"{self.target}: no poster or no watcher could connect: {failures[:3]}")
            # Let the joins settle (the board announces presence to everyone on each connect):
            # wait until no other frame arrived for `settle` seconds, at most `settle_max`.
            t_quiet = time.monotonic()
            settle_deadline = t_quiet + a.settle_max
            while time.monotonic() < settle_deadline:
                if (time.perf_counter_ns() - self.last_other) / 1e9 >= a.settle:
                    break
                await asyncio.sleep(0.1)
            result["settle_seconds"] = round(time.monotonic() - t_quiet, 2)
            result["presence_frames_while_connecting"] = sum(s.presence_frames for s in live + live_posters)
            result["presence_online_seen"] = {"min": min(s.online for s in live), "max": max(s.online for s in live)}
            before_events = sum(sum(s.other_events.values()) for s in live)
            before_presence = sum(s.presence_frames for s in live)

            # Post: open loop, card i at t0 + i/rate, not waiting for acks (no coordinated omission).
            cpu0 = {w: cpu_seconds(w) for w in self.worker_pids}
            rcpu0 = redis_cpu(a.redis_url)
            self_cpu0 = time.process_time()
            start = time.perf_counter()
            for i in range(a.cards):
                target_t = start + i / a.rate
                delay = target_t - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                poster = live_posters[i % len(live_posters)]
                ref = f"r{i}"
                self.ref_to_nonce[ref] = i
                t_send = time.perf_counter_ns()
                self.sent[i] = t_send
                frame = {"type": "card.create", "ref": ref, "client_id": str(uuid.uuid4()), "kind": "need",
                         "text": f"Benchmark-Karte bench#{i}#{t_send} – Bedarf: Sprachkurs am Abend"}
                try:
                    await poster.ws.send_str(json.dumps(frame))
                except Exception as exc:  # noqa: BLE001
                    self.post_errors[type(exc).__name__] = self.post_errors.get(type(exc).__name__, 0) + 1
            post_seconds = time.perf_counter() - start

            # Drain: until every watcher has every acked card, or the deadline.
            deadline = time.monotonic() + a.drain_timeout
            while time.monotonic() < deadline:
                if len(self.acked) + sum(self.post_errors.values()) >= a.cards and \
                        self.delivered >= len(live) * len(self.acked):
                    break
                await asyncio.sleep(0.05)
            result["drain_seconds"] = round(time.monotonic() - (deadline - a.drain_timeout), 2)
            window = time.perf_counter() - start
            result["worker_cpu_percent"] = round(
                100 * sum(cpu_seconds(w) - c for w, c in cpu0.items()) / window, 1)
            result["redis_cpu_percent"] = round(100 * (redis_cpu(a.redis_url) - rcpu0) / window, 1)
            result["client_cpu_percent"] = round(100 * (time.process_time() - self_cpu0) / window, 1)
            result["post_seconds"] = round(post_seconds, 2)
            result["achieved_rate"] = round(a.cards / post_seconds, 2) if post_seconds else None
            result.update(self.figures(live, n))
            result["other_events_during_posting"] = sum(sum(s.other_events.values()) for s in live) - before_events
            result["presence_frames_during_posting"] = sum(s.presence_frames for s in live) - before_presence
            names = {}
            for s in live:
                for k, v in s.other_events.items():
                    names[k] = names.get(k, 0) + v
            result["other_events_by_name"] = names

            # Disconnect every socket at once: the "known trap" scenario.
            self.closing = True
            t1 = time.monotonic()
            await asyncio.wait_for(
                asyncio.gather(*(s.ws.close() for s in watchers + posters if s.ws is not None),
                               return_exceptions=True),
                30,
            )
            result["disconnect_seconds"] = round(time.monotonic() - t1, 2)
        finally:
            self.closing = True
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await http.close()
        return result

    def figures(self, live, n):
        expected = sorted(self.acked)
        lat = []
        lost = dups = 0
        lost_watchers = 0
        per_card_last = {}
        for s in live:
            missing = 0
            for nonce in expected:
                t = s.recv.get(nonce)
                if t is None:
                    missing += 1
                    continue
                d = (t - self.sent[nonce]) / 1e6
                lat.append(d)
                if d > per_card_last.get(nonce, -1):
                    per_card_last[nonce] = d
            lost += missing
            lost_watchers += bool(missing)
            dups += s.dups
        lat.sort()
        ack = sorted((self.acked[k] - self.sent[k]) / 1e6 for k in expected)
        last = sorted(per_card_last.values())
        not_connected = n - len(live)
        return {
            "cards_sent": len(self.sent),
            "cards_acked": len(expected),
            "post_errors": self.post_errors,
            "deliveries_expected": len(expected) * len(live),
            "deliveries": len(lat),
            "lost": lost,
            "lost_watchers": lost_watchers,
            "duplicates": dups,
            "watchers_not_connected": not_connected,
            "watchers_closed_early": sum(s.closed_early for s in live),
            "seq_gaps": sum(s.seq_gaps for s in live),
            "seq_disorder": sum(s.seq_disorder for s in live),
            "client_errors": sorted({e for s in live for e in s.errors})[:5],
            "latency_ms": pct(lat),
            # Per card in posting order: the time until the last watcher had it (finds cold starts and stalls).
            "per_card_all_watchers_ms": [round(per_card_last[k], 1) if k in per_card_last else None
                                         for k in expected],
            "all_watchers_ms": pct(last),
            "ack_ms": pct(ack),
        }


def run_client_phase(phase):
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:
        runner = asyncio.run
    return runner(phase.run())


# --- orchestration ---------------------------------------------------------------------------

def run_phase(args, ctx, target, server, layer, n, board_id):
    ctx["phase_no"] += 1
    prefix = f"nzwb{os.getpid()}x{ctx['phase_no']}"
    flush_redis(args.redis_url)
    env = worker_env(args, ctx["db"].url, layer, prefix)
    tag = f"{ctx['phase_no']:02d}-{target}-{server}-{layer}-{n}"
    workers = start_workers(args, target, server, env, ctx["logdir"], tag)
    result = {"target": target}
    try:
        args.watchers_now = n
        phase = Phase(args, target, workers, ctx["sessions"] if target == "board" else None, board_id)
        phase.worker_pids = [w.proc.pid for w in workers]
        try:
            result.update(run_client_phase(phase))
        except Exception as exc:  # noqa: BLE001 - one failed phase must not lose the others
            log(f"  {target}: FAILED: {type(exc).__name__}: {exc}")
            result["failed"] = f"{type(exc).__name__}: {exc}"[:500]
        # Give the workers time for their disconnect handlers, then see what is left registered.
        t = time.monotonic()
        time.sleep(2)
        while True:
            try:
                left = leftovers(args, ctx["db"], layer, prefix, target, board_id)
            except Exception as exc:  # noqa: BLE001
                left = {"error": f"{type(exc).__name__}: {exc}"[:200]}
                break
            if not any(v for k, v in left.items() if not k.endswith("_samples")) or \
                    time.monotonic() - t > args.after_close:
                break
            time.sleep(0.5)
        result["cleanup_seconds"] = round(time.monotonic() - t, 1)
        result["left_registered"] = left
        result["workers_alive_at_end"] = sum(w.proc.poll() is None for w in workers)
    finally:
        for w in workers:
            stop(w.proc)
    counts, samples = count_log_lines([w.log_path for w in workers], LOG_PATTERNS)
    result["server_log"] = counts
    result["server_log_samples"] = samples
    return result


def run_cell(args, ctx, server, layer, n):
    cell = {"server": server, "layer": layer, "watchers": n, "rate": args.rate, "cards": args.cards,
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()]}
    log(f"cell: {n} watchers, {layer} layer, {server} (load {cell['loadavg_at_start'][0]})")
    for target in args.targets:
        board_id = ctx["boards"].pop(0) if target == "board" else None
        cell[target] = run_phase(args, ctx, target, server, layer, n, board_id)
        print_phase(cell[target])
    bare, board = cell.get("bare", {}), cell.get("board", {})
    try:
        cell["ratio_p99"] = round(board["latency_ms"]["p99"] / bare["latency_ms"]["p99"], 2)
    except (KeyError, TypeError, ZeroDivisionError):
        cell["ratio_p99"] = None
    if cell["ratio_p99"] is not None:
        log(f"  board/bare p99 = {cell['ratio_p99']}")
    return cell


def print_phase(r):
    if "latency_ms" not in r:
        log(f"  {r['target']}: no figures ({r.get('failed', 'failed')})")
        return
    lat = r["latency_ms"]
    log(f"  {r['target']:5s} p50 {lat['p50']} ms  p95 {lat['p95']} ms  p99 {lat['p99']} ms  "
        f"lost {r['lost']}  dup {r['duplicates']}  acked {r['cards_acked']}/{r['cards_sent']}  "
        f"gaps {r['seq_gaps']}  too-many-conn {r['server_log']['too_many_connections']}  "
        f"killed {r['server_log'].get('app_killed', 0)}  left {r.get('left_registered', {})}  "
        f"cpu workers {r['worker_cpu_percent']}% client {r['client_cpu_percent']}%")


def table(cells):
    head = ("watchers", "layer", "server", "bare p50", "bare p95", "bare p99", "board p50", "board p95",
            "board p99", "ratio p99", "lost b/B", "dup b/B", "TooManyConn b/B")
    rows = [head]

    def g(c, t, k):
        try:
            return str(c[t]["latency_ms"][k])
        except (KeyError, TypeError):
            return "-"

    def pair(c, k, sub=None):
        vals = []
        for t in ("bare", "board"):
            v = c.get(t, {})
            v = v.get(k, "-") if sub is None else v.get(k, {}).get(sub, "-")
            vals.append(str(v))
        return "/".join(vals)

    for c in cells:
        rows.append((str(c["watchers"]), c["layer"], c["server"], g(c, "bare", "p50"), g(c, "bare", "p95"),
                     g(c, "bare", "p99"), g(c, "board", "p50"), g(c, "board", "p95"), g(c, "board", "p99"),
                     str(c.get("ratio_p99") or "-"), pair(c, "lost"), pair(c, "duplicates"),
                     pair(c, "server_log", "too_many_connections")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return "\n".join("  ".join(v.rjust(w) for v, w in zip(r, widths)) for r in rows)


def csv_list(value, allowed=None, conv=str):
    items = [conv(x.strip()) for x in value.split(",") if x.strip()]
    if allowed:
        bad = [x for x in items if x not in allowed]
        if bad:
            raise argparse.ArgumentTypeError(f"{bad} not in {sorted(allowed)}")
    return items


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--watchers", default="200", help="comma-separated watcher counts (default 200)")
    p.add_argument("--layer", default="core", help="core,pubsub (default core)")
    p.add_argument("--server", default="daphne", help="daphne,uvicorn (default daphne)")
    p.add_argument("--target", default="both", choices=["both", "bare", "board"],
                   help="what to measure (default both: bare baseline, then the board)")
    p.add_argument("--matrix", action="store_true",
                   help="the full grid: watchers 50,200,1000 x layer core,pubsub x server daphne,uvicorn")
    p.add_argument("--rate", type=float, default=2.0, help="cards per second, all posters together (default 2)")
    p.add_argument("--cards", type=int, default=60, help="cards per phase (default 60)")
    p.add_argument("--posters", type=int, default=2, help="poster sockets, spread over the workers (default 2)")
    p.add_argument("--workers", type=int, default=2, help="ASGI worker processes (default 2)")
    p.add_argument("--db", default="postgres", choices=["postgres", "sqlite"],
                   help="throwaway database for the board (default postgres, created and dropped)")
    p.add_argument("--db-name", default=None,
                   help="name of the throwaway PostgreSQL database (default netzwerkstatt_bench_<pid>; "
                        "created, then dropped)")
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432",
                   help="PostgreSQL server for --db postgres (default postgres://postgres@127.0.0.1:5432)")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/6",
                   help="Redis DB of the benchmark's own, FLUSHED before each phase (default .../6)")
    p.add_argument("--db-connections", default="new", choices=sorted(DB_CONNECTION_ENV),
                   help="the board workers' PostgreSQL connections: new (per socket message; the app's default), "
                        "persistent (DATABASE_CONN_MAX_AGE=60) or pool (DATABASE_POOL=on)")
    p.add_argument("--conn-max-age", type=int, default=0,
                   help="DATABASE_CONN_MAX_AGE of the board workers (overrides --db-connections; default 0)")
    p.add_argument("--board-app", default="netzwerkstatt.asgi:application",
                   help="the board's ASGI application (bench.gc_asgi:application logs garbage-collector pauses)")
    p.add_argument("--ws-max-queue", type=int, default=32, help="uvicorn --ws-max-queue (default 32, its own)")
    p.add_argument("--no-deflate", action="store_true",
                   help="don't offer permessage-deflate (browsers offer it; uvicorn accepts it, Daphne doesn't)")
    p.add_argument("--connect-concurrency", type=int, default=10,
                   help="sockets connecting at once (default 10; Daphne drops a handshake the app has not "
                        "accepted within 5 s, and the board's accept waits for the database)")
    p.add_argument("--connect-timeout", type=float, default=30.0, help="per attempt: handshake, then synced")
    p.add_argument("--connect-attempts", type=int, default=4, help="attempts per socket (default 4)")
    p.add_argument("--connect-deadline", type=float, default=600.0,
                   help="all sockets of a phase must be connected within this (default 600 s)")
    p.add_argument("--settle", type=float, default=2.0,
                   help="quiet seconds (no presence or other frame) required before posting starts (default 2)")
    p.add_argument("--settle-max", type=float, default=120.0, help="longest wait for that quiet (default 120)")
    p.add_argument("--drain-timeout", type=float, default=15.0, help="seconds to wait for late deliveries")
    p.add_argument("--after-close", type=float, default=30.0,
                   help="longest wait, after every socket closed, for the workers to unregister them (default 30)")
    p.add_argument("--start-timeout", type=float, default=60.0)
    p.add_argument("--out", help="JSON file (default bench/results/board_fanout-<time>.json)")
    p.add_argument("--keep-logs", action="store_true", help="copy the workers' logs next to the JSON")
    args = p.parse_args(argv)
    if args.matrix:
        args.watchers, args.layer, args.server = "50,200,1000", "core,pubsub", "daphne,uvicorn"
    try:
        args.watcher_counts = csv_list(args.watchers, conv=int)
        args.layers = csv_list(args.layer, {"core", "pubsub"})
        args.servers = csv_list(args.server, {"daphne", "uvicorn"})
    except (ValueError, argparse.ArgumentTypeError) as exc:
        p.error(str(exc))
    if not args.watcher_counts or any(not 1 <= n <= MAX_WATCHERS for n in args.watcher_counts):
        p.error(f"--watchers must be 1..{MAX_WATCHERS}")
    if not 1 <= args.cards <= MAX_CARDS:
        p.error(f"--cards must be 1..{MAX_CARDS}")
    if not 0.1 <= args.rate <= 1000:
        p.error("--rate must be 0.1..1000 cards per second")
    if not 1 <= args.posters <= 50 or not 1 <= args.workers <= 8:
        p.error("--posters must be 1..50 and --workers 1..8")
    if not args.redis_url.startswith(("redis://127.0.0.1", "redis://localhost")) or \
            not args.pg_url.startswith(("postgres://postgres@127.0.0.1", "postgres://postgres@localhost")):
        p.error("the benchmark only talks to 127.0.0.1")
    if args.redis_url.rstrip("/").endswith(":6379") or args.redis_url.endswith("/0"):
        p.error("--redis-url needs a database number of its own (it is flushed), e.g. redis://127.0.0.1:6379/6")
    args.targets = ["bare", "board"] if args.target == "both" else [args.target]
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        import aiohttp  # noqa: F401
        if "uvicorn" in args.servers:
            import uvicorn  # noqa: F401
    except ImportError as exc:
        raise SystemExit(f"{exc.name} is missing: .venv/bin/pip install -r bench/requirements.txt")
    if "board" in args.targets:
        ok, why = board_available()
        if not ok:
            raise SystemExit(f"the board consumer is missing ({why}); measure the baseline alone with --target bare")
    max_n = max(args.watcher_counts)
    # Each socket costs the harness one descriptor and the workers one between them; leave headroom.
    fd_limit = raise_fd_limit(max_n + args.posters + 512)

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    # Ctrl-C must stop the run even when the shell started it with SIGINT ignored (a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    cells_spec = [(n, layer, server) for n in args.watcher_counts for layer in args.layers for server in args.servers]
    started = time.strftime("%Y%m%d-%H%M%S")
    out = Path(args.out) if args.out else RESULTS_DIR / f"board_fanout-{started}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmpdir = Path(tempfile.mkdtemp(prefix="board-fanout-"))
    ctx = {"phase_no": 0, "logdir": tmpdir, "sessions": None, "boards": []}
    ctx["db"] = Database(args.db if "board" in args.targets else "sqlite", tmpdir, args.pg_url, args.db_name)
    report = {
        "started": started,
        "command": " ".join([Path(PY).name, "bench/board_fanout.py", *(argv if argv is not None else sys.argv[1:])]),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "fd_limit": fd_limit,
                    "loadavg_at_start": [round(x, 2) for x in os.getloadavg()]},
        "versions": versions(),
        "settings": {k: getattr(args, k) for k in ("rate", "cards", "posters", "workers", "db", "redis_url",
                                                  "db_connections", "conn_max_age", "ws_max_queue", "no_deflate", "settle",
                                                  "settle_max", "drain_timeout", "after_close")},
        "cells": [],
    }
    log(f"{len(cells_spec)} cell(s), targets {args.targets}, {args.cards} cards at {args.rate}/s; results -> {out}")
    try:
        if "board" in args.targets:
            t = time.monotonic()
            ctx["db"].create()
            env = worker_env(args, ctx["db"].url, "core", "nzwbseed")
            seed = migrate_and_seed(ctx["db"], env, max_n + args.posters, len(cells_spec), tmpdir)
            ctx["sessions"], ctx["boards"] = seed["sessions"], seed["boards"]
            log(f"database ({args.db}) migrated and seeded in {time.monotonic() - t:.0f}s")
        for n, layer, server in cells_spec:
            report["cells"].append(run_cell(args, ctx, server, layer, n))
            out.write_text(json.dumps(report, indent=2))
    except KeyboardInterrupt:
        log("interrupted: stopping the workers")
        report["interrupted"] = True
    finally:
        stop_all()
        ctx["db"].drop()
        with contextlib.suppress(Exception):
            flush_redis(args.redis_url)  # leave the benchmark's Redis DB empty
        report["finished"] = time.strftime("%Y%m%d-%H%M%S")
        out.write_text(json.dumps(report, indent=2))
        if args.keep_logs:
            shutil.copytree(tmpdir, out.with_suffix(".logs"), dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.sqlite3*"))
        shutil.rmtree(tmpdir, ignore_errors=True)
    print()
    print(table(report["cells"]))
    print(f"\nlatency in ms (post sent -> event received by a watcher); lost/dup/TooManyConn as bare/Board; "
          f"JSON: {out}")
    failed = any(c.get(t, {}).get("failed") for c in report["cells"] for t in args.targets)
    return 130 if report.get("interrupted") else (1 if failed else 0)


if __name__ == "__main__":
    sys.exit(main())
