"""Settings the benchmark's board workers run with: the app's own, with three overrides.

* DATABASES from BENCH_DATABASE_URL (a throwaway database the harness creates),
* CHANNEL_LAYERS from BENCH_LAYER (core | pubsub), BENCH_REDIS_URL and BENCH_PREFIX,
* DEBUG off (no query log, no debug pages), like production, and quiet logging
  except warnings and errors — and channels_redis at INFO, because that is
  where it reports messages dropped over capacity; the harness counts them.
"""
import os

import environ

from netzwerkstatt.settings.dev import *  # noqa: F401,F403

from bench.layers import channel_layers

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {"default": environ.Env.db_url_config(os.environ["BENCH_DATABASE_URL"])}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# The app's default is CONN_MAX_AGE=0 (a new connection per operation); the
# harness's --conn-max-age measures persistent connections instead.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("BENCH_CONN_MAX_AGE", "0"))
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CHANNEL_LAYERS = channel_layers(
    os.environ.get("BENCH_LAYER", "core"),
    os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3"),
    os.environ.get("BENCH_PREFIX", "nzwbench"),
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"channels_redis": {"level": "INFO"}},
}
