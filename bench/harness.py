"""What the board benchmarks share: child processes, ports, ASGI workers, the throwaway database, logs, figures.

Used by bench/board_fanout.py and bench/board_faults.py. Everything here only
talks to 127.0.0.1, and every process it starts is stopped by stop_all() (the
children also get SIGTERM when the harness dies: PR_SET_PDEATHSIG).
"""
from __future__ import annotations

import ctypes
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
PY = sys.executable
HOST = "127.0.0.1"


def log(*parts):
    print(time.strftime("%H:%M:%S"), *parts, flush=True)


# --- child processes -------------------------------------------------------------------------

_children: list[subprocess.Popen] = []


def _die_with_parent():
    """Runs in the child before exec: new session (Ctrl-C reaches only the harness, which
    stops the children itself) and SIGTERM if the harness dies without cleaning up."""
    os.setsid()
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def spawn(cmd, env, stdout, stderr):
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=stdout, stderr=stderr, preexec_fn=_die_with_parent)
    _children.append(proc)
    return proc


def stop(proc, grace=8.0):
    if proc.poll() is None:
        _signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            _signal_group(proc, signal.SIGKILL)
            proc.wait(5)
    _forget(proc)


def kill_now(proc):
    """SIGKILL, as a crash or the OOM killer would: no handler of the process runs."""
    if proc.poll() is None:
        _signal_group(proc, signal.SIGKILL)
        proc.wait(5)
    _forget(proc)


def _signal_group(proc, sig):
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass  # gone already


def _forget(proc):
    if proc in _children:
        _children.remove(proc)


def stop_all():
    for proc in list(_children):
        stop(proc, grace=3.0)


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((HOST, port)) == 0


def wait_listening(port, proc, timeout, log_path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process on port {port} exited with {proc.returncode}; see {log_path}:\n"
                               + tail(log_path))
        if port_open(port):
            return
        time.sleep(0.1)
    raise RuntimeError(f"process on port {port} did not listen within {timeout}s; see {log_path}:\n" + tail(log_path))


def tail(path, lines=25):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def cpu_seconds(pid):
    """utime+stime of a process (and its reaped children) in seconds, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = sum(int(x) for x in fields[11:15])
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def run_checked(cmd, env, timeout, what):
    proc = spawn(cmd, env, subprocess.PIPE, subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(proc)
        raise RuntimeError(f"{what} took longer than {timeout}s")
    finally:
        if proc in _children:
            _children.remove(proc)
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


# --- ASGI workers ------------------------------------------------------------------------------

@dataclass
class Worker:
    port: int
    proc: subprocess.Popen
    log_path: Path


def server_command(server, app, port, ws_max_queue):
    if server == "daphne":
        return [PY, "-m", "daphne", "-b", HOST, "-p", str(port), app]
    if server == "uvicorn":
        # uvicorn[standard]: uvloop, httptools, websockets (sans-I/O implementation).
        return [PY, "-m", "uvicorn", app, "--host", HOST, "--port", str(port), "--lifespan", "off",
                "--no-access-log", "--log-level", "warning", "--ws-max-queue", str(ws_max_queue)]
    raise ValueError(server)


def start_worker(server, app, port, env, log_path, ws_max_queue=32):
    """Start one ASGI worker writing stdout and stderr to log_path (not waiting for it to listen)."""
    with open(log_path, "w") as fh:
        proc = spawn(server_command(server, app, port, ws_max_queue), env, fh, fh)
    return Worker(port, proc, Path(log_path))


def board_available():
    """The board socket exists when ideas/board/consumer.py does and ideas/board/routing.py routes to it."""
    consumer = ROOT / "ideas" / "board" / "consumer.py"
    routing = ROOT / "ideas" / "board" / "routing.py"
    if not consumer.exists():
        return False, "ideas/board/consumer.py does not exist"
    if "BoardConsumer" not in routing.read_text():
        return False, "ideas/board/routing.py routes no consumer (websocket_urlpatterns is empty)"
    return True, ""


class RedisServer:
    """A redis-server of the benchmark's own on a loopback port: no persistence, so a restart starts empty."""

    def __init__(self, port, workdir):
        self.port = port
        self.workdir = Path(workdir)
        self.proc = None
        self.log_path = None
        self.starts = 0
        self.url = f"redis://{HOST}:{port}/0"

    def spawn(self):
        """Start it (not waiting for it to listen); the same port every time."""
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("redis-server is missing (Debian: apt-get install redis-server)")
        self.starts += 1
        self.log_path = self.workdir / f"redis-{self.starts}.log"
        self.proc = spawn([binary, "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no",
                           "--dir", str(self.workdir), "--logfile", str(self.log_path), "--daemonize", "no"],
                          os.environ.copy(), subprocess.DEVNULL, subprocess.DEVNULL)
        return self.proc

    def start(self, timeout=15.0):
        wait_listening(self.port, self.spawn(), timeout, self.log_path)

    def kill(self):
        if self.proc is not None:
            kill_now(self.proc)

    def stop(self):
        if self.proc is not None:
            stop(self.proc, grace=3.0)


# --- the workers' environment ----------------------------------------------------------------

# Database connection modes, in the app's own variables (netzwerkstatt/settings/base.py).
DB_CONNECTION_ENV = {
    "new": {},  # the development default: CONN_MAX_AGE=0, a new connection per request / socket message
    "persistent": {"DATABASE_CONN_MAX_AGE": "60"},
    "pool": {"DATABASE_POOL": "on"},  # production's default
}
# Variables of the app's settings the harness decides itself; inherited values would falsify a run.
APP_ENV = ("DATABASE_URL", "REDIS_URL", "CHANNEL_LAYER", "CHANNEL_LAYER_PREFIX", "DATABASE_CONN_MAX_AGE",
           "DATABASE_POOL", "DATABASE_POOL_MIN_SIZE", "DATABASE_POOL_MAX_SIZE", "DATABASE_CONN_HEALTH_CHECKS")


# What the page benchmarks (pages.py, slow_network.py, rehearsal.py) set for the site themselves.
SITE_ENV = APP_ENV + ("DJANGO_SETTINGS_MODULE", "PUBLIC_PAGE_CACHE", "CACHE_KEY_PREFIX", "SECRET_KEY",
                      "CSRF_TRUSTED_ORIGINS", "ALLOWED_HOSTS")


def site_env(extra):
    """The environment of a management command or worker of the site: nothing inherited that the run sets."""
    env = {k: v for k, v in os.environ.items() if k not in SITE_ENV}
    env.update(PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""), PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def checked(cmd, env, timeout, what):
    """Run a command to its end; the run stops with its output if it fails."""
    rc, out, err = run_checked(cmd, env, timeout, what)
    if rc:
        raise SystemExit(f"{what} failed ({rc}):\n{(out + err)[-3000:]}")
    return out


def demo_site_facts(db, script, tmpdir):
    """Create the run's database with the demo of `load_demo` in it; `script --discover FILE` then says
    what the run needs to know of it (ids, addresses), as JSON."""
    db.create()
    dev = site_env({"DJANGO_SETTINGS_MODULE": "netzwerkstatt.settings.dev", "DATABASE_URL": db.url})
    checked([PY, "manage.py", "migrate", "--noinput"], dev, 900, "migrate")
    checked([PY, "manage.py", "load_demo"], dev, 900, "load_demo")
    facts_path = tmpdir / "facts.json"
    checked([PY, str(script), "--discover", str(facts_path)], dev, 120, "discover")
    return json.loads(facts_path.read_text())


def django_env(db_url, redis_url, layer, prefix, db_connections="new", conn_max_age=0):
    """The environment of a worker: the app's settings variables, as an operator would set them."""
    env = {k: v for k, v in os.environ.items() if k not in APP_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=db_url,
        CHANNEL_LAYER=layer,
        REDIS_URL=redis_url,
        CHANNEL_LAYER_PREFIX=prefix,
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        PYTHONUNBUFFERED="1",
    )
    env.update(DB_CONNECTION_ENV[db_connections])
    if conn_max_age:
        env["DATABASE_CONN_MAX_AGE"] = str(conn_max_age)
    return env


# --- the throwaway database --------------------------------------------------------------------

class Database:
    """A throwaway database: a PostgreSQL database created and dropped, or an SQLite file."""

    def __init__(self, kind, tmpdir, pg_url, name=None):
        self.kind = kind
        self.name = None
        self.pg_url = pg_url
        if kind == "sqlite":
            self.url = f"sqlite:///{tmpdir / 'bench.sqlite3'}"
        else:
            self.name = name or f"netzwerkstatt_bench_{os.getpid()}"
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", self.name):
                raise ValueError(f"database name {self.name!r}: lower-case letters, digits and _ only")
            self.url = f"{pg_url.rstrip('/')}/{self.name}"

    def _admin(self, sql):
        import psycopg

        with psycopg.connect(f"{self.pg_url.rstrip('/')}/postgres", autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql)

    def create(self):
        if self.kind == "postgres":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}"')

    def rows(self, sql, params=()):
        """All rows of a query (PostgreSQL placeholders: %s)."""
        if self.kind == "postgres":
            import psycopg

            with psycopg.connect(self.url.replace("postgres://", "postgresql://"), connect_timeout=10) as conn:
                return conn.execute(sql, params).fetchall()
        import sqlite3

        with sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=20) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()

    def count(self, sql, param):
        return self.rows(sql, (param,))[0][0]

    def drop(self):
        if self.kind == "postgres" and self.name:
            try:
                self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            except Exception as exc:  # noqa: BLE001 - best effort on the way out
                log(f"could not drop database {self.name}: {exc}")


def migrate_and_seed(db, env, users, boards, tmpdir):
    """Create and migrate the database, seed members with sessions and boards (bench/seed.py); its JSON.

    Exits with a message when migrating or seeding fails (status 3 of the seed: no board models yet).
    """
    db.create()
    rc, _out, err = run_checked([PY, "manage.py", "migrate", "--noinput"], env, 900, "migrate")
    if rc:
        raise SystemExit(f"migrate failed:\n{err[-3000:]}")
    seed_out = Path(tmpdir) / "seed.json"
    rc, _out, err = run_checked([PY, "-m", "bench.seed", "--users", str(users), "--boards", str(boards),
                                 "--out", str(seed_out)], env, 600, "seed")
    if rc == 3:
        raise SystemExit(f"the board is missing: {err.strip()}")
    if rc:
        raise SystemExit(f"seeding failed:\n{err[-3000:]}")
    return json.loads(seed_out.read_text())


# --- logs and figures --------------------------------------------------------------------------

def count_log_lines(paths, patterns, offsets=None, max_samples=8):
    """Lines of the logs matching each pattern (from each file's offset in `offsets`, else from the start)."""
    counts = {k: 0 for k in patterns}
    samples = []
    for p in paths:
        try:
            with open(p, "rb") as fh:
                fh.seek((offsets or {}).get(str(p), 0))
                text = fh.read().decode(errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            hit = False
            for key, rx in patterns.items():
                if rx.search(line):
                    counts[key] += 1
                    hit = True
            if hit and len(samples) < max_samples and line.strip()[:300] not in samples:
                samples.append(line.strip()[:300])
    return counts, samples


def log_sizes(paths):
    """Each log's current size: the offsets from which count_log_lines reads what came after."""
    sizes = {}
    for p in paths:
        try:
            sizes[str(p)] = os.path.getsize(p)
        except OSError:
            sizes[str(p)] = 0
    return sizes


def pct(values):
    """p50/p95/p99/max of already sorted values (nearest rank)."""
    if not values:
        return {"p50": None, "p95": None, "p99": None, "max": None, "n": 0}

    def q(p):
        return round(values[min(len(values) - 1, max(0, int(round(p * len(values) + 0.5)) - 1))], 2)

    return {"p50": q(0.50), "p95": q(0.95), "p99": q(0.99), "max": round(values[-1], 2), "n": len(values)}


def raise_fd_limit(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if hard != resource.RLIM_INFINITY else max(needed, 65536)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft < needed:
        raise SystemExit(f"need {needed} file descriptors, the hard limit is {hard}: raise it (ulimit -Hn)")
    return soft


def versions():
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("channels", "channels-redis", "redis", "daphne", "uvicorn", "websockets", "aiohttp", "Django",
                 "wagtail", "uvloop", "Twisted", "psycopg"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    return found
