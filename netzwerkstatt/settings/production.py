"""Production settings: everything secret or site-specific comes from the environment.

Refuses to start without a real SECRET_KEY, ALLOWED_HOSTS or REDIS_URL, and passes `manage.py check --deploy`.
"""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import DATABASES, MIDDLEWARE, REDIS_URL, STORAGES, env, use_postgres_connections

DEBUG = False

SECRET_KEY = env.str("SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value in production "
        "(at least 50 characters), e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) the site is served on.")
# Several workers share the live boards (channel layer) and the rate limits (cache) through Redis;
# without it each worker would keep its own, so a post in one would not reach the room.
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL must point to Redis in production (e.g. redis://127.0.0.1:6379/0): the live boards "
        "and the login and posting limits are shared between the workers through it."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"https://{h}" for h in ALLOWED_HOSTS])
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default=f"https://{ALLOWED_HOSTS[0]}")

# HTTPS everywhere; a front proxy terminating TLS sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views override this with SAMEORIGIN themselves.

# The app serves its own static files (compressed, cache-busted names) unless a proxy does.
# Pages and JSON are gzip-compressed by Django (a board's HTML shrinks to about a seventh, which
# phones on slow Wi-Fi wait for: bench/slow_network.py). Right after WhiteNoise, which answers
# static files with their pre-compressed variants before this is reached, and outside every
# middleware that reads or writes the body, so the public page cache keeps pages uncompressed.
# BREACH: Django pads each compressed response with random bytes (Heal The Breach) and masks
# the CSRF token anew in every response; see docs/operations.md, "Compressed responses".
MIDDLEWARE = [
    MIDDLEWARE[0],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    *MIDDLEWARE[1:],
]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "netzwerkstatt.storage.ModuleAwareStaticFilesStorage"},
}

# PostgreSQL connections come from psycopg's pool in each worker (DATABASE_POOL=off or
# DATABASE_CONN_MAX_AGE to change that; docs/operations.md, docs/performance.md).
use_postgres_connections(DATABASES["default"], pool_by_default=True)

# Anonymous visitors' pages from the cache in Redis (home/page_cache.py); PUBLIC_PAGE_CACHE=off turns it off.
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="netzwerkstatt@localhost")
