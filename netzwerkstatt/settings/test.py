"""Test settings: the development defaults, made fast and quiet.

DATABASE_URL and REDIS_URL still apply, so CI runs the same suite against
PostgreSQL and Redis.
"""
import os
import tempfile
from pathlib import Path

from .dev import *  # noqa: F401,F403
from .dev import DATABASES

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not Django's shared in-memory database: there a thread that finds a table
    # locked by another (the live server's, in the browser tests) fails at once instead of
    # waiting, and a failed commit can leave the test's connection unusable for every later
    # test. One file per test process, so parallel runs never share one; Django deletes it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"netzwerkstatt-test-{os.getpid()}.sqlite3"),
    }
    # A throwaway file: no need to wait for the disk after every commit.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# One process's cache, emptied before every test (conftest.py), so rate limits start afresh.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]
