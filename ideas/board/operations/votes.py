"""Operations on dots: give one, take one back, within the board's budget per member.

A facilitator also enters the dots of someone without a device: they belong to that
person (a ProxyPerson, picked by id or typed once by name) and count against the
person's budget, not the facilitator's; any facilitator can take them back.
The board row is locked for the whole operation, so two tabs or a double click
cannot exceed the budget, and the counts read in the same transaction stay true.
"""
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ideas.board.errors import BoardError
from ideas.board.events import emit
from ideas.board.operations.common import Change, begin, visible_card
from ideas.board.operations.proxies import pick_proxy_person, proxy_person_for
from ideas.board.payloads import proxy_person_data
from ideas.board.rules import check, why_not_facilitate, why_not_vote
from ideas.models import Vote

_LIVE = Q(card__deleted_at__isnull=True)


def _own_dots(user):
    """A member's own dots on live cards: the ones their budget counts (dots entered for others don't)."""
    return Q(user=user, entered_on_behalf=False) & _LIVE


def votes_used(board, user):
    """Dots the member has given on this board's live cards (dots they entered for others don't count)."""
    return Vote.objects.filter(_own_dots(user), board=board).count()


def _dot_counts(board, card, user, proxy_person):
    """In one query: the card's dots (all, and those entered for people without a device), and the giver's
    dots on it and budget used — the giver being the member, or the person the dot is entered for."""
    giver = Q(proxy_person=proxy_person) if proxy_person is not None else Q(user=user, entered_on_behalf=False)
    return Vote.objects.filter(board=board).aggregate(
        on_card=Count("pk", filter=Q(card=card)),
        proxy_on_card=Count("pk", filter=Q(card=card, entered_on_behalf=True)),
        mine=Count("pk", filter=giver & Q(card=card)),
        used=Count("pk", filter=giver & _LIVE),
    )


def _vote_event(board, name, card, user, proxy_person, counts):
    data = {
        "card_id": card.pk,
        "votes": counts["on_card"],
        "proxy_votes": counts["proxy_on_card"],
        "on_behalf": proxy_person is not None,
        "_voter_id": user.pk,
    }
    if proxy_person is None:
        data.update(_my_votes=counts["mine"], _votes_left=board.vote_budget - counts["used"])
    else:
        data.update(_proxy_person=proxy_person_data(proxy_person), _proxy_person_votes=counts["mine"],
                    _proxy_person_votes_left=board.vote_budget - counts["used"])
    return emit(board, name, data)


def _over_budget(board, proxy_person):
    if proxy_person is None:
        return BoardError("over_budget", _("You have used all %(budget)d of your dots.") % {"budget": board.vote_budget})
    return BoardError("over_budget", _("%(name)s has used all %(budget)d dots.") % {
        "name": proxy_person.name, "budget": board.vote_budget,
    })


@transaction.atomic
def cast_vote(user, board_id, card_id, *, proxy_person_id=None, proxy_person_name="", proxy_person_organisation=None):
    """Give one dot: the user's own, or (facilitators) one for a person without a device.

    That person is `proxy_person_id` (the id of someone entered for on this board) or, typed the
    first time, `proxy_person_name` with an optional `proxy_person_organisation` (an id).
    """
    board, viewer = begin(user, board_id)
    check(why_not_vote(viewer, board))
    on_behalf = proxy_person_id is not None or bool(proxy_person_name)
    if on_behalf:
        check(why_not_facilitate(viewer, board))
        if proxy_person_id is None and not proxy_person_name.strip():
            raise BoardError("empty_text", _("Please type the person's name."))
    card = visible_card(board, viewer, card_id)
    person = None
    if on_behalf:
        person = proxy_person_for(
            board, user, proxy_person_id=proxy_person_id, name=proxy_person_name, organisation=proxy_person_organisation,
        )
    counts = _dot_counts(board, card, user, person)
    if counts["used"] >= board.vote_budget:
        raise _over_budget(board, person)
    Vote.objects.create(board=board, card=card, user=user, entered_on_behalf=on_behalf, proxy_person=person)
    # The counts after this dot, without counting again: the locked board row keeps them current.
    counts = {
        "on_card": counts["on_card"] + 1, "proxy_on_card": counts["proxy_on_card"] + (1 if on_behalf else 0),
        "mine": counts["mine"] + 1, "used": counts["used"] + 1,
    }
    return Change(_vote_event(board, "vote.cast", card, user, person, counts), card.pk)


@transaction.atomic
def retract_vote(user, board_id, card_id, *, proxy_person_id=None):
    """Take back one dot from a card: one's own, or (facilitators) one entered for the person `proxy_person_id`."""
    board, viewer = begin(user, board_id)
    check(why_not_vote(viewer, board))
    if proxy_person_id is not None:
        check(why_not_facilitate(viewer, board))
    card = visible_card(board, viewer, card_id)
    if proxy_person_id is None:
        person, dots = None, Vote.objects.filter(card=card, user=user, entered_on_behalf=False)
    else:
        person = pick_proxy_person(board, proxy_person_id)
        dots = Vote.objects.filter(card=card, proxy_person=person)
    vote = dots.order_by("-id").first()
    if vote is None:
        if person is None:
            raise BoardError("no_vote", _("You have no dot on this card."))
        raise BoardError("no_vote", _("%(name)s has no dot on this card.") % {"name": person.name})
    vote.delete()
    counts = _dot_counts(board, card, user, person)
    return Change(_vote_event(board, "vote.retracted", card, user, person, counts), card.pk)
