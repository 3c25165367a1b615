#!/usr/bin/env python
"""Public pages benchmark: p50/p95 of each public page and of a static file, as an anonymous visitor, in one run.

One command (PostgreSQL on 127.0.0.1:5432, user postgres, trust auth; or --db sqlite):

    .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --requests 300 --db sqlite

What it does, on loopback only (ports 8781-8790):

1. a throwaway database (PostgreSQL database netzwerkstatt_bench_pages_<pid>, created and
   dropped; or an SQLite file in a temporary directory), migrated, with `load_demo` run
   under the development settings (the demo's boards need its users, which only
   development creates), and a redis-server of its own on port 8783 (no persistence);
2. `collectstatic` into the temporary directory;
3. two uvicorn workers with the production settings (bench/pages_settings.py: production,
   STATIC_ROOT in the temporary directory, warnings-only logging), Redis as cache, psycopg's
   pool: port 8781 with the public page cache off (PUBLIC_PAGE_CACHE=off), port 8782 with it
   on (the production default);
4. every page of PAGES below, requested as an anonymous first-time visitor (no cookies,
   Accept-Language: de, X-Forwarded-Proto: https as the TLS proxy sends it), round-robin
   with the static file, --warmup rounds first, then --requests rounds, on each worker;
5. p50/p95 per page and its ratio to the static file's p95 (of the same worker), printed,
   and written as JSON to bench/results/.

A page answering 404 (not built yet) is skipped with a note; any other answer than 200
stops the run. Everything it started is stopped, the database dropped and the temporary
directory removed on exit, on error and on Ctrl-C.

To add a page: append (label, finder) to PAGES; a finder gets the discovered `facts`
(computed in a child process with Django set up, see discover()) and returns a path or
None (then the page is skipped as "not there").
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/ is sys.path[0], the project root is not
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    HOST, PY, RESULTS_DIR, ROOT, Database, RedisServer, checked, demo_site_facts, log, pct, port_open, site_env,
    start_worker, stop_all, versions, wait_listening,
)

PORT_UNCACHED, PORT_CACHED, PORT_REDIS = 8781, 8782, 8783
STATIC_PATH = "/static/css/base.css"

# (label, finder): the public pages measured, in this order. facts come from discover().
PAGES = [
    ("home", lambda f: "/"),
    ("workshop index", lambda f: f.get("workshop_index")),
    ("kick-off workshop", lambda f: f.get("kickoff_workshop")),
    ("concept paper index", lambda f: f.get("paper_index")),
    ("concept paper", lambda f: f.get("paper")),
    ("board (published)", lambda f: f.get("board") and f"/boards/{f['board']}/"),
    ("board results", lambda f: f.get("board") and f"/boards/{f['board']}/results/"),
    ("results chart SVG", lambda f: f.get("board") and f"/boards/{f['board']}/results/clusters.svg"),
    ("session documentation PDF", lambda f: f.get("documentation_pdf")),
    ("map of needs", lambda f: f.get("needs_map")),
    ("map of needs chart SVG", lambda f: f.get("needs_map_chart")),
    ("Impressum", lambda f: f.get("impressum")),
    ("search 'Sprache'", lambda f: "/suche/?q=Sprache"),
]

# Paths that pages being built may get; the first that resolves is used (see discover()).
CANDIDATE_URL_NAMES = {
    "documentation_pdf": [("workshop_documentation_pdf", "kickoff_id"), ("session_documentation_pdf", "kickoff_id"),
                          ("workshop_documentation", "kickoff_id")],
}


def discover(out):
    """In a child process with Django set up: the demo's paths, written as JSON to `out`."""
    import django

    django.setup()
    from django.urls import NoReverseMatch, reverse

    from home.models import ContentPage
    from ideas.models import Board, ConceptPaperIndexPage, ConceptPaperPage, NeedsMapPage
    from workshops.models import WorkshopIndexPage

    facts = {}
    index = WorkshopIndexPage.objects.live().first()
    facts["workshop_index"] = index.url if index else None
    paper_index = ConceptPaperIndexPage.objects.live().first()
    facts["paper_index"] = paper_index.url if paper_index else None
    paper = ConceptPaperPage.objects.live().order_by("path").first()
    facts["paper"] = paper.url if paper else None
    needs_map = NeedsMapPage.objects.live().first()
    facts["needs_map"] = needs_map.url if needs_map else None
    facts["needs_map_chart"] = reverse("needs_map_chart", args=["f2"])
    impressum = ContentPage.objects.live().filter(slug="impressum").first()
    facts["impressum"] = impressum.url if impressum else None
    board = (Board.objects.filter(visibility=Board.Visibility.PUBLIC, phase=Board.Phase.CLOSED)
             .select_related("workshop").order_by("pk").first())
    if board is not None:
        facts["board"] = board.pk
        facts["kickoff_workshop"] = board.workshop.url
        facts["kickoff_id"] = board.workshop_id
    for key, candidates in CANDIDATE_URL_NAMES.items():
        for name, arg in candidates:
            try:
                facts[key] = reverse(name, args=[facts[arg]] if arg else [])
                break
            except (NoReverseMatch, KeyError):
                continue
    Path(out).write_text(json.dumps(facts))


# --- the run ---------------------------------------------------------------------------------

def request(conn, path):
    """One GET as an anonymous first-time visitor; (status, milliseconds, body length)."""
    headers = {"Host": HOST, "Accept-Language": "de", "X-Forwarded-Proto": "https", "Accept-Encoding": "identity"}
    start = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    return response.status, elapsed, len(body)


def measure(port, pages, warmup, rounds):
    """Round-robin over pages and the static file: {label: sorted ms}."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    timings = {label: [] for label, _path in pages}
    try:
        for i in range(warmup + rounds):
            for label, path in pages:
                status, ms, _size = request(conn, path)
                if status != 200:
                    raise SystemExit(f"{label} {path} answered {status} on port {port}")
                if i >= warmup:
                    timings[label].append(ms)
    finally:
        conn.close()
    return {label: sorted(values) for label, values in timings.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--requests", type=int, default=200, help="measured rounds per worker (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured rounds first (default 20)")
    parser.add_argument("--start-timeout", type=float, default=60.0)
    parser.add_argument("--discover", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.discover:
        return discover(args.discover)
    if not 1 <= args.requests <= 5000 or not 0 <= args.warmup <= 1000:
        parser.error("--requests must be 1..5000 and --warmup 0..1000")
    for port in (PORT_UNCACHED, PORT_CACHED, PORT_REDIS):
        if port_open(port):
            raise SystemExit(f"port {port} is in use: the benchmark uses {PORT_UNCACHED}-{PORT_REDIS} on {HOST}")

    tmpdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    db = Database(args.db, tmpdir, args.pg_url, name=f"netzwerkstatt_bench_pages_{os.getpid()}")
    redis = RedisServer(PORT_REDIS, tmpdir)
    try:
        log(f"database ({args.db}), migrate and load_demo")
        facts = demo_site_facts(db, Path(__file__).resolve(), tmpdir)

        redis.start()
        prod = site_env({
            "DJANGO_SETTINGS_MODULE": "bench.pages_settings", "DATABASE_URL": db.url, "REDIS_URL": redis.url,
            "SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": f"{HOST},localhost",
            "BENCH_STATIC_ROOT": str(tmpdir / "static"), "CACHE_KEY_PREFIX": "bench-pages",
        })
        log("collectstatic")
        checked([PY, "manage.py", "collectstatic", "--noinput"], prod, 600, "collectstatic")

        workers = {}
        for name, port, cache in (("uncached", PORT_UNCACHED, "off"), ("cached", PORT_CACHED, "on")):
            workers[name] = start_worker("uvicorn", "netzwerkstatt.asgi:application", port,
                                         {**prod, "PUBLIC_PAGE_CACHE": cache}, tmpdir / f"{name}.log")
        for w in workers.values():
            wait_listening(w.port, w.proc, args.start_timeout, w.log_path)

        pages, notes = [], []
        probe = http.client.HTTPConnection(HOST, PORT_UNCACHED, timeout=30)
        for label, finder in PAGES:
            path = finder(facts)
            if not path:
                notes.append(f"skipped {label}: not there (no such page or URL yet)")
                continue
            status, _ms, _size = request(probe, path)
            if status == 404:
                notes.append(f"skipped {label}: {path} answers 404")
                continue
            if status != 200:
                raise SystemExit(f"{label} {path} answered {status}")
            pages.append((label, path))
        probe.close()
        pages.append(("static file", STATIC_PATH))
        for note in notes:
            log(note)

        results = {}
        for name, w in workers.items():
            log(f"{name}: {args.warmup} + {args.requests} rounds of {len(pages)} requests on port {w.port}")
            results[name] = {label: pct(values) for label, values in measure(w.port, pages, args.warmup,
                                                                            args.requests).items()}
        report(pages, results, notes)
        write_json(args, facts, pages, results, notes)
    finally:
        stop_all()
        db.drop()
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


def report(pages, results, notes):
    rows = ["| page | path | uncached p50 | uncached p95 | × static | cached p50 | cached p95 | × static |",
            "|---|---|---:|---:|---:|---:|---:|---:|"]
    static = {name: results[name]["static file"]["p95"] for name in results}
    for label, path in pages:
        cells = [label, f"`{path}`"]
        for name in ("uncached", "cached"):
            figures = results[name][label]
            cells += [f"{figures['p50']:.1f} ms", f"{figures['p95']:.1f} ms", f"{figures['p95'] / static[name]:.1f}"]
        rows.append("| " + " | ".join(cells) + " |")
    print("\n".join(rows))
    print("(× static: the page's p95 over the static file's p95 on the same worker)")
    for note in notes:
        print(note)


def write_json(args, facts, pages, results, notes):
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"pages-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "db": args.db, "requests": args.requests,
        "warmup": args.warmup, "pages": pages, "facts": facts, "results": results, "notes": notes,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
        "versions": versions(),
    }, indent=2))
    log(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
