"""Settings the benchmark's board workers run with: the app's own, configured through the app's own variables.

The harness (bench/board_fanout.py) sets, for each worker, exactly the variables
an operator would (see docs/operations.md), so what is measured is the app's setup:

* DATABASE_URL: a throwaway database the harness creates,
* REDIS_URL, CHANNEL_LAYER (core | pubsub) and CHANNEL_LAYER_PREFIX,
* DATABASE_CONN_MAX_AGE or DATABASE_POOL (--db-connections).

On top of the development settings only what production also has or what the
harness needs: DEBUG off (no query log, no debug pages), loopback hosts, a fast
password hasher for seeding, and quiet logging except warnings and errors — and
channels_redis at INFO, because that is where it reports messages dropped over
capacity; the harness counts them.
"""
from netzwerkstatt.settings.dev import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"channels_redis": {"level": "INFO"}},
}
