"""Settings bench/pages.py serves the public pages with: the production settings, unchanged but for two things.

* STATIC_ROOT is the run's temporary directory (BENCH_STATIC_ROOT), so the
  benchmark's `collectstatic` does not write into the checkout;
* logging is warnings and errors only (as bench/settings.py), so a request line
  per page does not cost the server time the pages are measured with.

Everything else — DEBUG off, WhiteNoise, the manifest storage, psycopg's pool,
the Redis cache, the public page cache (PUBLIC_PAGE_CACHE) — is production's,
configured through the same variables an operator sets (docs/operations.md).
"""
import os

from netzwerkstatt.settings.production import *  # noqa: F401,F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
