"""Operations of the facilitator (and the members' "done writing"): phase, lock, silent collect, timer, settings.

A phase or settings change that ends or starts silent collect carries the cards
it reveals (or the ids it hides) in the same event, so every reader's view
changes with one seq. Each change of what readers may do (phase, lock, silent
collect, settings) carries the board's new state (`_state`), from which
reading.event_for tells each reader what they may do now.
"""
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas.board.errors import BoardError
from ideas.board.events import emit
from ideas.board.operations.common import Change, begin
from ideas.board.payloads import board_data, card_data, iso, live_cards, person
from ideas.board.rules import check, why_not_facilitate, why_not_mark_done
from ideas.board.validation import clean_choice, clean_timer
from ideas.models import Board, BoardParticipant, Card


def _hiding_change(board, was_hidden):
    """Data for an event that may reveal the cards (with their content) or hide them again."""
    if was_hidden and not board.cards_hidden:
        return {"revealed": [card_data(card) for card in live_cards(board)]}
    if board.cards_hidden and not was_hidden:
        return {"_hidden_cards": [
            {"card_id": pk, "author_id": author}
            for pk, author in Card.objects.filter(board=board).live().values_list("pk", "author_id")
        ]}
    return {}


def _state(board):
    """The board state the rules read (see reading.event_for: each reader's `allowed` after the event)."""
    return {"_state": {"phase": board.phase, "locked": board.locked, "silent_collect": board.silent_collect}}


def _dot_counts(board):
    """{card id: [dots, dots entered for people without a device]} of the board's live cards."""
    counts = (
        Card.objects.filter(board=board).live()
        .annotate(dots=Count("votes"), proxy_dots=Count("votes", filter=Q(votes__entered_on_behalf=True)))
        .values_list("pk", "dots", "proxy_dots")
    )
    return {str(pk): [dots, proxy_dots] for pk, dots, proxy_dots in counts}


@transaction.atomic
def set_phase(user, board_id, *, phase):
    """Move the board to another phase. Leaving silent collect reveals every card in the same event."""
    board, viewer = begin(user, board_id)
    check(why_not_facilitate(viewer, board))
    phase = clean_choice(phase, Board.Phase, _("phase"))
    if phase == board.phase:
        return Change(board.last_seq)
    was_hidden, previous = board.cards_hidden, board.phase
    board.phase = phase
    data = {"phase": phase, "previous": previous, **_hiding_change(board, was_hidden), **_state(board)}
    if previous == Board.Phase.VOTE and board.secret_vote:
        data["revealed_votes"] = _dot_counts(board)  # the secret vote is over: everyone gets every card's dots
    if phase == Board.Phase.VOTE and board.secret_vote:
        data["_votes_hidden"] = True
    if phase == Board.Phase.CLOSED and board.guest_code:
        board.guest_code = None  # a closed board takes no guests: the code stops working
        data["guest_code"] = None
    board.save(update_fields=["phase", "guest_code"])
    if phase == Board.Phase.COLLECT:
        BoardParticipant.objects.filter(board=board).update(done_writing=False)
        data["done_count"] = 0
    return Change(emit(board, "board.phase_changed", data))


@transaction.atomic
def set_lock(user, board_id, *, locked):
    board, viewer = begin(user, board_id)
    check(why_not_facilitate(viewer, board))
    if board.locked == locked:
        return Change(board.last_seq)
    board.locked = locked
    board.save(update_fields=["locked"])
    return Change(emit(board, "board.lock_changed", {"locked": locked, **_state(board)}))


@transaction.atomic
def set_silent_collect(user, board_id, *, silent_collect):
    """Switch silent collect on or off; while collecting, this hides or reveals the cards in the same event."""
    board, viewer = begin(user, board_id)
    check(why_not_facilitate(viewer, board))
    if not isinstance(silent_collect, bool):
        raise BoardError("invalid_field", _("The field “%(field)s” has a wrong value.") % {"field": "silent_collect"})
    if board.silent_collect == silent_collect:
        return Change(board.last_seq)
    was_hidden = board.silent_collect and board.phase == Board.Phase.COLLECT
    board.silent_collect = silent_collect
    board.save(update_fields=["silent_collect"])
    data = {
        "silent_collect": silent_collect, "cards_hidden": board.cards_hidden,
        **_hiding_change(board, was_hidden), **_state(board),
    }
    return Change(emit(board, "board.silent_collect_changed", data))


@transaction.atomic
def set_timer(user, board_id, *, seconds):
    """Start a timer everyone sees (seconds from now), or stop it (None)."""
    board, viewer = begin(user, board_id)
    check(why_not_facilitate(viewer, board))
    seconds = clean_timer(seconds)
    now = timezone.now()
    board.timer_ends_at = now + timedelta(seconds=seconds) if seconds else None
    board.save(update_fields=["timer_ends_at"])
    return Change(emit(board, "board.timer_set", {"timer_ends_at": iso(board.timer_ends_at), "server_time": iso(now)}))


# Phase, lock and silent collect have their own operations (and events), from everywhere: set_phase,
# set_lock, set_silent_collect.
CONFIGURABLE_FIELDS = {"workshop", "title", "prompt", "vote_budget", "visibility", "secret_vote"}


@transaction.atomic
def configure_board(user, board_id, **fields):
    """Change a board's other settings (the admin's edit form), as one board.configured event."""
    unknown = set(fields) - CONFIGURABLE_FIELDS
    if unknown:
        raise TypeError(f"configure_board() got unexpected fields {sorted(unknown)}")
    board, viewer = begin(user, board_id)
    check(why_not_facilitate(viewer, board))
    votes_were_hidden = board.votes_hidden
    for name, value in fields.items():
        setattr(board, name, value)
    board.full_clean()
    board.save()
    data = {"board": board_data(board), **_state(board)}
    if votes_were_hidden and not board.votes_hidden:
        data["revealed_votes"] = _dot_counts(board)
    return Change(emit(board, "board.configured", data))


@transaction.atomic
def mark_done_writing(user, board_id, *, done=True):
    """A member says they are done writing (or not yet); the facilitator sees who and how many."""
    board, viewer = begin(user, board_id)
    check(why_not_mark_done(viewer, board))
    BoardParticipant.objects.update_or_create(board=board, user=user, defaults={"done_writing": done})
    data = {
        "done": done,
        "done_count": BoardParticipant.objects.filter(board=board, done_writing=True).count(),
        "_user": person(user),
    }
    return Change(emit(board, "participant.done_writing", data))
