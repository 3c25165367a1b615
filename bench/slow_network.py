#!/usr/bin/env python
"""Slow network benchmark: how long a phone on a slow 3G link waits for the board, workshop and home pages.

One command (PostgreSQL on 127.0.0.1:5432, user postgres, trust auth; or --db sqlite):

    .venv/bin/python bench/slow_network.py
    .venv/bin/python bench/slow_network.py --runs 5 --db sqlite
    .venv/bin/python bench/slow_network.py --proxy none   # the browser talks to uvicorn directly

It needs Playwright (requirements-test.txt) and Debian's Chromium at /usr/bin/chromium, which
`make test` installs, a redis-server and, for the default `--proxy nginx`, Debian's nginx
(`apt-get install nginx`; without it the run says so and measures `--proxy none`).

What it does, on loopback only (ports 8795, 8796 and, through nginx, 8797):

1. a throwaway database (as bench/pages.py: PostgreSQL database netzwerkstatt_bench_slow_<pid>,
   created and dropped, or an SQLite file in a temporary directory), migrated, `load_demo` run
   under the development settings (only development creates the demo users), and a
   redis-server of its own on port 8796;
2. `collectstatic` into the temporary directory and one uvicorn worker on port 8795 with the
   production settings (bench/pages_settings.py: production, STATIC_ROOT in the temporary
   directory), the public page cache on as in production;
3. Debian's Chromium (Playwright) with a phone's viewport (390×844) and Chromium's network
   emulation (Network.emulateNetworkConditions: 400 ms latency, 400 kbit/s down and up),
   the browser cache cleared before every page, so every page is a first visit;
   `--proxy nginx` (the default when /usr/sbin/nginx exists): the browser talks HTTPS and HTTP/2
   to an nginx of the run's own on port 8797, configured with the server block of
   docs/operations.md (taken from it: only the listen port, the upstream, the server name and a
   throwaway self-signed certificate are the run's), which proxies to the worker;
   `--proxy none`: the browser talks HTTP/1.1 to the worker and every request says
   `X-Forwarded-Proto: https`, as the TLS proxy in front of production does;
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
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/ is sys.path[0], the project root is not
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    HOST, PY, RESULTS_DIR, ROOT, Database, RedisServer, checked, demo_site_facts, log, port_open, site_env,
    spawn, start_worker, stop_all, versions, wait_listening,
)

PORT_APP, PORT_REDIS, PORT_PROXY = 8795, 8796, 8797
CHROMIUM = "/usr/bin/chromium"
NGINX = "/usr/sbin/nginx"
OPERATIONS_DOC = ROOT / "docs" / "operations.md"
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
    protocol: nav.nextHopProtocol,
    requests: all.length, transferred: sum("transferSize"), encoded: sum("encodedBodySize"),
    decoded: sum("decodedBodySize"), html_transferred: nav.transferSize, html_encoded: nav.encodedBodySize,
    html_decoded: nav.decodedBodySize,
    resources: resources.map((e) => ({path: new URL(e.name).pathname, transferred: e.transferSize,
      decoded: e.decodedBodySize, start: Math.round(e.startTime), first_byte: Math.round(e.responseStart), end: Math.round(e.responseEnd)})),
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


# --- the TLS and HTTP/2 proxy of docs/operations.md ------------------------------------------------

def operations_server_block():
    """The nginx example of docs/operations.md, as the docs print it."""
    blocks = re.findall(r"```nginx\n(.*?)```", OPERATIONS_DOC.read_text(), re.S)
    if len(blocks) != 1:
        raise SystemExit(f"{OPERATIONS_DOC.relative_to(ROOT)}: expected one ```nginx block, found {len(blocks)}")
    return blocks[0]


def substitute(text, pattern, replacement, what):
    new, count = re.subn(pattern, replacement, text, flags=re.M)
    if count != 1:
        raise SystemExit(f"{OPERATIONS_DOC.relative_to(ROOT)}'s nginx example: no single {what} to replace")
    return new


def nginx_config(workdir, cert, key):
    """A whole nginx.conf around the docs' server block: only the run's ports, name and certificate differ."""
    block = operations_server_block()
    block = substitute(block, r"^upstream netzwerkstatt \{.*\}$",
                       f"upstream netzwerkstatt {{ server {HOST}:{PORT_APP}; }}", "upstream line")
    block = substitute(block, r"^(\s*listen\s+)443(\s)", rf"\g<1>{HOST}:{PORT_PROXY}\2", "listen 443")
    block = substitute(block, r"^(\s*server_name )[^;]+;", rf"\g<1>{HOST};", "server_name")
    block = substitute(block, r"^(\s*ssl_certificate )[^;]+;", rf"\g<1>{cert};", "ssl_certificate")
    block = substitute(block, r"^(\s*ssl_certificate_key )[^;]+;", rf"\g<1>{key};", "ssl_certificate_key")
    # Run as root, nginx's workers switch to nobody; they touch no file (no temp files, no logs).
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(f"    {kind}_temp_path {workdir / kind};"
                      for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""daemon off;
{user}worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
{temp}
    proxy_max_temp_file_size 0;
{block}}}
"""


def self_signed_certificate(workdir):
    cert, key = workdir / "cert.pem", workdir / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=IP:{HOST}",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def start_nginx(tmpdir, timeout):
    """nginx in the foreground as a child of the run, proxying HTTPS/HTTP2 on PORT_PROXY to the worker."""
    workdir = tmpdir / "nginx"
    workdir.mkdir()
    cert, key = self_signed_certificate(workdir)
    conf = workdir / "nginx.conf"
    conf.write_text(nginx_config(workdir, cert, key))
    command = [NGINX, "-p", str(workdir), "-e", str(workdir / "error.log"), "-c", str(conf)]
    test = subprocess.run([*command, "-t"], capture_output=True, text=True)
    if test.returncode:
        raise SystemExit(f"nginx refuses the config made from {OPERATIONS_DOC.relative_to(ROOT)}:\n{test.stderr}")
    log_path = workdir / "nginx.log"
    with open(log_path, "w") as fh:
        proc = spawn(command, os.environ.copy(), fh, fh)
    wait_listening(PORT_PROXY, proc, timeout, workdir / "error.log")
    return proc


def nginx_version():
    result = subprocess.run([NGINX, "-v"], capture_output=True, text=True)
    return (result.stderr or result.stdout).strip().removeprefix("nginx version: ")


# --- the browser -----------------------------------------------------------------------------------

def new_context(browser, base_url):
    direct = base_url.startswith("http:")
    context = browser.new_context(
        base_url=base_url, viewport=VIEWPORT, device_scale_factor=3, is_mobile=True, has_touch=True,
        locale="de-DE", ignore_https_errors=True,  # the run's self-signed certificate
        # Straight to the worker, the browser says what the TLS proxy would.
        extra_http_headers={"X-Forwarded-Proto": "https"} if direct else None,
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
    return {"median": median, "content_encoding": loads[-1]["content_encoding"], "protocol": loads[-1]["protocol"],
            "parts": loads[-1].get("parts")}


# --- the run ---------------------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--proxy", choices=["nginx", "none"], default=None,
                        help="nginx: HTTPS and HTTP/2 through docs/operations.md's nginx config (the default "
                             f"when {NGINX} exists); none: HTTP/1.1 straight to the worker")
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
    if args.proxy is None:
        args.proxy = "nginx" if Path(NGINX).exists() else "none"
        if args.proxy == "none":
            log(f"{NGINX} not found (apt-get install nginx): measuring without the proxy")
    elif args.proxy == "nginx" and not Path(NGINX).exists():
        parser.error(f"--proxy nginx needs {NGINX} (apt-get install nginx)")
    ports = (PORT_APP, PORT_REDIS, PORT_PROXY) if args.proxy == "nginx" else (PORT_APP, PORT_REDIS)
    for port in ports:
        if port_open(port):
            raise SystemExit(f"port {port} is in use: the benchmark uses {', '.join(map(str, ports))} on {HOST}")
    from playwright.sync_api import sync_playwright

    tmpdir = Path(tempfile.mkdtemp(prefix="bench-slow-"))
    db = Database(args.db, tmpdir, args.pg_url, name=f"netzwerkstatt_bench_slow_{os.getpid()}")
    redis = RedisServer(PORT_REDIS, tmpdir)
    if args.proxy == "nginx":
        base_url = f"https://{HOST}:{PORT_PROXY}"
        log(f"mode: through nginx {nginx_version()} (HTTPS, HTTP/2, docs/operations.md's config) on {base_url}")
    else:
        base_url = f"http://{HOST}:{PORT_APP}"
        log(f"mode: no proxy, HTTP/1.1 straight to the worker on {base_url}")
    try:
        log(f"database ({args.db}), migrate and load_demo")
        facts = demo_site_facts(db, Path(__file__).resolve(), tmpdir)

        redis.start()
        prod = site_env({
            "DJANGO_SETTINGS_MODULE": "bench.pages_settings", "DATABASE_URL": db.url, "REDIS_URL": redis.url,
            "SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": f"{HOST},localhost",
            # The login form's Origin: the proxy's port (its Host header has none) or the worker's.
            "CSRF_TRUSTED_ORIGINS": base_url,
            "BENCH_STATIC_ROOT": str(tmpdir / "static"), "CACHE_KEY_PREFIX": "bench-slow",
        })
        log("collectstatic")
        checked([PY, "manage.py", "collectstatic", "--noinput"], prod, 600, "collectstatic")
        worker = start_worker("uvicorn", "netzwerkstatt.asgi:application", PORT_APP, prod, tmpdir / "worker.log")
        wait_listening(worker.port, worker.proc, args.start_timeout, worker.log_path)
        if args.proxy == "nginx":
            start_nginx(tmpdir, args.start_timeout)

        log(f"Chromium, slow 3G, {args.runs} loads per page")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"])
            try:
                results = measure(browser, base_url, facts, args.runs, int(args.page_timeout * 1000))
            finally:
                browser.close()
        report(results, args.label, args.proxy)
        write_json(args, facts, results)
    finally:
        stop_all()
        db.drop()
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


def kb(n):
    return f"{n / 1000:.1f} KB"


def report(results, label, proxy):
    title = f" ({label})" if label else ""
    way = "HTTPS/HTTP2 through nginx" if proxy == "nginx" else "HTTP/1.1 straight to uvicorn"
    print(f"\nSlow 3G{title}: 400 ms latency, 400 kbit/s, 390×844, first visit, {way}; medians")
    print("| page | who | DOMContentLoaded | usable | load | requests | transferred | decoded | HTML transferred / decoded | HTML encoding, protocol |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        m = r["median"]
        print(f"| {r['page']} | {r['who']} | {m['dcl'] / 1000:.2f} s | {m['usable'] / 1000:.2f} s | "
              f"{m['load'] / 1000:.2f} s | {m['requests']:.0f} | {kb(m['transferred'])} | {kb(m['decoded'])} | "
              f"{kb(m['html_transferred'])} / {kb(m['html_decoded'])} | {r['content_encoding'] or 'none'}, {r['protocol']} |")
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
        "proxy": args.proxy, "nginx": nginx_version() if args.proxy == "nginx" else None,
        "network": SLOW_3G, "viewport": VIEWPORT, "facts": facts, "results": results,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
        "versions": versions(),
    }, indent=2))
    log(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
