"""The baseline: a bare Channels group broadcast, no database, no authentication.

Speaks the same frames as the board socket so the harness treats both alike:
on connect it joins one group and sends {"type": "synced", "seq": 0}; a
{"type": "card.create", "ref", "client_id", "kind", "text"} is relayed to the
whole group as {"type": "event", "seq": 0, "name": "card.created", "data": {...}}
and acked to the sender. Run it with any ASGI server:

    CHANNEL_LAYER=core REDIS_URL=redis://127.0.0.1:6379/6 daphne bench.bare_asgi:application

Its channel layer is configured by the app's own code and variables
(netzwerkstatt/settings/base.py: REDIS_URL, CHANNEL_LAYER, CHANNEL_LAYER_PREFIX),
so the baseline and the board use exactly the same layer settings.
"""
import json
import os

from django.conf import settings

from netzwerkstatt.settings.base import redis_channel_layers

if not settings.configured:
    settings.configure(
        CHANNEL_LAYERS=redis_channel_layers(
            os.environ.get("CHANNEL_LAYER", "core"),
            os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/6"),
            os.environ.get("CHANNEL_LAYER_PREFIX", "nzwbench"),
        ),
        LOGGING_CONFIG=None,
    )
    import logging

    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("channels_redis").setLevel(logging.INFO)

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

GROUP = "bench.bare"
MAX_FRAME = 4096


class BareBroadcastConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        # Join, then tell the client it is live (as the board does with "synced").
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()
        await self.send(text_data='{"type": "synced", "seq": 0}')

    async def disconnect(self, code):
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        if not text_data or len(text_data) > MAX_FRAME:
            return
        try:
            msg = json.loads(text_data)
        except ValueError:
            return
        if not isinstance(msg, dict) or msg.get("type") != "card.create":
            return
        data = {"client_id": str(msg.get("client_id", "")), "kind": str(msg.get("kind", "")), "text": str(msg.get("text", ""))}
        await self.channel_layer.group_send(GROUP, {"type": "board.event", "name": "card.created", "data": data})
        await self.send(text_data=json.dumps({"type": "ack", "ref": msg.get("ref"), "seq": 0}))

    async def board_event(self, event):
        await self.send(text_data=json.dumps({"type": "event", "seq": 0, "name": event["name"], "data": event["data"]}))


application = ProtocolTypeRouter(
    {"websocket": URLRouter([path("ws/bare/", BareBroadcastConsumer.as_asgi())])}
)
