"""Development settings: what `make run` uses. Never use these in production."""
from .base import *  # noqa: F401,F403
from .base import REDIS_URL, SILENCED_SYSTEM_CHECKS, env

DEBUG = True
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-netzwerkstatt")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Without REDIS_URL the rate limits count in this one process's memory: enough for one
# development server (django-ratelimit warns because it cannot know there is only one).
if not REDIS_URL:
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]
