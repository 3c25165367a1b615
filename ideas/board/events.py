"""The board's event log: every stored change is one BoardEvent with the board's next gap-free seq.

An operation locks the board row (lock_board), writes, then calls emit: the
event is appended in the same transaction and broadcast to the board's
channel-layer group once the transaction commits, so nobody hears of a change
that was rolled back. A broadcast the layer loses shows up as a seq gap, which
the consumer fills from the log.
"""
import logging

import redis.exceptions
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils.translation import gettext as _

from ideas.board.errors import BoardError
from ideas.board.page_versions import renew_board_pages
from ideas.board.rules import with_viewer_facts
from ideas.models import Board, BoardEvent

logger = logging.getLogger(__name__)

# What channels-redis raises while Redis cannot be reached (or answers with an error).
CHANNEL_LAYER_DOWN = (redis.exceptions.RedisError, ConnectionError, TimeoutError)


def group_name(board_id):
    """The channel-layer group every consumer of the board joins."""
    return f"board.{board_id}"


def lock_board(board_id, user=None):
    """Read and lock the board row; with `user`, the same query answers viewer_for's questions.

    Lock order (PostgreSQL), the same in every writer so that none can deadlock another:
    rows are only ever locked FOR NO KEY UPDATE (never FOR UPDATE). That still serialises
    the writers of one row, but does not block the KEY SHARE locks that inserting a row
    with a foreign key to it takes: a card's insert (to the user) never waits for a
    connect's user lock (presence.open_connection), a connection row's insert (to the
    board) never waits for a post's board lock, and a transaction holds at most one
    such lock (the board's here, the user's there).
    """
    boards = Board.objects.select_for_update(no_key=True)
    if user is not None:
        boards = with_viewer_facts(boards, user)
    try:
        return boards.get(pk=board_id)
    except Board.DoesNotExist:
        raise BoardError("not_found", _("This board does not exist.")) from None


def emit(board, name, data):
    """Append the board's next event (the board row is locked) and broadcast it after commit."""
    board.last_seq += 1
    if board.votes_hidden:
        data["_votes_hidden"] = True  # reading.event_for takes the dot counts out for members
    Board.objects.filter(pk=board.pk).update(last_seq=board.last_seq)
    BoardEvent.objects.create(board=board, seq=board.last_seq, name=name, data=data)
    event = {"seq": board.last_seq, "name": name, "data": data}
    board_id = board.pk
    transaction.on_commit(lambda: broadcast(board_id, {"type": "board.event", "event": event}))
    # Robust: the event is committed; a cache that cannot be reached must not turn it into an error.
    transaction.on_commit(lambda: renew_board_pages(board_id), robust=True)
    return board.last_seq


def emit_for_card(board, name, card, data):
    """Like emit, marking the event as hidden from others while the board hides cards."""
    if board.cards_hidden:
        data["_hidden"] = {"card_id": card.pk, "author_id": card.author_id}
    return emit(board, name, data)


def broadcast(board_id, message):
    """Send a message to every consumer of the board. Works from any sync code (views, on_commit)."""
    try:
        async_to_sync(get_channel_layer().group_send)(group_name(board_id), message)
    except CHANNEL_LAYER_DOWN as error:
        # The change is stored. The board's sockets notice that the layer is down and follow the
        # event log meanwhile (log_follower.py), which has the change.
        logger.warning("Broadcast to board %s not sent, the channel layer cannot be reached: %s", board_id, error)
    except Exception:
        # The change is stored; clients see the gap in seq with the next event and resume.
        logger.exception("Broadcast to board %s failed", board_id)


def board_deleted(sender, instance, **kwargs):
    """A deleted board is not a board change (no seq is left to number it): its sockets are closed with 4404."""
    board_id = instance.pk
    transaction.on_commit(lambda: broadcast(board_id, {"type": "board.removed"}))


def access_may_have_changed(user_id, board_ids):
    """After commit, the user's open sockets on these boards check their access again (4403 when it is gone).

    Not a board change either: nothing on the board changed, only who may read it.
    """
    def tell():
        for board_id in board_ids():
            broadcast(board_id, {"type": "board.access_changed", "user_id": user_id})

    transaction.on_commit(tell)


def registration_changed(sender, instance, **kwargs):
    """A registration was confirmed, moved to the waiting list or cancelled: it decides participants-only boards."""
    boards = Board.objects.filter(workshop_id=instance.workshop_id, visibility=Board.Visibility.PARTICIPANTS)
    access_may_have_changed(instance.user_id, lambda: list(boards.values_list("pk", flat=True)))


def roles_changed(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    """A user's roles changed (admin): their open sockets check their access again."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from ideas.models import BoardConnection

    user_ids = pk_set if reverse else [instance.pk]
    for user_id in user_ids or ():
        access_may_have_changed(
            user_id, lambda user_id=user_id: set(BoardConnection.objects.filter(user_id=user_id).values_list("board_id", flat=True))
        )


def user_deleted(sender, instance, **kwargs):
    """A person who never took part may be deleted (records.py); sockets they still have open are closed (4403)."""
    from ideas.models import BoardConnection

    board_ids = set(BoardConnection.objects.filter(user_id=instance.pk).values_list("board_id", flat=True))
    access_may_have_changed(instance.pk, lambda: board_ids)
