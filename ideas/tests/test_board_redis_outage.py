"""Redis goes away under two workers and comes back: no socket crashes or is closed, each
hears its board through the event log meanwhile, and once Redis is back the sockets join
their groups again, without restarting a worker.

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

from ideas.board.log_follower import LogFollower
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


class AliceAndBob:
    """Alice on the first worker and Bob on the second."""

    def __init__(self, two_workers, world):
        first, second = two_workers
        self.clients = [
            BoardClient(first, world.board.pk, world.cookies["alice"]),
            BoardClient(second, world.board.pk, world.cookies["bob"]),
        ]

    async def __call__(self):
        """Connect both (synced); returns (alice, bob)."""
        for client in self.clients:
            await client.connect()
        return self.clients

    async def close(self):
        clients, self.clients = self.clients, []
        for client in clients:
            await client.disconnect()


@pytest_asyncio.fixture
async def alice_and_bob(two_workers, world):
    pair = AliceAndBob(two_workers, world)
    yield pair
    await pair.close()


async def wait_until(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "not within the time"
        await asyncio.sleep(0.05)


async def test_while_redis_is_down_both_workers_sockets_stay_open_and_hear_the_board_through_its_log(
    alice_and_bob, killable_redis, world, settings
):
    alice, bob = await alice_and_bob()
    killable_redis.kill()
    await wait_until(lambda: LogFollower.following(world.board.pk) == 2)

    started = time.monotonic()
    reply = await alice.request("card.create", **card_fields(text="ohne Redis"))
    assert reply["type"] == "ack"
    [event] = await bob.events(1, timeout=5)
    assert event["data"]["card"]["text"] == "ohne Redis" and event["seq"] == reply["seq"]
    assert time.monotonic() - started < 3 * settings.BOARD_LOG_FOLLOW_SECONDS + 1
    [own] = await alice.events(1, timeout=5)
    assert own["data"]["card"]["mine"] is True


async def test_once_redis_is_back_the_sockets_join_again_and_events_come_through_it(
    alice_and_bob, killable_redis, world, settings
):
    alice, bob = await alice_and_bob()
    killable_redis.kill()
    await wait_until(lambda: LogFollower.following(world.board.pk) == 2)
    killable_redis.start()  # empty: the groups of before are gone
    await wait_until(lambda: LogFollower.following(world.board.pk) == 0, timeout=3 * settings.BOARD_LAYER_RETRY_SECONDS + 5)

    settings.BOARD_LOG_FOLLOW_SECONDS = 60  # a follower left running would now be too slow to be the relay
    started = time.monotonic()
    await alice.request("card.create", **card_fields(text="wieder über Redis"))
    [event] = await bob.events(1, timeout=5)
    assert event["data"]["card"]["text"] == "wieder über Redis"
    assert time.monotonic() - started < 2


async def test_sockets_busy_with_the_log_still_go_back_to_redis_once_it_is_back(
    alice_and_bob, killable_redis, world, settings
):
    """A room that keeps posting through the outage: the log's events never leave a socket a quiet moment."""
    alice, bob = await alice_and_bob()
    posting = True

    async def keep_posting():
        while posting:
            await alice.send("card.create", **card_fields(text="weiter"))
            await asyncio.sleep(settings.BOARD_LOG_FOLLOW_SECONDS / 3)

    poster = asyncio.ensure_future(keep_posting())
    killable_redis.kill()
    await wait_until(lambda: LogFollower.following(world.board.pk) == 2)
    killable_redis.start()
    await wait_until(lambda: LogFollower.following(world.board.pk) == 0, timeout=3 * settings.BOARD_LAYER_RETRY_SECONDS + 5)
    posting = False
    await poster


async def test_a_socket_that_connects_while_redis_is_down_is_live_at_once(alice_and_bob, killable_redis, world):
    killable_redis.kill()
    alice, bob = await alice_and_bob()
    await alice.request("card.create", **card_fields(text="angemeldet im Ausfall"))
    [event] = await bob.events(1, timeout=5)
    assert event["data"]["card"]["text"] == "angemeldet im Ausfall"
    assert LogFollower.following(world.board.pk) == 2  # once each, though connect and receive both found Redis gone
    await alice_and_bob.close()
    await wait_until(lambda: LogFollower.following(world.board.pk) == 0)  # nothing left reading the log


async def test_a_card_whose_broadcast_was_lost_as_redis_went_away_still_reaches_the_others(
    alice_and_bob, killable_redis, world
):
    """Posted between Redis going away and the sockets noticing: stored, its broadcast lost; the log has it."""
    alice, bob = await alice_and_bob()
    killable_redis.kill()
    reply = await alice.request("card.create", **card_fields(text="im Ausfall geschrieben"))
    assert reply["type"] == "ack"
    [event] = await bob.events(1, timeout=5)
    assert event["seq"] == reply["seq"] and event["data"]["card"]["text"] == "im Ausfall geschrieben"
    count = await database_sync_to_async(world.board.cards.filter(text="im Ausfall geschrieben").count)()
    assert count == 1


async def test_while_redis_is_down_the_room_still_sees_who_comes_and_goes(
    alice_and_bob, two_workers, killable_redis, world, settings
):
    settings.BOARD_PRESENCE_INTERVAL = 0.2
    alice, bob = await alice_and_bob()
    await bob.presence(online=2)
    killable_redis.kill()
    mona = BoardClient(two_workers[0], world.board.pk, world.cookies["facilitator"])  # on Alice's worker
    await mona.connect()
    assert await bob.presence(online=3) == {"type": "presence", "online": 3}
    await mona.disconnect()
    assert await bob.presence(online=2) == {"type": "presence", "online": 2}
    assert await alice.presence(online=2) == {"type": "presence", "online": 2}
