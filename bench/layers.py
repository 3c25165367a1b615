"""The two Redis channel layers the benchmark compares, configured the same way for both apps.

Limits are deliberate and equal for the board and the bare baseline:

* core (``channels_redis.core.RedisChannelLayer``): the library defaults,
  written out so they are visible — ``capacity=100`` messages per channel
  (for a group_send, per *process*: channels_redis 4 sends one message per
  worker process carrying the list of its local channels, and each local
  consumer buffers at most ``capacity`` messages), ``expiry=60`` s,
  ``group_expiry=86400`` s (a day: longer than any workshop).
* pubsub (``channels_redis.pubsub.RedisPubSubChannelLayer``): has no capacity,
  expiry or group expiry at all — groups live in each worker's memory and a
  group_send is one Redis PUBLISH; a slow consumer's queue grows unbounded.

``prefix`` keeps the benchmark's keys and pub/sub channel names apart from
anything else using the same Redis (pub/sub channel names are not per database).
"""

CORE = "channels_redis.core.RedisChannelLayer"
PUBSUB = "channels_redis.pubsub.RedisPubSubChannelLayer"

LAYER_BACKENDS = {"core": CORE, "pubsub": PUBSUB}


def channel_layers(kind, redis_url, prefix):
    if kind not in LAYER_BACKENDS:
        raise ValueError(f"unknown channel layer {kind!r}; use one of {sorted(LAYER_BACKENDS)}")
    config = {"hosts": [redis_url], "prefix": prefix}
    if kind == "core":
        config.update(capacity=100, expiry=60, group_expiry=86400)
    return {"default": {"BACKEND": LAYER_BACKENDS[kind], "CONFIG": config}}
