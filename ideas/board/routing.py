"""WebSocket routes of the live layer: one live board per connection; any other path is a 404."""
from django.urls import path, re_path

from ideas.board.consumer import BoardConsumer


async def no_such_route(scope, receive, send):
    """A handshake for a path with no route: HTTP 404 where the server can send one, else a refused handshake.

    Servers that offer the ASGI "WebSocket Denial Response" extension (uvicorn) send the 404;
    the others (Daphne) answer a close before accept with HTTP 403. Never a 500.
    """
    await receive()  # websocket.connect
    if "websocket.http.response" in (scope.get("extensions") or {}):
        await send({
            "type": "websocket.http.response.start", "status": 404,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        })
        await send({"type": "websocket.http.response.body", "body": b"Not Found"})
    else:
        await send({"type": "websocket.close"})


websocket_urlpatterns = [
    path("ws/boards/<int:board_id>/", BoardConsumer.as_asgi()),
    re_path(r"", no_such_route),  # last: everything else
]
