"""ASGI entry point: HTTP goes to Django, WebSockets to the live-board consumers."""
import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzwerkstatt.settings.dev")
# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.sessions import SessionMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from ideas.board.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(SessionMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# Everything loaded so far (Django, Wagtail, the app) lives as long as the worker: keep it
# out of the collector's full collections, which otherwise stall every socket of the
# worker for 100-250 ms (docs/performance.md, "What limits it").
gc.collect()
gc.freeze()
