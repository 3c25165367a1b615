"""WebSocket routes of the live layer (the board consumer arrives with the live boards)."""

websocket_urlpatterns = []
