"""Redis goes away under two workers and comes back: every socket is closed cleanly with
"try again later" (1013), never by a crash, and the board is live again once Redis is back,
without restarting a worker.

The tests start a redis-server of their own on a free loopback port, so that they can
kill it (the machine's Redis is shared). Without the redis-server program they are
skipped, except where Redis is asked for (REDIS_URL set, or CI), where they fail.
"""
import asyncio
import shutil
import socket
import subprocess
import time
import uuid

import pytest
import pytest_asyncio
import redis
from channels.db import database_sync_to_async
from channels.layers import channel_layers

from ideas.board.presence import CLOSE_TRY_AGAIN_LATER
from ideas.tests.conftest import BoardClient, card_fields
from ideas.tests.test_board_redis import REDIS_REQUIRED, worker_application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


class KillableRedis:
    """A redis-server of this test's own on a loopback port, which keeps nothing on disk."""

    def __init__(self, tmp_path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = tmp_path
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
                return
            except redis.exceptions.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def kill(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture
def killable_redis(tmp_path):
    if shutil.which("redis-server") is None:
        message = "needs the redis-server program (Debian: apt-get install redis-server)"
        if REDIS_REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    server = KillableRedis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()


@pytest_asyncio.fixture
async def two_workers(killable_redis, settings):
    """Two workers' applications, each with its own connection to the killable Redis."""
    layer = {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [killable_redis.url], "prefix": f"outage-{uuid.uuid4().hex[:8]}"},
    }
    settings.CHANNEL_LAYERS = {"default": layer, "second_worker": layer}
    channel_layers.backends.clear()
    yield worker_application("default"), worker_application("second_worker")
    for alias in list(channel_layers.backends):
        await channel_layers[alias].close_pools()
    channel_layers.backends.clear()


async def closed_with(client, timeout=10):
    """The close code the server sends next, skipping other messages. A crash of the
    consumer is raised here by the communicator, so a test that gets a code saw no crash."""
    deadline = time.monotonic() + timeout
    while True:
        output = await client.communicator.receive_output(max(0.1, deadline - time.monotonic()))
        if output["type"] == "websocket.close":
            return output.get("code")


async def test_sockets_on_both_workers_are_closed_with_try_again_later_when_redis_goes_away(
    two_workers, killable_redis, world
):
    first, second = two_workers
    alice = BoardClient(first, world.board.pk, world.cookies["alice"])
    bob = BoardClient(second, world.board.pk, world.cookies["bob"])
    await alice.connect()
    await bob.connect()

    killable_redis.kill()

    assert await closed_with(alice) == CLOSE_TRY_AGAIN_LATER
    assert await closed_with(bob) == CLOSE_TRY_AGAIN_LATER


async def test_a_connect_while_redis_is_down_is_told_to_try_again_and_the_board_is_live_once_it_is_back(
    two_workers, killable_redis, world
):
    first, second = two_workers
    killable_redis.kill()

    during = BoardClient(first, world.board.pk, world.cookies["alice"])
    connected, _ = await during.communicator.connect()
    assert connected  # accepted, so the browser learns the close code
    assert await closed_with(during) == CLOSE_TRY_AGAIN_LATER

    killable_redis.start()  # empty: the groups of before are gone, reconnecting sockets join again

    alice = BoardClient(first, world.board.pk, world.cookies["alice"])
    bob = BoardClient(second, world.board.pk, world.cookies["bob"])
    await alice.connect()
    await bob.connect()
    try:
        reply = await alice.request("card.create", **card_fields(text="nach dem Ausfall"))
        assert reply["type"] == "ack"
        [event] = await bob.events(1, timeout=5)
        assert event["data"]["card"]["text"] == "nach dem Ausfall"
    finally:
        await alice.disconnect()
        await bob.disconnect()


async def test_a_card_posted_as_redis_goes_away_is_stored_once_and_acked_after_the_reconnect(
    two_workers, killable_redis, world
):
    """The outbox sends it again with the same client_id on the new socket: one card, acked."""
    first, _ = two_workers
    alice = BoardClient(first, world.board.pk, world.cookies["alice"])
    await alice.connect()
    fields = card_fields(text="im Ausfall geschrieben")

    killable_redis.kill()
    await alice.send("card.create", **fields)
    assert await closed_with(alice) == CLOSE_TRY_AGAIN_LATER
    killable_redis.start()
    await asyncio.sleep(0)

    again = BoardClient(first, world.board.pk, world.cookies["alice"])
    await again.connect()
    try:
        reply = await again.request("card.create", **fields)
        assert reply["type"] == "ack"
        texts = await database_sync_to_async(
            lambda: list(world.board.cards.filter(text="im Ausfall geschrieben").values_list("text", flat=True))
        )()
        assert texts == ["im Ausfall geschrieben"]
    finally:
        await again.disconnect()
