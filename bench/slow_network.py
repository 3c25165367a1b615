#!/usr/bin/env python
"""Slow network benchmark: how long a phone on a slow 3G link waits for the board, workshop and home pages.

One command (PostgreSQL on 127.0.0.1:5432, user postgres, trust auth; or --db sqlite):

    .venv/bin/python bench/slow_network.py
    .venv/bin/python bench/slow_network.py --runs 5 --db sqlite

It needs Playwright (requirements-test.txt) and Debian's Chromium at /usr/bin/chromium, which
`make test` installs, and a redis-server.

What it does, on loopback only (ports 8795 and 8796):

1. a throwaway database (as bench/pages.py: PostgreSQL database netzwerkstatt_bench_slow_<pid>,
   created and dropped, or an SQLite file in a temporary directory), migrated, `load_demo` run
   under the development settings (only development creates the demo users), and a
   redis-server of its own on port 8796;
2. `collectstatic` into the temporary directory and one uvicorn worker on port 8795 with the
   production settings (bench/pages_settings.py: production, STATIC_ROOT in the temporary
   directory), the public page cache on as in production;
3. Debian's Chromium (Playwright) with a phone's viewport (390×844) and Chromium's network
   emulation (Network.emulateNetworkConditions: 400 ms latency, 400 kbit/s down and up),
   the browser cache cleared before every page, so every page is a first visit; every request
   says `X-Forwarded-Proto: https`, as the TLS proxy in front of production does;
4. as an anonymous visitor: home, the kick-off's workshop page, its published (closed) board;
   logged in as `mitglied1` (through the login form, before the emulation starts): the same
   and the open idea-lab board (members only);
5. per page, the median of --runs loads: time to DOMContentLoaded, time until the page is
   usable (a board: a card is visible and `[data-connection]` says "connected", i.e. the
   socket is synced and posting possible; other pages: the load event), load, requests,
   bytes transferred (headers and encoded bodies, Resource Timing) and decoded, and for a
   board the share of its HTML that is the JSON snapshot (<script id="board-boot">) and the
   server-rendered cards, uncompressed and gzip-compressed (each alone, and what the page's
   gzip would shrink by without it);
6. a Markdown table printed and JSON written to bench/results/.

The WebSocket's frames are not throttled by Chromium's emulation (only HTTP is), and are not
in the byte counts. Everything it started is stopped, the database dropped and the temporary
directory removed on exit, on error and on Ctrl-C.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/ is sys.path[0], the project root is not
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    HOST, PY, RESULTS_DIR, ROOT, Database, RedisServer, checked, demo_site_facts, log, port_open, site_env,
    start_worker, stop_all, versions, wait_listening,
)

PORT_APP, PORT_REDIS = 8795, 8796
CHROMIUM = "/usr/bin/chromium"
MEMBER, PASSWORD = "mitglied1", "demo1234"
VIEWPORT = {"width": 390, "height": 844}
# Slow 3G as the issue measured it: 400 ms round trip, 400 kbit/s each way (bytes per second).
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1000 / 8,
           "uploadThroughput": 400 * 1000 / 8, "connectionType": "cellular3g"}
GZIP_LEVEL = 6  # Django's GZipMiddleware compresses with level 6

# (label, finder, who): finder gets the discovered facts; who is "anonymous", "member" or both.
PAGES = [
    ("home", lambda f: "/", ("anonymous", "member")),
    ("kick-off workshop", lambda f: f["kickoff_workshop"], ("anonymous", "member")),
    ("kick-off board (closed)", lambda f: f"/boards/{f['closed_board']}/", ("anonymous", "member")),
    ("idea-lab board (open)", lambda f: f["open_board"] and f"/boards/{f['open_board']}/", ("member",)),
]

# Runs in the page from its first byte on: notes the moment the page is usable. A board is
# usable when a card is visible and the socket is synced; any other page at its load event.
USABLE_WATCH = """
(() => {
  const done = (at) => { if (window.__usableAt === undefined) window.__usableAt = at; };
  const boardUsable = () => {
    const indicator = document.querySelector("[data-connection]");
    const card = document.querySelector(".board-card");
    return indicator && indicator.dataset.connection === "connected" && card && card.checkVisibility();
  };
  const check = () => {
    if (!document.getElementById("board")) return;
    if (boardUsable()) { done(performance.now()); observer.disconnect(); }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true });
  window.addEventListener("load", () => {
    if (!document.getElementById("board")) { done(performance.now()); observer.disconnect(); } else check();
  });
})();
"""

# Read after the page is usable: the navigation's timings and every request's bytes.
TIMINGS = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const all = [nav, ...resources];
  const sum = (key) => all.reduce((total, entry) => total + (entry[key] || 0), 0);
  return {
    dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, usable: window.__usableAt,
    requests: all.length, transferred: sum("transferSize"), encoded: sum("encodedBodySize"),
    decoded: sum("decodedBodySize"), html_transferred: nav.transferSize, html_encoded: nav.encodedBodySize,
    html_decoded: nav.decodedBodySize,
    resources: resources.map((e) => ({path: new URL(e.name).pathname, transferred: e.transferSize,
      decoded: e.decodedBodySize, start: Math.round(e.startTime), end: Math.round(e.responseEnd)})),
  };
}
"""


def discover(out):
    """In a child process with Django set up: the demo's boards and the kick-off's workshop page."""
    import django

    django.setup()
    from ideas.models import Board

    closed = (Board.objects.filter(visibility=Board.Visibility.PUBLIC, phase=Board.Phase.CLOSED)
              .select_related("workshop").order_by("pk").first())
    open_board = Board.objects.exclude(phase=Board.Phase.CLOSED).order_by("pk").first()
    facts = {
        "closed_board": closed.pk,
        "kickoff_workshop": closed.workshop.url,
        "open_board": open_board.pk if open_board else None,
    }
    Path(out).write_text(json.dumps(facts))


# --- what the board's HTML is made of --------------------------------------------------------------

class ElementSpans(HTMLParser):
    """Character spans of the elements that carry the card data twice: the snapshot and the card list."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, text):
        super().__init__(convert_charrefs=False)
        self.line_offsets = [0]
        for line in text.splitlines(keepends=True):
            self.line_offsets.append(self.line_offsets[-1] + len(line))
        self.stack = []  # (tag, start offset, what) of the open elements
        self.spans = {"snapshot": [], "rendered cards": []}
        self.feed(text)
        self.close()

    def position(self):
        line, column = self.getpos()
        return self.line_offsets[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        what = None
        if tag == "script" and attrs.get("id") == "board-boot":
            what = "snapshot"
        elif "board-card" in (attrs.get("class") or "").split():
            what = "rendered cards"
        self.stack.append((tag, self.position(), what))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, start, what = self.stack.pop()
            if open_tag == tag:
                if what and not any(w for _t, _s, w in self.stack if w == what):
                    end = self.position() + len(f"</{tag}>")
                    self.spans[what].append((start, end))
                return


def html_parts(html):
    """Bytes of the snapshot and of the server-rendered cards in a board's HTML: raw, gzip alone, gzip saved."""
    spans = ElementSpans(html).spans
    whole = html.encode()
    whole_gzip = len(gzip.compress(whole, GZIP_LEVEL, mtime=0))
    parts = {"html": {"bytes": len(whole), "gzip": whole_gzip}}
    for what, ranges in spans.items():
        piece = "".join(html[a:b] for a, b in ranges).encode()
        rest, last = [], 0
        for a, b in ranges:
            rest.append(html[last:a])
            last = b
        rest.append(html[last:])
        without = "".join(rest).encode()
        parts[what] = {
            "count": len(ranges), "bytes": len(piece), "gzip": len(gzip.compress(piece, GZIP_LEVEL, mtime=0)),
            # what the compressed page would shrink by if this part were not in it
            "gzip_saved": whole_gzip - len(gzip.compress(without, GZIP_LEVEL, mtime=0)),
        }
    if spans["snapshot"]:
        a, b = spans["snapshot"][0]
        parts["snapshot keys"] = snapshot_keys(html[a:b].split(">", 1)[1].rsplit("</", 1)[0])
    return parts


def snapshot_keys(text):
    """Bytes of the snapshot's top-level entries and of its state's (before json_script escapes <, > and &)."""
    boot = json.loads(text)

    def size(value):
        return len(json.dumps(value).encode())  # as json_script writes it (ASCII, default separators)

    sizes = {key: size(value) for key, value in boot.items() if key != "state"}
    sizes.update({f"state.{key}": size(value) for key, value in (boot.get("state") or {}).items()})
    return dict(sorted(sizes.items(), key=lambda item: -item[1]))


# --- the browser -----------------------------------------------------------------------------------

def new_context(browser, base_url):
    context = browser.new_context(
        base_url=base_url, viewport=VIEWPORT, device_scale_factor=3, is_mobile=True, has_touch=True,
        locale="de-DE", extra_http_headers={"X-Forwarded-Proto": "https"},
    )
    context.add_init_script(USABLE_WATCH)
    return context


def log_in(context, base_url):
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", MEMBER)
    page.fill("input[name=password]", PASSWORD)
    page.click("form:has(input[name=password]) [type=submit]")
    page.wait_for_url(f"{base_url}/", timeout=30_000)
    page.close()


def load_once(context, path, timeout_ms):
    """One first-visit load of `path` on the slow link: the page's timings and bytes."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    try:
        response = page.goto(path, wait_until="load", timeout=timeout_ms)
        if response is None or response.status != 200:
            raise SystemExit(f"{path} answered {response and response.status} (url {page.url})")
        page.wait_for_function("() => window.__usableAt !== undefined", timeout=timeout_ms)
        page.wait_for_timeout(300)  # the resources a page fetches right after it is usable
        figures = page.evaluate(TIMINGS)
        figures["content_encoding"] = response.headers.get("content-encoding", "")
        if page.query_selector("#board-boot"):
            figures["parts"] = html_parts(context.request.get(path).text())
        return figures
    finally:
        cdp.detach()
        page.close()


def measure(browser, base_url, facts, runs, timeout_ms):
    results = []
    for who in ("anonymous", "member"):
        context = new_context(browser, base_url)
        try:
            if who == "member":
                log_in(context, base_url)
            for label, finder, for_whom in PAGES:
                path = finder(facts)
                if who not in for_whom or not path:
                    continue
                loads = []
                for _ in range(runs):
                    loads.append(load_once(context, path, timeout_ms))
                log(f"{who:9} {label}: usable after {[round(x['usable']) for x in loads]} ms")
                results.append({"page": label, "path": path, "who": who, "loads": loads, **summary(loads)})
        finally:
            context.close()
    return results


def summary(loads):
    median = {key: statistics.median(load[key] for load in loads)
              for key in ("dcl", "usable", "load", "requests", "transferred", "encoded", "decoded",
                          "html_transferred", "html_encoded", "html_decoded")}
    return {"median": median, "content_encoding": loads[-1]["content_encoding"], "parts": loads[-1].get("parts")}


# --- the run ---------------------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--runs", type=int, default=3, help="loads of each page, the median reported (default 3)")
    parser.add_argument("--label", default="", help="a word for the JSON file name and the table, e.g. before")
    parser.add_argument("--page-timeout", type=float, default=60.0, help="seconds a page may take (default 60)")
    parser.add_argument("--start-timeout", type=float, default=60.0)
    parser.add_argument("--discover", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.discover:
        return discover(args.discover)
    if not 1 <= args.runs <= 20:
        parser.error("--runs must be 1..20")
    for port in (PORT_APP, PORT_REDIS):
        if port_open(port):
            raise SystemExit(f"port {port} is in use: the benchmark uses {PORT_APP} and {PORT_REDIS} on {HOST}")
    from playwright.sync_api import sync_playwright

    tmpdir = Path(tempfile.mkdtemp(prefix="bench-slow-"))
    db = Database(args.db, tmpdir, args.pg_url, name=f"netzwerkstatt_bench_slow_{os.getpid()}")
    redis = RedisServer(PORT_REDIS, tmpdir)
    base_url = f"http://{HOST}:{PORT_APP}"
    try:
        log(f"database ({args.db}), migrate and load_demo")
        facts = demo_site_facts(db, Path(__file__).resolve(), tmpdir)

        redis.start()
        prod = site_env({
            "DJANGO_SETTINGS_MODULE": "bench.pages_settings", "DATABASE_URL": db.url, "REDIS_URL": redis.url,
            "SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": f"{HOST},localhost",
            # The browser talks plain HTTP to the worker; the login form's Origin is this one.
            "CSRF_TRUSTED_ORIGINS": base_url,
            "BENCH_STATIC_ROOT": str(tmpdir / "static"), "CACHE_KEY_PREFIX": "bench-slow",
        })
        log("collectstatic")
        checked([PY, "manage.py", "collectstatic", "--noinput"], prod, 600, "collectstatic")
        worker = start_worker("uvicorn", "netzwerkstatt.asgi:application", PORT_APP, prod, tmpdir / "worker.log")
        wait_listening(worker.port, worker.proc, args.start_timeout, worker.log_path)

        log(f"Chromium, slow 3G, {args.runs} loads per page")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"])
            try:
                results = measure(browser, base_url, facts, args.runs, int(args.page_timeout * 1000))
            finally:
                browser.close()
        report(results, args.label)
        write_json(args, facts, results)
    finally:
        stop_all()
        db.drop()
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


def kb(n):
    return f"{n / 1000:.1f} KB"


def report(results, label):
    title = f" ({label})" if label else ""
    print(f"\nSlow 3G{title}: 400 ms latency, 400 kbit/s, 390×844, first visit; medians")
    print("| page | who | DOMContentLoaded | usable | load | requests | transferred | decoded | HTML transferred / decoded | HTML encoding |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        m = r["median"]
        print(f"| {r['page']} | {r['who']} | {m['dcl'] / 1000:.2f} s | {m['usable'] / 1000:.2f} s | "
              f"{m['load'] / 1000:.2f} s | {m['requests']:.0f} | {kb(m['transferred'])} | {kb(m['decoded'])} | "
              f"{kb(m['html_transferred'])} / {kb(m['html_decoded'])} | {r['content_encoding'] or 'none'} |")
    boards = [r for r in results if r["parts"]]
    if not boards:
        return
    print("\nWhat a board's HTML carries (gzip level 6 as Django's GZipMiddleware; 'saved': what the page's gzip "
          "would shrink by without it)")
    print("| page | who | HTML | JSON snapshot | its share | rendered cards | their share | snapshot gzip alone / saved "
          "| cards gzip alone / saved | HTML gzip |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in boards:
        p = r["parts"]
        html, snap, cards = p["html"], p["snapshot"], p["rendered cards"]
        print(f"| {r['page']} | {r['who']} | {kb(html['bytes'])} | {kb(snap['bytes'])} | "
              f"{snap['bytes'] / html['bytes']:.0%} | {kb(cards['bytes'])} ({cards['count']} cards) | "
              f"{cards['bytes'] / html['bytes']:.0%} | {kb(snap['gzip'])} / {kb(snap['gzip_saved'])} | "
              f"{kb(cards['gzip'])} / {kb(cards['gzip_saved'])} | {kb(html['gzip'])} |")
    print("\nThe JSON snapshot's largest entries (uncompressed)")
    for r in boards:
        keys = r["parts"].get("snapshot keys", {})
        print(f"- {r['page']}, {r['who']}: " + ", ".join(f"{key} {kb(n)}" for key, n in list(keys.items())[:6]))


def write_json(args, facts, results):
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    suffix = f"-{args.label}" if args.label else ""
    path = RESULTS_DIR / f"slow-network-{time.strftime('%Y%m%d-%H%M%S')}{suffix}.json"
    path.write_text(json.dumps({
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "db": args.db, "runs": args.runs, "label": args.label,
        "network": SLOW_3G, "viewport": VIEWPORT, "facts": facts, "results": results,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
        "versions": versions(),
    }, indent=2))
    log(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
