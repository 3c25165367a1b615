"""Development settings: what `make run` uses. Never use these in production."""
from .base import *  # noqa: F401,F403
from .base import env

DEBUG = True
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-netzwerkstatt")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
