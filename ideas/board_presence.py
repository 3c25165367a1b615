"""Who is connected to a board right now, shared by every ASGI worker through the database.

One BoardConnection row per open WebSocket of a signed-in user. It serves the
connections-per-user limit and the presence list. Presence is ephemeral: it is
not a board change, takes no seq and is not in the event log. Rows of a worker
that died stop counting once they are BOARD_PRESENCE_STALE_SECONDS old; clients
keep theirs fresh by sending a ping (see docs/board-protocol.md).
"""
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ideas.board_operations import Viewer, viewer_for
from ideas.models import Board, BoardConnection, BoardParticipant

# WebSocket close codes (4000–4999 are for applications).
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_TOO_MANY_CONNECTIONS = 4429


@dataclass(frozen=True)
class Opened:
    """The outcome of open_connection: a viewer, or the close code to refuse with."""

    viewer: Viewer | None = None
    close_code: int | None = None
    presence: list | None = None  # the new presence list when the user just came online


def _fresh_since():
    return timezone.now() - timedelta(seconds=settings.BOARD_PRESENCE_STALE_SECONDS)


def presence(board_id):
    """The signed-in users online on the board, with organisation and "done writing"."""
    connections = (
        BoardConnection.objects.filter(board_id=board_id, last_seen__gte=_fresh_since())
        .select_related("user__member_profile__organisation").order_by("user_id")
    )
    done = set(
        BoardParticipant.objects.filter(board_id=board_id, done_writing=True).values_list("user_id", flat=True)
    )
    users = {}
    for connection in connections:
        user = connection.user
        profile = getattr(user, "member_profile", None)
        users[user.pk] = {
            "id": user.pk,
            "name": user.get_full_name() or user.username,
            "organisation": profile.organisation.name if profile else None,
            "done_writing": user.pk in done,
        }
    return list(users.values())


def open_connection(user, board_id, channel_name):
    """Check that the user may read the board and is under the connection limit, and register the connection."""
    board = Board.objects.filter(pk=board_id).first()
    if board is None:
        return Opened(close_code=CLOSE_NOT_FOUND)
    viewer = viewer_for(user, board)
    if viewer is None:
        return Opened(close_code=CLOSE_FORBIDDEN)
    if not user.is_authenticated:
        return Opened(viewer=viewer)
    with transaction.atomic():
        # Serialise this user's connects, so two at once cannot both slip under the limit.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        BoardConnection.objects.filter(board=board, last_seen__lt=_fresh_since()).delete()
        open_count = BoardConnection.objects.filter(board=board, user=user).count()
        if open_count >= settings.BOARD_MAX_CONNECTIONS_PER_USER:
            return Opened(close_code=CLOSE_TOO_MANY_CONNECTIONS)
        BoardConnection.objects.create(board=board, user=user, channel_name=channel_name, last_seen=timezone.now())
    return Opened(viewer=viewer, presence=presence(board_id) if open_count == 0 else None)


def close_connection(board_id, channel_name):
    """Forget the connection; returns the new presence list when its user went offline, else None."""
    connection = BoardConnection.objects.filter(channel_name=channel_name).first()
    if connection is None:
        return None
    connection.delete()
    still_online = BoardConnection.objects.filter(
        board_id=board_id, user_id=connection.user_id, last_seen__gte=_fresh_since()
    ).exists()
    return None if still_online else presence(board_id)


def touch(channel_name):
    BoardConnection.objects.filter(channel_name=channel_name).update(last_seen=timezone.now())
