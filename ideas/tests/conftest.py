"""Fixtures for the board tests: a board with users in every role, and a WebSocket test client.

Board tests run in transactional tests (the consumer works in other threads and
broadcasts after commit), which empty the database afterwards; so these fixtures
create what the migrations would have created (roles, root page, locale) when missing.
"""
import itertools
import re
import json
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
import pytest_asyncio
from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale, Page

from ideas.board import presence as board_presence
from ideas.models import Board
from network import roles
from network.models import MemberProfile, Organisation
from workshops.models import Registration, WorkshopPage

ORIGIN = b"http://testserver"


def make_board_world(**board_fields):
    """A workshop with one board and users: facilitator, two members, a registered and an outside user."""
    for name in roles.ALL_ROLES:
        Group.objects.get_or_create(name=name)
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    start = timezone.now()
    workshop = root.add_child(instance=WorkshopPage(
        title="Ideenwerkstatt Sprache", slug=f"ws-{uuid.uuid4().hex[:8]}", start=start, end=start + timedelta(hours=3)
    ))
    talblick = Organisation.objects.create(name="Bildungswerk Talblick (fiktiv)")
    brueckenhaus = Organisation.objects.create(name="Jugendmigrationsdienst Brückenhaus (fiktiv)")

    def user(username, *role_names, organisation=talblick, first_name=""):
        account = User.objects.create_user(username, password="demo1234", first_name=first_name)
        account.groups.add(*Group.objects.filter(name__in=role_names))
        if organisation:
            MemberProfile.objects.create(user=account, organisation=organisation)
        return account

    users = SimpleNamespace(
        facilitator=user("moderation", roles.FACILITATOR, roles.MEMBER, first_name="Mona"),
        alice=user("alice", roles.MEMBER, first_name="Alice"),
        bob=user("bob", roles.MEMBER, organisation=brueckenhaus, first_name="Bob"),
        outsider=user("outsider", organisation=None),
    )
    board = Board.objects.create(workshop=workshop, title="Was brauchen junge Geflüchtete?", **board_fields)
    Registration.objects.create(workshop=workshop, user=users.bob, status=Registration.Status.CONFIRMED)
    return SimpleNamespace(board=board, workshop=workshop, users=users, organisations=(talblick, brueckenhaus))


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


@pytest.fixture(autouse=True)
def free_reader_slots():
    """Every test starts with all public-reader slots free, also after a test that failed holding some."""
    board_presence.READER_SLOTS.open.clear()
    try:
        yield
    finally:
        board_presence.READER_SLOTS.open.clear()


@pytest.fixture
def world(transactional_db):
    world = make_board_world()
    world.cookies = {name: session_cookie(account) for name, account in vars(world.users).items()}
    return world


@pytest_asyncio.fixture
async def channel_layer():
    """A channel layer made in this test's event loop (the Redis layer binds to the loop that first uses it)."""
    channel_layers.backends.clear()
    layer = channel_layers[DEFAULT_CHANNEL_LAYER]
    yield layer
    if hasattr(layer, "close_pools"):
        await layer.close_pools()
    channel_layers.backends.clear()


@pytest.fixture
def application(channel_layer):
    from netzwerkstatt.asgi import application

    return application


class BoardClient:
    """One browser tab on a board: sends requests with refs and keeps everything else it receives."""

    _refs = itertools.count(1)

    def __init__(self, application, board_id, cookie=None, origin=ORIGIN, query=""):
        headers = [(b"origin", origin)] if origin else []
        if cookie:
            headers.append((b"cookie", cookie.encode()))
        self.communicator = WebsocketCommunicator(application, f"/ws/boards/{board_id}/{query}", headers=headers)
        self.inbox = []

    async def connect(self):
        """Connect and read until synced; returns the messages before synced (snapshot or events)."""
        connected, code = await self.communicator.connect()
        assert connected, f"refused with {code}"
        return await self.until("synced")

    async def receive(self, timeout=2):
        return json.loads(await self.communicator.receive_from(timeout))

    async def until(self, kind, timeout=2):
        """Everything received up to and including the first message of this type."""
        received = []
        while True:
            message = await self.receive(timeout)
            received.append(message)
            if message["type"] == kind:
                return received

    async def send(self, message_type, /, **fields):
        """Send one request without waiting; returns its ref."""
        ref = f"r{next(self._refs)}"
        await self.communicator.send_json_to({"type": message_type, "ref": ref, **fields})
        return ref

    async def replies(self, refs):
        """The ack or error for each ref, in the order of refs; other messages go to the inbox."""
        found = {}
        while len(found) < len(refs):
            message = await self.receive()
            if message.get("ref") in refs and message["type"] in ("ack", "error"):
                found[message["ref"]] = message
            else:
                self.inbox.append(message)
        return [found[ref] for ref in refs]

    async def request(self, message_type, /, **fields):
        """Send one request and return its ack or error."""
        [reply] = await self.replies([await self.send(message_type, **fields)])
        return reply

    async def events(self, count, timeout=2):
        """The next `count` events (from the inbox first)."""
        found = [m for m in self.inbox if m["type"] == "event"]
        self.inbox = [m for m in self.inbox if m["type"] != "event"]
        while len(found) < count:
            message = await self.receive(timeout)
            if message["type"] == "event":
                found.append(message)
            else:
                self.inbox.append(message)
        return found

    async def assert_no_event(self, timeout=0.2):
        """Nothing but non-event messages arrives within timeout (the consumer keeps running)."""
        assert not [m for m in self.inbox if m["type"] == "event"]
        while not await self.communicator.receive_nothing(timeout):
            message = await self.receive()
            assert message["type"] != "event", message
            self.inbox.append(message)

    async def presence(self, online):
        """Read until a presence message saying `online` people are online; returns it."""
        while True:
            message = await self.receive()
            if message["type"] == "presence" and message["online"] == online:
                return message
            self.inbox.append(message)

    async def presence_message(self, timeout=5):
        """The next presence message (other messages go to the inbox)."""
        while True:
            message = await self.receive(timeout)
            if message["type"] == "presence":
                return message
            self.inbox.append(message)

    async def disconnect(self):
        await self.communicator.disconnect()


@pytest_asyncio.fixture
async def connect(application, world):
    """connect("alice") -> a synced BoardClient; every client is disconnected after the test."""
    clients = []

    async def open_client(name=None, *, board=None, query="", origin=ORIGIN):
        client = BoardClient(
            application, (board or world.board).pk, world.cookies[name] if name else None, origin=origin, query=query
        )
        clients.append(client)
        client.initial = await client.connect()
        return client

    yield open_client
    for client in clients:
        await client.disconnect()


def card_fields(kind="need", text="Sprachkurse mit Kinderbetreuung", **extra):
    return {"client_id": str(uuid.uuid4()), "kind": kind, "text": text, **extra}


@pytest.fixture
def browse(chromium, live_server):
    """browse() opens a fresh browser window; browse("redaktion") one that is logged in as that user."""
    contexts = []

    def open_window(username=None):
        context = chromium.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        if username:
            page.goto("/accounts/login/")
            page.get_by_label("Benutzername").fill(username)
            page.get_by_label("Passwort").fill("demo1234")
            page.get_by_role("button", name=re.compile("Anmelden")).click()
            page.wait_for_url(f"{live_server.url}/")
        return page

    yield open_window
    for context in contexts:
        context.close()
