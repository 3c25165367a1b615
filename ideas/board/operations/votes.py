"""Operations on dots: give one, take one back, within the board's budget per member.

The board row is locked for the whole operation, so two tabs or a double click
cannot exceed the budget, and the counts read in the same transaction stay true.
"""
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ideas.board.errors import BoardError
from ideas.board.events import emit
from ideas.board.operations.common import Change, begin, visible_card
from ideas.board.rules import check, why_not_facilitate, why_not_vote
from ideas.board.validation import clean_on_behalf_name
from ideas.models import Vote


def _own_dots(user):
    """A member's own dots on live cards: the ones their budget counts (on-behalf dots don't)."""
    return Q(user=user, entered_on_behalf=False, card__deleted_at__isnull=True)


def votes_used(board, user):
    """Dots the member has given on this board's live cards (on-behalf dots don't count)."""
    return Vote.objects.filter(_own_dots(user), board=board).count()


def _dot_counts(board, card, user, on_behalf):
    """In one query: the card's dots, the user's dots on it (of this kind: own or on-behalf), their budget used."""
    return Vote.objects.filter(board=board).aggregate(
        on_card=Count("pk", filter=Q(card=card)),
        mine=Count("pk", filter=Q(card=card, user=user, entered_on_behalf=on_behalf)),
        used=Count("pk", filter=_own_dots(user)),
    )


def _vote_event(board, name, card, user, on_behalf, counts):
    data = {
        "card_id": card.pk,
        "votes": counts["on_card"],
        "on_behalf": on_behalf,
        "_voter_id": user.pk,
        "_my_votes": counts["mine"],
        "_votes_left": board.vote_budget - counts["used"],
    }
    return emit(board, name, data)


@transaction.atomic
def cast_vote(user, board_id, card_id, *, on_behalf=False, on_behalf_name=""):
    """Give one dot.

    Facilitators may enter dots on behalf of someone without a device (marked; not
    counted against their own budget).
    """
    board, viewer = begin(user, board_id)
    check(why_not_vote(viewer, board))
    if on_behalf:
        check(why_not_facilitate(viewer, board))
    card = visible_card(board, viewer, card_id)
    counts = _dot_counts(board, card, user, on_behalf)
    if not on_behalf and counts["used"] >= board.vote_budget:
        raise BoardError(
            "over_budget", _("You have used all %(budget)d of your dots.") % {"budget": board.vote_budget}
        )
    Vote.objects.create(
        board=board, card=card, user=user, entered_on_behalf=on_behalf,
        on_behalf_name=clean_on_behalf_name(on_behalf_name) if on_behalf else "",
    )
    # The counts after this dot, without counting again: the locked board row keeps them current.
    counts = {"on_card": counts["on_card"] + 1, "mine": counts["mine"] + 1, "used": counts["used"] + (0 if on_behalf else 1)}
    return Change(_vote_event(board, "vote.cast", card, user, on_behalf, counts), card.pk)


@transaction.atomic
def retract_vote(user, board_id, card_id, *, on_behalf=False):
    """Take back one dot from a card (for on_behalf: one of the dots entered on someone's behalf)."""
    board, viewer = begin(user, board_id)
    check(why_not_vote(viewer, board))
    if on_behalf:
        check(why_not_facilitate(viewer, board))
    card = visible_card(board, viewer, card_id)
    vote = Vote.objects.filter(card=card, user=user, entered_on_behalf=on_behalf).order_by("-id").first()
    if vote is None:
        raise BoardError("no_vote", _("You have no dot on this card."))
    vote.delete()
    counts = _dot_counts(board, card, user, on_behalf)
    return Change(_vote_event(board, "vote.retracted", card, user, on_behalf, counts), card.pk)
