"""Continuity across sessions: mark a card as the same topic as a card of an earlier board, and undo it.

The link (SameTopicLink) belongs to the later card: it is a change of the later card's
board, so it is appended to that board's log and broadcast there; the earlier board
is only read. The needs map (ideas/outcomes/) counts linked cards as one recurring topic.
"""
from django.db import transaction
from django.utils.translation import gettext as _

from ideas.board.errors import BoardError
from ideas.board.events import emit_for_card
from ideas.board.operations.common import Change, begin, visible_card
from ideas.board.payloads import card_data, with_card_data
from ideas.board.rules import check, is_published, viewer_for, why_not_mark_same_topic
from ideas.models import Card, SameTopicLink


def _earlier_card(user, card, earlier_card_id):
    """The live card of another, published board, written before `card`; refused with a clear code otherwise.

    Only published boards: the mark is shown to everyone who reads the later card (the
    public too, once its board is published), so the earlier card must be public itself.
    """
    earlier = Card.objects.live().filter(pk=earlier_card_id).select_related("board").first()
    if earlier is None or viewer_for(user, earlier.board) is None:
        raise BoardError("not_found", _("This card does not exist."))
    if earlier.board_id == card.board_id:
        raise BoardError("invalid_same_topic", _("The earlier card must be on another board."))
    if not is_published(earlier.board):
        raise BoardError("invalid_same_topic", _("Only cards of published boards can be named as the same topic."))
    if earlier.created_at >= card.created_at:
        raise BoardError("invalid_same_topic", _("The other card must have been written before this one."))
    return earlier


def _reloaded_data(card):
    return card_data(with_card_data(Card.objects.filter(pk=card.pk)).get())


@transaction.atomic
def mark_same_topic(user, board_id, card_id, earlier_card_id):
    """Say that card `card_id` names the same topic as `earlier_card_id`: the card's author or a facilitator."""
    board, viewer = begin(user, board_id)
    card = visible_card(board, viewer, card_id)
    check(why_not_mark_same_topic(viewer, board, card))
    earlier = _earlier_card(user, card, earlier_card_id)
    if SameTopicLink.objects.filter(card=card, earlier_card=earlier).exists():
        raise BoardError("already_same_topic", _("This card is already marked as the same topic as that card."))
    link = SameTopicLink.objects.create(card=card, earlier_card=earlier, created_by=user)
    data = {"card": _reloaded_data(card), "link_id": link.pk}
    return Change(emit_for_card(board, "card.same_topic_marked", card, data), link.pk)


@transaction.atomic
def unmark_same_topic(user, board_id, card_id, earlier_card_id):
    """Undo mark_same_topic: the same people may."""
    board, viewer = begin(user, board_id)
    card = visible_card(board, viewer, card_id)
    check(why_not_mark_same_topic(viewer, board, card))
    link = SameTopicLink.objects.filter(card=card, earlier_card_id=earlier_card_id).first()
    if link is None:
        raise BoardError("not_found", _("This card is not marked as the same topic as that card."))
    link_id = link.pk
    link.delete()
    data = {"card": _reloaded_data(card), "link_id": link_id}
    return Change(emit_for_card(board, "card.same_topic_unmarked", card, data), link_id)
