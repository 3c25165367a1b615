#!/usr/bin/env python
"""Fault benchmark for the live boards: member clients on two workers while a worker or Redis dies, or one floods.

One command (defaults: 20 clients, scenarios steady, worker-kill, redis-kill, flood; 3-4 minutes):

    .venv/bin/pip install -r bench/requirements.txt      # once: aiohttp
    .venv/bin/python bench/board_faults.py
    .venv/bin/python bench/board_faults.py --scenarios redis-kill --redis-outage 20

Setup, once per run: a throwaway PostgreSQL database (bench_faults_<pid>, migrated,
seeded by bench/seed.py with one member and session per client and one open board
per scenario, phase collect), a redis-server of its own on a free loopback port
(no persistence: a restarted Redis is empty), and two uvicorn workers of the real
app (netzwerkstatt.asgi with bench/settings.py, the core channel layer on that
Redis) on two loopback ports.

Each scenario runs on a fresh board with the same workers: the clients
(bench/board_client.py, which behaves like the browser's client) connect, half to
each worker, and each posts a card every 0.5-1.5 s (uniformly random) for
--duration seconds; --fault-at seconds in, the scenario's fault:

* steady      — none;
* worker-kill — SIGKILL the first worker; start it again on the same port --worker-down s later;
* redis-kill  — SIGKILL the redis-server; start it again (empty) --redis-outage s later;
* flood       — one more member's socket sends --flood-messages frames as fast as it can
                (card.create and ping in turn) while the others post as usual.

Then the clients drain (every outbox empty and every client at the board's last
seq, or --drain seconds), and the database, the clients' records and the workers'
logs are compared: bench/fault_figures.py says what each figure means. A table is
printed and the JSON written to bench/results/.

Bounded: only 127.0.0.1, every wait has a deadline, and every process, the Redis
and the database it made are stopped or dropped on exit, on error and on Ctrl-C.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/ is sys.path[0], the project root is not
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.board_client import BoardClient, FloodClient, now  # noqa: E402
from bench.fault_figures import ScenarioRun, figures, table, targets_summary  # noqa: E402
from bench.harness import (  # noqa: E402
    DB_CONNECTION_ENV, HOST, PY, RESULTS_DIR, Database, RedisServer, board_available, django_env, free_port,
    kill_now, log, log_sizes, migrate_and_seed, port_open, start_worker, stop_all, versions, wait_listening,
)

SCENARIOS = ("steady", "worker-kill", "redis-kill", "flood")
APP = "netzwerkstatt.asgi:application"
MAX_CLIENTS = 500


class Bench:
    """The run's database, Redis and workers."""

    def __init__(self, args, tmpdir):
        self.args = args
        self.tmpdir = tmpdir
        self.db = Database("postgres", tmpdir, args.pg_url, args.db_name or f"bench_faults_{os.getpid()}")
        self.redis = RedisServer(free_port(), tmpdir)
        self.env = None
        self.workers = []
        self.log_paths = []  # every worker log of the run, restarted workers' too
        self.starts = 0

    def spawn_worker(self, slot, port):
        """Start the worker of a slot (not waiting for it); from the main thread, so that PDEATHSIG holds."""
        self.starts += 1
        log_path = self.tmpdir / f"worker{slot + 1}-start{self.starts}.log"
        worker = start_worker("uvicorn", APP, port, self.env, log_path)
        self.log_paths.append(log_path)
        if slot < len(self.workers):
            self.workers[slot] = worker
        else:
            self.workers.append(worker)
        return worker

    def start_workers(self):
        for slot in range(2):
            self.spawn_worker(slot, free_port())
        for w in self.workers:
            wait_listening(w.port, w.proc, self.args.start_timeout, w.log_path)

    async def wait_listening(self, port, proc, timeout):
        deadline = now() + timeout
        while now() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"process on port {port} exited with {proc.returncode}")
            if port_open(port):
                return
            await asyncio.sleep(0.05)
        raise RuntimeError(f"process on port {port} did not listen within {timeout}s")


# --- the faults -----------------------------------------------------------------------------------

async def no_fault(bench, run):
    return


async def kill_worker(bench, run):
    await asyncio.sleep(bench.args.fault_at)
    slot = 0
    worker = bench.workers[slot]
    run.fault["killed_port"] = worker.port
    run.fault["victims"] = [c.name for c in run.clients if c.ws is not None and c.port_now == worker.port]
    kill_now(worker.proc)
    run.times["at"] = run.times["worker_killed"] = now()
    await asyncio.sleep(bench.args.worker_down)
    restarted = bench.spawn_worker(slot, worker.port)
    run.times["worker_restarted"] = now()
    await bench.wait_listening(restarted.port, restarted.proc, bench.args.start_timeout)
    run.times["worker_listening"] = now()


async def kill_redis(bench, run):
    await asyncio.sleep(bench.args.fault_at)
    bench.redis.kill()
    run.times["at"] = run.times["redis_killed"] = now()
    run.fault["outage_s"] = bench.args.redis_outage
    await asyncio.sleep(bench.args.redis_outage)
    proc = bench.redis.spawn()
    await bench.wait_listening(bench.redis.port, proc, 15)
    run.times["redis_back"] = now()


async def flood(bench, run):
    await asyncio.sleep(bench.args.fault_at)
    run.times["at"] = run.times["flood_started"] = now()
    run.fault["flood_frames"] = bench.args.flood_messages
    run.flood.flood(bench.args.flood_messages, "Flut-Karte: Bedarf")


FAULTS = {"steady": no_fault, "worker-kill": kill_worker, "redis-kill": kill_redis, "flood": flood}


def posting_seconds(args, name):
    """A Redis outage longer than the scenario still gets 20 s of posting after Redis is back."""
    if name == "redis-kill":
        return max(args.duration, args.fault_at + args.redis_outage + 20)
    return args.duration


# --- one scenario ---------------------------------------------------------------------------------

async def post_cards(client, until):
    """A member posting a card every 0.5-1.5 s (uniformly random) until `until`."""
    n = 0
    while True:
        await asyncio.sleep(client.rng.uniform(0.5, 1.5))
        if now() >= until:
            return
        n += 1
        client.post(f"Fehlerprobe {client.name}, Karte {n}: Bedarf Sprachkurs am Abend")


async def board_last_seq(conn, board_id):
    cur = await conn.execute("SELECT last_seq FROM ideas_board WHERE id = %s", (board_id,))
    return (await cur.fetchone())[0]


async def drain(bench, conn, run):
    """Wait until every client that stayed has no post pending and is synced at the board's last seq."""
    deadline = now() + bench.args.drain
    while now() < deadline:
        last_seq = await board_last_seq(conn, run.board_id)
        settled = all(c.stopped or (c.synced and c.seq == last_seq and c.pending() == 0) for c in run.clients)
        if run.flood is not None:
            settled = settled and run.flood.answered() >= bench.args.flood_messages
        if settled:
            return True
        await asyncio.sleep(0.25)
    return False


async def pg_deadlocks(conn, name):
    cur = await conn.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = %s", (name,))
    row = await cur.fetchone()
    return int(row[0] or 0) if row else 0


async def read_board(conn, run):
    cur = await conn.execute("SELECT client_id::text, count(*) FROM ideas_card WHERE board_id = %s GROUP BY 1",
                             (run.board_id,))
    run.stored = {client_id: n for client_id, n in await cur.fetchall()}
    run.last_seq = await board_last_seq(conn, run.board_id)
    cur = await conn.execute("SELECT count(*), coalesce(max(seq), 0) FROM ideas_boardevent WHERE board_id = %s",
                             (run.board_id,))
    run.event_rows, run.max_event_seq = await cur.fetchone()


async def run_scenario(bench, name, board_id, sessions, seed):
    import aiohttp
    import psycopg

    args = bench.args
    rng = random.Random(seed)
    ports = [w.port for w in bench.workers]
    posts = {}
    clients = [BoardClient(f"client-{i + 1:02d}", sessions[i], ports, i % len(ports), board_id, posts,
                           random.Random(rng.random()), args.reconnect) for i in range(args.clients)]
    flooder = None
    if name == "flood":
        flooder = FloodClient("flood", sessions[args.clients], ports, 0, board_id, posts, random.Random(rng.random()),
                              args.reconnect)
    run = ScenarioRun(name, board_id, clients, flooder, posts, log_paths=bench.log_paths,
                      log_offsets=log_sizes(bench.log_paths))
    everyone = clients + ([flooder] if flooder else [])
    conn = await psycopg.AsyncConnection.connect(bench.db.url.replace("postgres://", "postgresql://"),
                                                 autocommit=True, connect_timeout=10)
    try:
        deadlocks_before = await pg_deadlocks(conn, bench.db.name)
        http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, force_close=True),
                                     cookie_jar=aiohttp.DummyCookieJar())
        try:
            for c in everyone:
                c.task = asyncio.ensure_future(c.run(http))
            deadline = now() + args.connect_timeout
            while not all(c.synced for c in everyone) and now() < deadline:
                await asyncio.sleep(0.05)
            synced = sum(c.synced for c in everyone)
            if synced < len(everyone):
                raise RuntimeError(f"only {synced}/{len(everyone)} clients synced within {args.connect_timeout}s")
            await asyncio.sleep(1.0)  # let the joins' presence messages pass
            run.started = now()
            until = run.started + posting_seconds(args, name)
            fault = asyncio.ensure_future(FAULTS[name](bench, run))
            await asyncio.gather(*(post_cards(c, until) for c in clients))
            await fault
            run.posting_ended = now()
            run.drain_complete = await drain(bench, conn, run)
            run.drained = now()
            run.not_synced_at_end = [c.name for c in clients if not c.synced]
        finally:
            await asyncio.gather(*(c.close() for c in everyone), return_exceptions=True)
            await http.close()
        await asyncio.sleep(1.5)  # PostgreSQL publishes a backend's statistics (deadlocks) within ~1 s
        await read_board(conn, run)
        run.pg_deadlocks = await pg_deadlocks(conn, bench.db.name) - deadlocks_before
    finally:
        await conn.close()
    return run


def run_async(coro):
    try:
        import uvloop

        return uvloop.run(coro)
    except ImportError:
        return asyncio.run(coro)


def one_line(r):
    lat = r["event_latency_ms"]
    return (f"  {r['scenario']}: acked {r['cards']['acked']}/{r['cards']['posted']}, "
            f"lost {r['lost']['sent_not_stored']}+{r['lost']['stored_not_seen_pairs']}, "
            f"doubled {sum(r['doubled'].values())}, unrepaired {r['gaps']['unrepaired_clients']}, "
            f"crashes {r['server_log']['asgi_exceptions']}, event p95 {lat['p95']} ms, "
            f"longest down {r['downtime']['longest_s']} s, drain {'complete' if r['drain_complete'] else 'TIMED OUT'}")


# --- command line ---------------------------------------------------------------------------------

def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=20, help="member clients, half on each worker (default 20)")
    p.add_argument("--scenarios", default=",".join(SCENARIOS), help=f"comma-separated, of {', '.join(SCENARIOS)}")
    p.add_argument("--duration", type=float, default=35.0, help="seconds of posting per scenario (default 35)")
    p.add_argument("--fault-at", type=float, default=10.0, help="seconds into posting the fault starts (default 10)")
    p.add_argument("--worker-down", type=float, default=2.0,
                   help="worker-kill: seconds before the killed worker is started again (default 2)")
    p.add_argument("--redis-outage", type=float, default=3.0,
                   help="redis-kill: seconds Redis stays down (default 3); posting goes on until 20 s after it is back")
    p.add_argument("--flood-messages", type=int, default=500, help="flood: frames the flooding socket sends (500)")
    p.add_argument("--reconnect", default="other", choices=["other", "random"],
                   help="where a client whose socket was lost or could not connect goes next: the other worker "
                        "(default, a load balancer taking the failed backend out) or a random one")
    p.add_argument("--drain", type=float, default=25.0,
                   help="longest wait after posting for outboxes to empty and every client to catch up (default 25)")
    p.add_argument("--connect-timeout", type=float, default=30.0, help="all clients must be synced within this")
    p.add_argument("--db-connections", default="pool", choices=sorted(DB_CONNECTION_ENV),
                   help="the workers' PostgreSQL connections (default pool, production's)")
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server (loopback)")
    p.add_argument("--db-name", default=None, help="throwaway database, created and dropped (default bench_faults_<pid>)")
    p.add_argument("--start-timeout", type=float, default=60.0, help="seconds for a worker to listen")
    p.add_argument("--seed", type=int, default=None, help="random seed of the clients' timing (default: random)")
    p.add_argument("--out", help="JSON file (default bench/results/board_faults-<time>.json)")
    p.add_argument("--keep-logs", action="store_true", help="copy the workers' and Redis' logs next to the JSON")
    args = p.parse_args(argv)
    args.scenario_list = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = sorted(set(args.scenario_list) - set(SCENARIOS))
    if unknown or not args.scenario_list:
        p.error(f"--scenarios: {unknown or 'none given'}; choose from {', '.join(SCENARIOS)}")
    if not 1 <= args.clients <= MAX_CLIENTS:
        p.error(f"--clients must be 1..{MAX_CLIENTS}")
    if not 5 <= args.duration <= 600 or not 0 <= args.fault_at < args.duration:
        p.error("--duration must be 5..600 s and --fault-at within it")
    if not 0 <= args.worker_down <= 120 or not 0 <= args.redis_outage <= 600 or not 1 <= args.flood_messages <= 10000:
        p.error("--worker-down 0..120 s, --redis-outage 0..600 s, --flood-messages 1..10000")
    if not args.pg_url.startswith(("postgres://postgres@127.0.0.1", "postgres://postgres@localhost")):
        p.error("the benchmark only talks to 127.0.0.1")
    if args.db_name and not args.db_name.startswith("bench_faults"):
        p.error("--db-name must start with bench_faults (it is dropped)")
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1 << 30)
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        import aiohttp  # noqa: F401
    except ImportError as exc:
        raise SystemExit(f"{exc.name} is missing: .venv/bin/pip install -r bench/requirements.txt")
    ok, why = board_available()
    if not ok:
        raise SystemExit(f"the board consumer is missing ({why})")

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    # Ctrl-C must stop the run even when the shell started it with SIGINT ignored (a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    started = time.strftime("%Y%m%d-%H%M%S")
    out = Path(args.out) if args.out else RESULTS_DIR / f"board_faults-{started}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmpdir = Path(tempfile.mkdtemp(prefix="board-faults-"))
    bench = Bench(args, tmpdir)
    report = {
        "started": started,
        "command": " ".join([Path(PY).name, "bench/board_faults.py", *(argv if argv is not None else sys.argv[1:])]),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "loadavg_at_start": [round(x, 2) for x in os.getloadavg()]},
        "versions": versions(),
        "settings": {k: getattr(args, k) for k in ("clients", "duration", "fault_at", "worker_down", "redis_outage",
                                                  "flood_messages", "reconnect", "drain", "db_connections", "seed")},
        "server": "uvicorn, 2 workers, core channel layer, own redis-server (no persistence)",
        "scenarios": [],
    }
    t_run = time.monotonic()
    log(f"scenarios {args.scenario_list}, {args.clients} clients, seed {args.seed}; results -> {out}")
    try:
        bench.redis.start()
        bench.env = django_env(bench.db.url, bench.redis.url, "core", f"nzwf{os.getpid()}", args.db_connections)
        t = time.monotonic()
        seed = migrate_and_seed(bench.db, bench.env, args.clients + 1, len(args.scenario_list), tmpdir)
        log(f"database {bench.db.name} migrated and seeded in {time.monotonic() - t:.0f}s; "
            f"Redis on {HOST}:{bench.redis.port}")
        bench.start_workers()
        log(f"workers on ports {[w.port for w in bench.workers]}")
        for i, (name, board_id) in enumerate(zip(args.scenario_list, seed["boards"])):
            log(f"scenario {name} (board {board_id}, load {os.getloadavg()[0]:.2f})")
            try:
                run = run_async(run_scenario(bench, name, board_id, seed["sessions"], args.seed + i))
            except Exception as exc:  # noqa: BLE001 - one failed scenario must not lose the others
                log(f"  {name}: FAILED: {type(exc).__name__}: {exc}")
                report["scenarios"].append({"scenario": name, "failed": f"{type(exc).__name__}: {exc}"[:500]})
                continue
            result = figures(run)
            report["scenarios"].append(result)
            log(one_line(result))
            out.write_text(json.dumps(report, indent=2))
            for slot, w in enumerate(bench.workers):  # a worker that died by itself fails the next scenario
                if w.proc.poll() is not None:
                    raise RuntimeError(f"worker {slot + 1} exited with {w.proc.returncode} during {name}")
    except KeyboardInterrupt:
        log("interrupted: stopping the workers and Redis")
        report["interrupted"] = True
    except RuntimeError as exc:  # a worker or Redis that would not start, or a worker that died by itself
        log(f"stopped: {exc}")
        report["error"] = str(exc)[:2000]
    finally:
        stop_all()
        bench.db.drop()
        report["finished"] = time.strftime("%Y%m%d-%H%M%S")
        report["seconds"] = round(time.monotonic() - t_run)
        out.write_text(json.dumps(report, indent=2))
        if args.keep_logs:
            shutil.copytree(tmpdir, out.with_suffix(".logs"), dirs_exist_ok=True)
        shutil.rmtree(tmpdir, ignore_errors=True)
    done = [r for r in report["scenarios"] if "failed" not in r]
    print()
    print(table(done) if done else "no scenario finished")
    for r in report["scenarios"]:
        if "failed" in r:
            print(f"{r['scenario']}: FAILED: {r['failed']}")
    missed = []
    if done:
        summary, missed = targets_summary(done)
        print()
        print(summary)
    if report.get("interrupted") or len(done) < len(args.scenario_list):
        print(f"\nonly {len(done)} of {len(args.scenario_list)} scenarios finished: the targets are not judged for the others")
    print(f"\nlatency: ms from the card's post (outbox) to another client's board (event) / to its ack; "
          f"p50/p95/max. JSON: {out}  ({report['seconds']} s)")
    if report.get("interrupted"):
        return 130
    return 1 if missed or len(done) < len(args.scenario_list) else 0


if __name__ == "__main__":
    sys.exit(main())
