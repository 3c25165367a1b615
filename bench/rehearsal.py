#!/usr/bin/env python
"""Rehearsal of a 60-person session (issue 10): 40 members and 20 guests on one board, two workers.

One command (PostgreSQL on 127.0.0.1:5432, user postgres, trust auth; a redis-server; Playwright and
Debian's Chromium at /usr/bin/chromium, as bench/slow_network.py):

    .venv/bin/python bench/rehearsal.py              # the session as the issue says: 5 minutes of collect
    .venv/bin/python bench/rehearsal.py --quick      # the same in about a minute, to check it works

What it plays, on loopback only:

1. a throwaway database (bench_rehearsal_<pid>, migrated, seeded by bench/seed.py with 41 members
   and their sessions and one board in the collect phase; the first member is made a facilitator),
   a redis-server of its own, `collectstatic` into a temporary directory and two uvicorn workers
   of the real app with the production settings (bench/pages_settings.py: psycopg's pool, the
   core channel layer and the cache on that Redis, WhiteNoise); every request says
   `X-Forwarded-Proto: https`, as the TLS proxy in front of production does;
2. Chromium (Playwright) with three contexts: the facilitator's board page (desktop), the projector
   view /boards/<id>/beamer/ (1920×1080, the facilitator's session) and one member's board page on a
   phone (390×844); the beamer and the phone note, with a MutationObserver, when each card element
   first appears (Date.now(), the same clock as the benchmark's on one machine);
3. the facilitator opens guest access over their socket (board.open_guest_access); then the room
   arrives: 39 members' sockets (bench/board_client.py, which behaves like the browser's client)
   within the first 5 s, the phone member's page, and 20 guests within --join-seconds, each
   GETting /g/<code>/, POSTing the join form with its CSRF token and opening the socket with the
   session cookie it got; half of everyone on each worker;
4. collect (--collect-seconds from the first arrival): every participant posts 2–4 cards (about
   three) at random times, the phone member through the page's form; then the clients settle
   and the cards on the beamer and on the phone are compared with the cards stored;
5. vote: the facilitator sets the phase, every socket participant casts the board's budget of dots
   (vote_budget) on random cards within --vote-seconds; then the board is closed.

Printed: the time until all 60 are in (socket synced, the phone's indicator "connected"), the
event latency to the beamer and to the phone (from the ack's arrival at the card's sender, and from
its sending), cards on the beamer and the phone against cards stored, dots acked against stored,
and every error (refused messages, failed joins or connects, page errors, worker log lines).
JSON goes to bench/results/. Everything it started is stopped, the database dropped and the
temporary directory removed on exit, on error and on Ctrl-C.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import secrets
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/ is sys.path[0], the project root is not
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.board_client import BoardClient, Post, now  # noqa: E402
from bench.harness import (  # noqa: E402
    HOST, PY, RESULTS_DIR, ROOT, Database, RedisServer, checked, count_log_lines, free_port, log,
    migrate_and_seed, pct, site_env, start_worker, stop_all, versions, wait_listening,
)

APP = "netzwerkstatt.asgi:application"
CHROMIUM = "/usr/bin/chromium"
MEMBERS, GUESTS = 40, 20  # the phone member is one of the 40
KINDS = ("need", "gap", "draft")
FORWARDED = {"X-Forwarded-Proto": "https"}
# perf_counter() -> wall clock (ms), to compare the clients' times with the pages' Date.now().
WALL_OFFSET = time.time() - time.perf_counter()
LOG_PATTERNS = {"error": re.compile(r"\bERROR\b|Traceback|Exception"), "warning": re.compile(r"\bWARNING\b")}

# Runs in the beamer's and the phone's pages from their first byte on: when each card element first
# appeared, by data-card-id (Date.now(), ms).
CARD_WATCH = """
(() => {
  window.__cardSeen = {};
  const selector = location.pathname.endsWith("/beamer/") ? "li.beamer-card[data-card-id]" : ".board-card[data-card-id]";
  window.__cardSelector = selector;
  const note = (node, at) => {
    if (node.nodeType !== 1) return;
    const found = node.matches(selector) ? [node] : [];
    found.push(...node.querySelectorAll(selector));
    for (const card of found) {
      const id = card.dataset.cardId;
      if (!(id in window.__cardSeen)) window.__cardSeen[id] = at;
    }
  };
  new MutationObserver((mutations) => {
    const at = Date.now();
    for (const mutation of mutations) for (const node of mutation.addedNodes) note(node, at);
  }).observe(document, { subtree: true, childList: true });
  // When each card.created frame reached the page's socket (before the page draws it).
  window.__frameSeen = {};
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (message) => {
        const at = Date.now();
        try {
          const frame = JSON.parse(message.data);
          const card = frame.type === "event" && frame.name === "card.created" && frame.data && frame.data.card;
          if (card && !(card.id in window.__frameSeen)) window.__frameSeen[card.id] = at;
        } catch (error) { /* not JSON: not a card */ }
      });
    }
  };
})();
"""
CARDS_NOW = "() => [...new Set([...document.querySelectorAll(window.__cardSelector)].map((e) => e.dataset.cardId))]"
CONNECTED = "() => document.querySelector('[data-connection]')?.dataset.connection === 'connected'"


def wall_ms(perf):
    return (perf + WALL_OFFSET) * 1000.0


# --- the participants' sockets ----------------------------------------------------------------------

class Participant(BoardClient):
    """A member's or guest's browser tab (bench/board_client.py) that also asks and awaits single requests."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.waiting = {}  # ref -> future of the answer
        self.answers = Counter()  # "kind: ack" / "kind: <error code>" of the requests

    def post_card(self, text, kind):
        """As BoardClient.post, in a column of its choice."""
        client_id = str(uuid.uuid4())
        self.posts[client_id] = Post(client_id, self.name, now())
        self.outbox.append(_outbox_item(self.posts[client_id], {"type": "card.create", "client_id": client_id,
                                                                "kind": kind, "text": text}))
        self.flush_outbox()

    async def ask(self, message, timeout=15.0):
        """Send one frame and wait for its answer (ack or error); None when there was no socket or no answer."""
        ref = f"ask{self.new_ref()}"
        future = self.waiting[ref] = asyncio.get_running_loop().create_future()
        if not self.send({**message, "ref": ref}):
            self.waiting.pop(ref, None)
            self.answers[f"{message['type']}: not connected"] += 1
            return None
        try:
            answer = await asyncio.wait_for(future, timeout)
        except asyncio.TimeoutError:
            self.answers[f"{message['type']}: no answer"] += 1
            return None
        finally:
            self.waiting.pop(ref, None)
        outcome = "ack" if answer.get("type") == "ack" else answer.get("code") or "?"
        self.answers[f"{message['type']}: {outcome}"] += 1
        return answer

    def receive(self, message, t):
        future = self.waiting.get(message.get("ref"))
        if future is not None and not future.done():
            future.set_result(message)
        super().receive(message, t)

    def joined_at(self):
        return self.syncs[0][0] if self.syncs else None


def _outbox_item(post, message):
    from bench.board_client import OutboxItem

    return OutboxItem(post, message)


async def join_as_guest(http, port, code, name):
    """The guest's phone: the join page (CSRF cookie and token), the form posted; the session key it got."""
    base = f"http://{HOST}:{port}"
    async with http.get(f"{base}/g/{code}/", headers=FORWARDED, allow_redirects=False) as page:
        html = await page.text()
        if page.status != 200:
            raise RuntimeError(f"join page HTTP {page.status}")
        csrf_cookie = page.cookies.get("csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if csrf_cookie is None or token is None:
        raise RuntimeError("join page without CSRF cookie or token")
    form = {"code": code, "name": name, "csrfmiddlewaretoken": token.group(1)}
    headers = {**FORWARDED, "Cookie": f"csrftoken={csrf_cookie.value}", "Origin": base,
               "Referer": f"{base}/g/{code}/"}
    async with http.post(f"{base}/g/", data=form, headers=headers, allow_redirects=False) as answer:
        await answer.read()
        session = answer.cookies.get("sessionid")
        if answer.status != 302 or session is None:
            raise RuntimeError(f"join HTTP {answer.status}")
    return session.value


# --- the browsers -------------------------------------------------------------------------------------

class Screen:
    """One Chromium context showing one page of the board, with what it noticed."""

    def __init__(self, name, page, path):
        self.name, self.page, self.path = name, page, path
        self.errors = []  # page errors and console errors

    @classmethod
    async def open(cls, browser, name, base_url, path, session_key, **context_options):
        context = await browser.new_context(base_url=base_url, locale="de-DE", extra_http_headers=FORWARDED,
                                            **context_options)
        await context.add_cookies([{"name": "sessionid", "value": session_key, "domain": HOST, "path": "/",
                                    "httpOnly": True, "secure": False, "sameSite": "Lax"}])
        await context.add_init_script(CARD_WATCH)
        page = await context.new_page()
        screen = cls(name, page, path)
        page.on("pageerror", lambda exc: screen.errors.append(f"pageerror: {exc}"[:300]))
        page.on("console", lambda msg: msg.type == "error" and screen.errors.append(f"console: {msg.text}"[:300]))
        return screen

    async def load(self, timeout_s):
        response = await self.page.goto(self.path, wait_until="load", timeout=timeout_s * 1000)
        if response is None or response.status != 200:
            raise SystemExit(f"{self.name}: {self.path} answered {response and response.status} (url {self.page.url})")
        await self.page.wait_for_function(CONNECTED, timeout=timeout_s * 1000)

    async def seen(self, what="__cardSeen"):
        """Card id -> Date.now() when its element appeared (__cardSeen) or its frame arrived (__frameSeen)."""
        return {int(k): v for k, v in (await self.page.evaluate(f"() => window.{what}")).items()}

    async def cards_now(self):
        return {int(k) for k in await self.page.evaluate(CARDS_NOW)}

    async def post_card(self, text):
        """The phone member types a card into the page's form and sends it (the page posts it over its socket)."""
        form = self.page.locator("form.board-post__form")
        await form.locator("textarea[name=text]").fill(text)
        await form.locator("input[name=kind][value=need]").check()
        await form.locator("[type=submit]").first.click()


# --- the session -------------------------------------------------------------------------------------

class Rehearsal:
    def __init__(self, args, db, ports, seed, board_id):
        self.args, self.db, self.ports, self.board_id = args, db, ports, board_id
        self.rng = random.Random(args.seed)
        self.posts = {}
        self.sessions = seed["sessions"]  # bench-00000 (facilitator), bench-00001 (phone), the other members
        self.members = []
        self.guests = []
        self.guest_failures = Counter()
        self.guest_join_ms = []
        self.phone_posts = []  # wall ms when the phone member sent each card
        self.figures = {}

    def port(self, i):
        return self.ports[i % len(self.ports)]

    def client(self, http, name, session_key, i):
        c = Participant(name, session_key, self.ports, i % len(self.ports), self.board_id, self.posts,
                        random.Random(self.rng.random()))
        c.task = asyncio.ensure_future(c.run(http))
        return c

    def everyone(self):
        return self.members + self.guests

    async def run(self, browser, http):
        a = self.args
        base = [f"http://{HOST}:{p}" for p in self.ports]
        log("Chromium: the facilitator's board, the beamer, the phone")
        facilitator_page = await Screen.open(browser, "facilitator", base[0], f"/boards/{self.board_id}/",
                                             self.sessions[0], viewport={"width": 1440, "height": 900})
        beamer = await Screen.open(browser, "beamer", base[0], f"/boards/{self.board_id}/beamer/", self.sessions[0],
                                   viewport={"width": 1920, "height": 1080})
        phone = await Screen.open(browser, "phone", base[1], f"/boards/{self.board_id}/", self.sessions[1],
                                  viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True,
                                  has_touch=True)
        self.screens = [facilitator_page, beamer, phone]
        await facilitator_page.load(a.page_timeout)
        await beamer.load(a.page_timeout)

        self.facilitator = self.client(http, "facilitator", self.sessions[0], 0)
        await self.until(lambda: self.facilitator.synced, 30, "the facilitator's socket")
        await self.facilitator.ask({"type": "board.open_guest_access"})
        code = self.db.rows("SELECT guest_code FROM ideas_board WHERE id = %s", (self.board_id,))[0][0]
        if not code:
            raise SystemExit("board.open_guest_access gave the board no guest code")
        log(f"guest code {code}; the room arrives: {MEMBERS} members within 5 s, {GUESTS} guests within "
            f"{a.join_seconds:g} s")

        t0 = now()
        collect_end = t0 + a.collect_seconds
        phone_in = asyncio.ensure_future(self.phone_arrives(phone, t0))
        arrivals = [asyncio.ensure_future(self.member_arrives(http, i, t0 + self.rng.uniform(0, 5)))
                    for i in range(2, len(self.sessions))]
        arrivals += [asyncio.ensure_future(self.guest_arrives(http, i, code, t0 + self.rng.uniform(0, a.join_seconds)))
                     for i in range(GUESTS)]
        posting = [asyncio.ensure_future(self.post_during_collect(p, collect_end)) for p in arrivals]
        posting.append(asyncio.ensure_future(self.phone_posts_cards(phone, phone_in, collect_end)))

        everyone_in = asyncio.ensure_future(self.all_in(t0, phone_in, a.join_seconds + 60))
        await asyncio.gather(*posting)
        self.figures["all_in_s"] = await everyone_in
        log("collect over; settling")
        await self.settle(30)
        await self.compare_cards(beamer, phone, "after collect")

        log(f"vote: {self.figures['vote_budget']} dots each within {a.vote_seconds:g} s")
        await self.facilitator.ask({"type": "board.set_phase", "phase": "vote"})
        vote_end = now() + a.vote_seconds
        await asyncio.gather(*(self.vote(p, vote_end) for p in self.everyone()))
        await self.settle(20)
        await self.facilitator.ask({"type": "board.set_phase", "phase": "closed"})
        await asyncio.sleep(2)
        await self.settle(20)
        await self.compare_cards(beamer, phone, "after the vote")
        await self.latencies(beamer, phone)
        self.figures["votes"] = self.vote_figures()
        self.figures["page_errors"] = {s.name: s.errors for s in self.screens}
        for c in self.everyone() + [self.facilitator]:
            await c.close()

    async def until(self, condition, timeout, what):
        deadline = now() + timeout
        while not condition():
            if now() > deadline:
                raise SystemExit(f"{what}: not within {timeout} s")
            await asyncio.sleep(0.1)

    async def phone_arrives(self, phone, t0):
        await phone.load(self.args.page_timeout)
        return now() - t0

    async def member_arrives(self, http, i, at):
        await asyncio.sleep(max(0.0, at - now()))
        c = self.client(http, f"member{i}", self.sessions[i], i)
        c.arrived_at = now()
        self.members.append(c)
        return c

    async def guest_arrives(self, http, i, code, at):
        await asyncio.sleep(max(0.0, at - now()))
        port = self.port(i)
        started = now()
        try:
            session_key = await join_as_guest(http, port, code, f"Gast {i + 1}")
        except Exception as exc:  # noqa: BLE001 - every failed join is counted and reported
            self.guest_failures[str(exc)[:120]] += 1
            return None
        self.guest_join_ms.append((now() - started) * 1000)
        c = self.client(http, f"guest{i + 1}", session_key, i)
        c.arrived_at = started  # from opening the join page
        self.guests.append(c)
        return c

    async def all_in(self, t0, phone_in, timeout):
        """Seconds from the first arrival until all 60 are in (None if not within timeout)."""
        deadline = t0 + timeout
        expected = len(self.sessions) - 2 + GUESTS
        while now() < deadline:
            arrived = self.everyone()
            if len(arrived) + sum(self.guest_failures.values()) >= expected and all(c.syncs for c in arrived) \
                    and phone_in.done():
                if len(arrived) < expected:
                    return None
                last = max(c.joined_at() for c in arrived) - t0
                self.figures["each_in_s"] = pct(sorted(c.joined_at() - c.arrived_at for c in arrived))
                return round(max(last, phone_in.result()), 2)
            await asyncio.sleep(0.05)
        return None

    async def post_during_collect(self, arrival, collect_end):
        """About three cards (2-4) at random times between joining and the end of collect."""
        c = await arrival
        if c is None:
            return
        start = now()
        times = sorted(self.rng.uniform(start, collect_end - 1) for _ in range(self.rng.choice((2, 3, 4))))
        for n, at in enumerate(times, 1):
            await asyncio.sleep(max(0.0, at - now()))
            c.post_card(f"{c.name}, Karte {n}: Bedarf Sprachkurs am Abend mit Kinderbetreuung", self.rng.choice(KINDS))
        await asyncio.sleep(max(0.0, collect_end - now()))

    async def phone_posts_cards(self, phone, phone_in, collect_end):
        await phone_in
        times = sorted(self.rng.uniform(now(), collect_end - 1) for _ in range(3))
        for n, at in enumerate(times, 1):
            await asyncio.sleep(max(0.0, at - now()))
            self.phone_posts.append(time.time() * 1000)
            await phone.post_card(f"Telefon, Karte {n}: Beratung auch nach 18 Uhr")
        await asyncio.sleep(max(0.0, collect_end - now()))

    async def settle(self, timeout):
        """Until every socket's outbox is empty and every socket is at the board's last seq (or timeout)."""
        deadline = now() + timeout
        while now() < deadline:
            last_seq = self.db.rows("SELECT last_seq FROM ideas_board WHERE id = %s", (self.board_id,))[0][0]
            if all(c.stopped or (c.synced and c.seq == last_seq and c.pending() == 0)
                   for c in self.everyone() + [self.facilitator]):
                await asyncio.sleep(1.0)  # the pages render what the sockets already have
                return True
            await asyncio.sleep(0.25)
        return False

    async def compare_cards(self, beamer, phone, when):
        stored = {pk for (pk,) in self.db.rows(
            "SELECT id FROM ideas_card WHERE board_id = %s AND deleted_at IS NULL AND merged_into_id IS NULL",
            (self.board_id,))}
        on_beamer, on_phone = await beamer.cards_now(), await phone.cards_now()
        self.figures.setdefault("cards", {})[when] = {
            "stored": len(stored), "beamer": len(on_beamer), "phone": len(on_phone),
            "missing_on_beamer": sorted(stored - on_beamer)[:20], "extra_on_beamer": sorted(on_beamer - stored)[:20],
            "missing_on_phone": sorted(stored - on_phone)[:20], "extra_on_phone": sorted(on_phone - stored)[:20],
            "posted": len(self.posts), "posted_on_phone": len(self.phone_posts),
            "acked": sum(1 for p in self.posts.values() if p.acked_at is not None),
        }
        self.figures.setdefault("vote_budget", self.db.rows("SELECT vote_budget FROM ideas_board WHERE id = %s",
                                                            (self.board_id,))[0][0])
        log(f"{when}: stored {len(stored)}, beamer {len(on_beamer)}, phone {len(on_phone)}")

    async def latencies(self, beamer, phone):
        """Per card of the sockets: when it appeared on a page minus when its ack reached its sender (and its send)."""
        card_of = {}
        for c in self.everyone():
            for card_id, client_id in c.cards.items():
                card_of.setdefault(client_id, card_id)
        seen = {"beamer": await beamer.seen(), "phone": await phone.seen(),
                "beamer_frame": await beamer.seen("__frameSeen"), "phone_frame": await phone.seen("__frameSeen")}
        out = {}
        for screen, times in seen.items():
            from_ack, from_send, not_seen = [], [], 0
            for client_id, post in self.posts.items():
                card_id = card_of.get(client_id)
                if post.acked_at is None or card_id is None:
                    continue
                if card_id not in times:
                    not_seen += 1
                    continue
                from_ack.append(times[card_id] - wall_ms(post.acked_at))
                from_send.append(times[card_id] - wall_ms(post.acked_send_at or post.first_sent_at))
            out[screen] = {"from_ack_ms": pct(sorted(from_ack)), "from_send_ms": pct(sorted(from_send)),
                           "min_from_ack_ms": round(min(from_ack), 1) if from_ack else None, "not_seen": not_seen}
        self.figures["latency"] = out
        # The same for the participants' sockets, by the worker each is on: is a page slow, or its worker?
        by_worker = {}
        for c in self.everyone():
            for client_id, seen_at in c.seen.items():
                post = self.posts.get(client_id)
                if post is not None and post.acked_at is not None and post.author != c.name \
                        and c.syncs and post.first_sent_at > c.joined_at():  # live, not from its snapshot
                    by_worker.setdefault(c.port_index, []).append((seen_at - post.acked_at) * 1000)
        self.figures["sockets_by_worker_ms"] = {f"worker{i + 1}": pct(sorted(v)) for i, v in sorted(by_worker.items())}
        self.figures["ack_ms"] = pct(sorted((p.acked_at - p.acked_send_at) * 1000 for p in self.posts.values()
                                            if p.acked_at is not None and p.acked_send_at is not None))

    async def vote(self, c, vote_end):
        """The board's budget of dots, each on a random card this participant sees, at random times."""
        budget = self.figures["vote_budget"]
        times = sorted(self.rng.uniform(now(), vote_end) for _ in range(budget))
        for at in times:
            await asyncio.sleep(max(0.0, at - now()))
            if c.cards:
                await c.ask({"type": "vote.cast", "card_id": self.rng.choice(list(c.cards))})

    def vote_figures(self):
        answers = Counter()
        for c in self.everyone():
            answers.update({k: v for k, v in c.answers.items() if k.startswith("vote.cast")})
        stored = self.db.rows("SELECT count(*) FROM ideas_vote v JOIN ideas_card c ON c.id = v.card_id "
                              "WHERE c.board_id = %s", (self.board_id,))[0][0]
        return {"answers": dict(answers), "stored": stored, "acked": answers.get("vote.cast: ack", 0)}

    def errors(self):
        """Everything that went wrong on the participants' side."""
        found = Counter()
        for c in self.everyone() + [self.facilitator]:
            for key, n in c.answers.items():
                if not key.endswith(": ack"):
                    found[key] += n
            for code, n in c.close_codes.items():
                found[f"socket closed {code}"] += n
            for why, n in c.connect_failures.items():
                found[f"connect failed: {why}"] += n
            found["gaps (resume)"] += c.gaps_seen
            found["card applied twice"] += c.applied_twice
        for p in self.posts.values():
            for code, n in p.errors.items():
                found[f"card.create: {code}"] += n
            if p.acked_at is None:
                found["card.create: never acked"] += 1
        for why, n in self.guest_failures.items():
            found[f"guest join: {why}"] += n
        for s in self.screens:
            found[f"{s.name} page errors"] += len(s.errors)
        return {k: v for k, v in found.items() if v}


# --- setup ---------------------------------------------------------------------------------------------

def prepare(out):
    """In a child process with Django set up: the first seeded member becomes a facilitator."""
    import django

    django.setup()
    from django.contrib.auth.models import Group, User

    from network import roles

    facilitator = User.objects.get(username="bench-00000")
    facilitator.groups.add(Group.objects.get_or_create(name=roles.FACILITATOR)[0])
    Path(out).write_text(json.dumps({"facilitator": facilitator.pk}))


def production_env(db_url, redis_url, tmpdir, origins):
    return site_env(dict(
        DJANGO_SETTINGS_MODULE="bench.pages_settings", DATABASE_URL=db_url, REDIS_URL=redis_url,
        SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS=f"{HOST},localhost",
        CSRF_TRUSTED_ORIGINS=",".join(origins),  # the browsers and guests talk plain HTTP to the workers
        BENCH_STATIC_ROOT=str(tmpdir / "static"), CACHE_KEY_PREFIX="bench-rehearsal",
        CHANNEL_LAYER_PREFIX="bench-rehearsal",
    ))


async def play(args, db, ports, seed, board_id):
    import aiohttp
    from playwright.async_api import async_playwright

    rehearsal = Rehearsal(args, db, ports, seed, board_id)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM,
                                                   args=["--no-sandbox", "--disable-background-networking"])
        try:
            connector = aiohttp.TCPConnector(limit=0)
            async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar()) as http:
                await rehearsal.run(browser, http)
        finally:
            await browser.close()
    return rehearsal


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="about a minute: --collect-seconds 30 --join-seconds 10 --vote-seconds 10")
    parser.add_argument("--collect-seconds", type=float, default=None, help="default 300 (--quick: 30)")
    parser.add_argument("--join-seconds", type=float, default=None, help="guests arrive within (default 30; --quick 10)")
    parser.add_argument("--vote-seconds", type=float, default=None, help="default 60 (--quick: 10)")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--seed", type=int, default=10, help="random seed of the participants' timing")
    parser.add_argument("--page-timeout", type=float, default=60.0)
    parser.add_argument("--start-timeout", type=float, default=60.0)
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        return prepare(args.prepare)
    quick = {"collect_seconds": 30.0, "join_seconds": 10.0, "vote_seconds": 10.0}
    full = {"collect_seconds": 300.0, "join_seconds": 30.0, "vote_seconds": 60.0}
    for key, value in (quick if args.quick else full).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.collect_seconds < args.join_seconds + 5:
        parser.error("--collect-seconds must be at least --join-seconds + 5")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing (Debian: apt-get install chromium)")

    tmpdir = Path(tempfile.mkdtemp(prefix="bench-rehearsal-"))
    db = Database("postgres", tmpdir, args.pg_url, name=f"bench_rehearsal_{os.getpid()}")
    redis = RedisServer(free_port(), tmpdir)
    ports = [free_port(), free_port()]
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    try:
        redis.start()
        env = production_env(db.url, redis.url, tmpdir, [f"http://{HOST}:{p}" for p in ports])
        log("database, migrate, seed")
        seed = migrate_and_seed(db, env, MEMBERS + 1, 1, tmpdir)
        checked([PY, str(Path(__file__).resolve()), "--prepare", str(tmpdir / "prepared.json")], env, 120, "prepare")
        log("collectstatic")
        checked([PY, "manage.py", "collectstatic", "--noinput"], env, 600, "collectstatic")
        workers = [start_worker("uvicorn", APP, p, env, tmpdir / f"worker{i + 1}.log") for i, p in enumerate(ports)]
        for w in workers:
            wait_listening(w.port, w.proc, args.start_timeout, w.log_path)
        rehearsal = asyncio.run(play(args, db, ports, seed, seed["boards"][0]))
        worker_log, samples = count_log_lines([w.log_path for w in workers], LOG_PATTERNS)
        report(args, rehearsal, worker_log, samples)
        write_json(args, started, rehearsal, worker_log, samples)
    finally:
        stop_all()
        db.drop()
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


def ms(x):
    return "–" if x is None else f"{x:.0f} ms"


def report(args, rehearsal, worker_log, samples):
    f = rehearsal.figures
    errors = rehearsal.errors()
    print(f"\nRehearsal: {MEMBERS} members ({MEMBERS - 1} sockets + 1 phone in Chromium) and {GUESTS} guests, "
          f"2 uvicorn workers, PostgreSQL, Redis; collect {args.collect_seconds:g} s, guests within "
          f"{args.join_seconds:g} s, vote {args.vote_seconds:g} s")
    each = f.get("each_in_s") or {}
    print(f"- all {MEMBERS + GUESTS} in after: {f.get('all_in_s')} s from the first arrival; each socket in "
          f"p95 {each.get('p95')} s, max {each.get('max')} s after it started (a guest: opening the join page; "
          f"the join's two requests p95 {ms(pct(sorted(rehearsal.guest_join_ms))['p95'])})")
    for screen in ("beamer", "phone"):
        lat = f["latency"][screen]
        print(f"- event to the {screen}: p50 {ms(lat['from_ack_ms']['p50'])}, p95 {ms(lat['from_ack_ms']['p95'])}, "
              f"max {ms(lat['from_ack_ms']['max'])} after the sender's ack (min {ms(lat['min_from_ack_ms'])}); "
              f"p95 {ms(lat['from_send_ms']['p95'])} after sending; {lat['from_ack_ms']['n']} cards, "
              f"{lat['not_seen']} never seen")
        frame = f["latency"][f"{screen}_frame"]
        print(f"  (its socket's frame: p50 {ms(frame['from_ack_ms']['p50'])}, p95 {ms(frame['from_ack_ms']['p95'])} "
              f"after the ack; the rest is the page drawing)")
    print("- the same to the participants' sockets (card in its board state), by worker (the beamer is on worker1, "
          "the phone on worker2): " + ", ".join(f"{w} p50 {ms(x['p50'])}, p95 {ms(x['p95'])}"
                                                  for w, x in f["sockets_by_worker_ms"].items()))
    print(f"- ack at the sender: p50 {ms(f['ack_ms']['p50'])}, p95 {ms(f['ack_ms']['p95'])}")
    for when, c in f["cards"].items():
        equal = "equal" if c["stored"] == c["beamer"] and not c["missing_on_beamer"] else "NOT EQUAL"
        print(f"- cards {when}: beamer {c['beamer']} / stored {c['stored']} ({equal}); phone {c['phone']}; "
              f"posted by sockets {c['posted']}, acked {c['acked']}; on the phone's form {c['posted_on_phone']}")
        if c["missing_on_beamer"] or c["extra_on_beamer"] or c["missing_on_phone"] or c["extra_on_phone"]:
            print(f"  missing on beamer {c['missing_on_beamer']}, extra {c['extra_on_beamer']}; "
                  f"missing on phone {c['missing_on_phone']}, extra {c['extra_on_phone']}")
    v = f["votes"]
    print(f"- dots (budget {f['vote_budget']}): acked {v['acked']}, stored {v['stored']}; answers {v['answers']}")
    print(f"- errors: {errors or 'none'}")
    print(f"- worker logs: {worker_log['error']} error lines, {worker_log['warning']} warnings")
    for line in samples:
        print(f"    {line}")
    for name, lines in f["page_errors"].items():
        for line in lines[:5]:
            print(f"    {name}: {line}")


def write_json(args, started, rehearsal, worker_log, samples):
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"rehearsal-{time.strftime('%Y%m%d-%H%M%S')}{'-quick' if args.quick else ''}.json"
    path.write_text(json.dumps({
        "when": started, "command": " ".join(sys.argv), "settings": {k: v for k, v in vars(args).items()},
        "figures": rehearsal.figures, "errors": rehearsal.errors(), "worker_log": worker_log,
        "worker_log_samples": samples, "guest_join_ms": pct(sorted(rehearsal.guest_join_ms)),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
        "versions": versions(),
    }, indent=2, default=str))
    log(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
