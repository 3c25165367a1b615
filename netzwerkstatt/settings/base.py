"""Settings shared by every environment; values that differ come from the environment.

The embedded defaults (SQLite file, in-memory channel layer) let a fresh clone
run without any service; DATABASE_URL and REDIS_URL switch to PostgreSQL and
Redis (see docs/operations.md).
"""
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

INSTALLED_APPS = [
    # Daphne first: its runserver serves HTTP and WebSockets in development.
    "daphne",
    "home",
    "demo",
    "base",
    "network",
    "workshops",
    "ideas",
    "calls",
    "channels",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "csp",
    "axes",
    "django_ratelimit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A guest is signed in on their own board only (ideas/board/guest_scope.py).
    "ideas.board.guest_scope.GuestScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "netzwerkstatt.security.ContentSecurityPolicyMiddleware",
    # Inside CSRF, locale and CSP: a page from the cache gets the visitor's CSRF token and cookie,
    # its language was chosen, and its headers are added as for any other page (home/page_cache.py).
    "home.page_cache.PublicPageCacheMiddleware",
    # The page of a path of the page tree from the cache (home/page_routing.py).
    "home.page_routing.KeptRoutesMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "netzwerkstatt.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_navigation",
                "home.context_processors.site_footer",
            ],
        },
    },
]

WSGI_APPLICATION = None
ASGI_APPLICATION = "netzwerkstatt.asgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def use_sqlite_concurrently(database):
    """SQLite as the embedded default, safe for pages and live boards writing at once.

    Under Daphne the pages and the board sockets write from different threads. A
    transaction takes the write lock when it begins (IMMEDIATE), so two writers queue
    for up to `timeout` seconds instead of one failing with "database is locked"
    half-way; WAL lets readers go on while one writes.
    """
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    options = database.setdefault("OPTIONS", {})
    options.setdefault("transaction_mode", "IMMEDIATE")
    options.setdefault("timeout", 20)
    options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")


use_sqlite_concurrently(DATABASES["default"])


def use_postgres_connections(database, *, pool_by_default):
    """How a PostgreSQL database reuses connections, from the environment (docs/operations.md).

    Opening a connection costs more than a whole board operation (docs/performance.md).
    Under ASGI Django advises a connection pool over persistent connections
    (CONN_MAX_AGE keeps one connection per thread that queried):
    * DATABASE_POOL=on|off: psycopg's pool in each worker process (at most
      DATABASE_POOL_MAX_SIZE connections, default 4); the default is pool_by_default;
    * DATABASE_CONN_MAX_AGE=<seconds> (or ?conn_max_age= in DATABASE_URL): persistent
      connections instead; when set, the pool is off unless DATABASE_POOL=on asks for both
      (which Django refuses);
    * DATABASE_CONN_HEALTH_CHECKS (default on): check a reused connection before its
      first query (one round trip), so a restarted database costs no failed request.
    """
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    options = database.setdefault("OPTIONS", {})
    options.pop("pool", None)
    database["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=database.get("CONN_MAX_AGE") or 0)
    database["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=True)
    if env.bool("DATABASE_POOL", default=pool_by_default and not database["CONN_MAX_AGE"]):
        options["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=1),
            "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=4),
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
        }


# Development and tests: a new connection per request unless the environment says otherwise;
# production (production.py) pools them by default.
use_postgres_connections(DATABASES["default"], pool_by_default=False)

# Channel layer: in-memory for one process, Redis when several workers share boards.
# CHANNEL_LAYER picks channels-redis' layer (docs/performance.md compares them):
# * core (default): channels_redis.core.RedisChannelLayer with its defaults written out:
#   capacity=100 messages per channel (for a group_send: per worker process, and again
#   in each consumer's buffer, which drops its oldest message when full; the board
#   recovers lost events through seq), expiry=60 s, group_expiry=86400 s.
# * pubsub: channels_redis.pubsub.RedisPubSubChannelLayer: no capacity, expiry or group
#   expiry; groups live in each worker, a group_send is one PUBLISH, and every consumer
#   deserializes every group message itself.
# CHANNEL_LAYER_PREFIX keeps keys (and pub/sub channel names, which are not per Redis
# database) apart when several sites or the benchmark share one Redis.
REDIS_URL = env.str("REDIS_URL", default="")
CHANNEL_LAYER = env.str("CHANNEL_LAYER", default="core")
CHANNEL_LAYER_BACKENDS = {
    "core": "channels_redis.core.RedisChannelLayer",
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
}


def redis_channel_layers(kind, redis_url, prefix="asgi"):
    """CHANNEL_LAYERS for channels-redis' `kind` layer (core | pubsub) on redis_url."""
    if kind not in CHANNEL_LAYER_BACKENDS:
        raise ImproperlyConfigured(f"CHANNEL_LAYER must be one of {sorted(CHANNEL_LAYER_BACKENDS)}, not {kind!r}.")
    config = {"hosts": [redis_url], "prefix": prefix}
    if kind == "core":
        config.update(capacity=100, expiry=60, group_expiry=86400)
    return {"default": {"BACKEND": CHANNEL_LAYER_BACKENDS[kind], "CONFIG": config}}


if REDIS_URL:
    CHANNEL_LAYERS = redis_channel_layers(CHANNEL_LAYER, REDIS_URL, env.str("CHANNEL_LAYER_PREFIX", default="asgi"))
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Cache: shared through Redis when REDIS_URL is set (the rate limits then count across
# workers); otherwise one process's memory, which is the whole site in development.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "base.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="netzwerkstatt"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The public page cache (home/page_cache.py, docs/operations.md): anonymous visitors' pages from
# this cache alias, for at most PUBLIC_PAGE_CACHE_SECONDS; on in production, off in development and tests.
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=False)
PUBLIC_PAGE_CACHE_ALIAS = "default"
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=60)
PUBLIC_PAGE_CACHE_EXCLUDED_PATHS = [
    "/admin/", "/django-admin/", "/accounts/", "/mitglieder/", "/i18n/", "/documents/", "/suche/", "/g/",
]
# django-ratelimit only names django-redis' cache as supported; Django's own Redis cache
# increments atomically (INCR) too, which is all the limits need.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes counts failed logins (site login and Wagtail admin login alike).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"

# German first; English is complete too.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Netzwerkstatt"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# The database backend: SQLite's FTS5 or PostgreSQL's full-text search with German
# stemming (SEARCH_CONFIG; SQLite ignores it). Compound words and synonyms: search/german.py.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "german"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar avatars in the admin: they would send editors' e-mail hashes to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No avatars from gravatar.com: the admin would send every user's hashed email address
# to a third party on every page. Wagtail shows its own default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's loggers write through the root handler only: Django's own console handler
    # on "django" would print every line (each request of the dev server) a second time.
    "loggers": {"django": {"handlers": [], "level": env.str("LOG_LEVEL", default="INFO"), "propagate": True}},
}

# --- Live boards (ideas/board/, docs/board-protocol.md) ---
# Largest WebSocket message a client may send, in bytes.
BOARD_MAX_MESSAGE_BYTES = env.int("BOARD_MAX_MESSAGE_BYTES", default=8 * 1024)
# Token bucket per connection: a burst of this many messages, refilled at this rate per second.
BOARD_RATE_BURST = env.int("BOARD_RATE_BURST", default=20)
BOARD_RATE_PER_SECOND = env.float("BOARD_RATE_PER_SECOND", default=20.0)
# Open connections per user and board, counted across all workers.
BOARD_MAX_CONNECTIONS_PER_USER = env.int("BOARD_MAX_CONNECTIONS_PER_USER", default=10)
# Open connections of public readers (not signed in, or without a role) per client address and worker.
BOARD_MAX_READER_CONNECTIONS_PER_ADDRESS = env.int("BOARD_MAX_READER_CONNECTIONS_PER_ADDRESS", default=50)
# How many of a board's latest events a client can resume from; older clients get a snapshot.
BOARD_RESUMABLE_EVENTS = env.int("BOARD_RESUMABLE_EVENTS", default=1000)
# A connection not heard of for this long (its worker died) no longer counts as online.
BOARD_PRESENCE_STALE_SECONDS = env.int("BOARD_PRESENCE_STALE_SECONDS", default=90)
# Each worker marks its open sockets' rows alive this often; a row missing three heartbeats (its
# worker was killed) no longer counts against BOARD_MAX_CONNECTIONS_PER_USER, so its user gets back in.
BOARD_PRESENCE_HEARTBEAT_SECONDS = env.float("BOARD_PRESENCE_HEARTBEAT_SECONDS", default=5.0)
# Each worker reads who is online on each of its boards this often and tells its own sockets
# (one query per board and worker, whatever the number of connects and disconnects in between).
BOARD_PRESENCE_INTERVAL = env.float("BOARD_PRESENCE_INTERVAL", default=1.0)
# A worker reuses a board's snapshot material for the sockets that connect while the board's seq
# stays the same, for at most this long (ideas/board/recent_material.py); 0 reads it for every socket.
BOARD_SNAPSHOT_REUSE_SECONDS = env.float("BOARD_SNAPSHOT_REUSE_SECONDS", default=2.0)
# While the channel layer (Redis) cannot be reached, each worker reads the event log of its
# boards this often and relays new events itself (ideas/board/log_follower.py); each socket
# tries to join its board's group again this often.
BOARD_LOG_FOLLOW_SECONDS = env.float("BOARD_LOG_FOLLOW_SECONDS", default=0.5)
BOARD_LAYER_RETRY_SECONDS = env.float("BOARD_LAYER_RETRY_SECONDS", default=1.0)

# --- Security headers and limits (netzwerkstatt/security.py; docs/operations.md) ---
# Content-Security-Policy on every response: our own scripts only, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        # The live boards' WebSocket is same-origin (ws:/wss: of this host, which 'self' covers).
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
# What the Wagtail admin (/admin/, and Django's /django-admin/) needs on top, added there
# only by netzwerkstatt/security.py (found by loading the admin in Chromium as an editor):
CONTENT_SECURITY_POLICY_ADMIN_ADDITIONS = {
    # Wagtail 8's admin templates still carry inline <script> blocks (page listings,
    # editor setup), and its JavaScript inserts inline scripts, <style> elements and style attributes.
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
}
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ("/admin/", "/django-admin/")

# Failed logins: after AXES_FAILURE_LIMIT failures for one user name from one address,
# that pair waits AXES_COOLOFF_TIME. Name and address together, so that one mistyping
# person does not lock out the whole workshop room behind one NAT address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "netzwerkstatt.security.login_locked_out"
# No "AXES: BEGIN …" banner before every manage.py command.
AXES_VERBOSE = False

# Cards posted through the board page's plain form (ideas/board/views.py), per user.
BOARD_HTTP_POST_RATE = env.str("BOARD_HTTP_POST_RATE", default="30/m")

# Guests who join a board by its code (ideas/board/guest_views.py, docs/operations.md).
# Wrong codes per address (a room behind one hotel router shares it: right codes never count),
# joins per board, how long a guest stays signed in, and how long after a board closed
# `delete_old_guests` keeps their records.
BOARD_GUEST_WRONG_CODES_RATE = env.str("BOARD_GUEST_WRONG_CODES_RATE", default="30/10m")
BOARD_GUEST_JOINS_PER_BOARD_RATE = env.str("BOARD_GUEST_JOINS_PER_BOARD_RATE", default="300/h")
BOARD_GUEST_SESSION_HOURS = env.int("BOARD_GUEST_SESSION_HOURS", default=12)
BOARD_GUEST_RETENTION_DAYS = env.int("BOARD_GUEST_RETENTION_DAYS", default=30)
