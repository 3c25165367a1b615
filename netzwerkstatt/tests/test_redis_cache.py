"""The site's Redis cache backend (base/redis_cache.py) against the real Redis (REDIS_URL, else 127.0.0.1:6379).

Skipped with the reason where no Redis answers, unless Redis is asked for (REDIS_URL set, or CI).
"""
import os
import threading
import uuid

import pytest
import redis

from base.redis_cache import SharedClientRedisCache

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        message = f"needs Redis at {REDIS_URL}: {error}"
        if os.environ.get("REDIS_URL") or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    cache = SharedClientRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-redis-cache-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


def test_values_round_trip_and_limits_count_atomically(redis_cache):
    redis_cache.set("page", {"content": b"<p>Hallo</p>", "generation": "g1"}, 30)
    assert redis_cache.get_many(["page", "missing"]) == {"page": {"content": b"<p>Hallo</p>", "generation": "g1"}}
    redis_cache.set("hits", 0, 30)

    def count():
        for _ in range(50):
            redis_cache.incr("hits")

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert redis_cache.get("hits") == 200  # threads sharing the client lose no increment
    redis_cache.delete("page")
    assert redis_cache.get("page") is None


def test_one_client_serves_every_call(redis_cache):
    client = redis_cache._cache.get_client()
    redis_cache.get("anything")
    assert redis_cache._cache.get_client(write=True) is client
