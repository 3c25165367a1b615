"""WebSocket routes of the live layer: one live board per connection."""
from django.urls import path

from ideas.board.consumer import BoardConsumer

websocket_urlpatterns = [
    path("ws/boards/<int:board_id>/", BoardConsumer.as_asgi()),
]
