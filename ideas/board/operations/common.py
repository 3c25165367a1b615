"""What every board operation starts with: the locked board and the acting Viewer, and a card they may see."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ideas.board.errors import BoardError
from ideas.board.events import lock_board
from ideas.board.payloads import CARD_RELATIONS
from ideas.board.rules import check, viewer_for, why_not_see_card
from ideas.models import Card
from network.models import MemberProfile


@dataclass(frozen=True)
class Change:
    """What a successful operation returns: the event's seq and the id of what it created or changed."""

    seq: int
    id: int | None = None


def begin(user, board_id):
    """Lock the board row and find out who the user is on it; one query. Refuses readers who do not take part."""
    board = lock_board(board_id, user)
    viewer = viewer_for(user, board)
    if viewer is None:
        raise BoardError("forbidden", _("You are not taking part in this board."))
    return board, viewer


def visible_card(board, viewer, card_id, *, include_deleted=False):
    """The board's card with this id, if this reader may see it (merged cards never; deleted ones on request)."""
    card = Card.objects.filter(board=board, pk=card_id, merged_into__isnull=True).select_related(*CARD_RELATIONS).first()
    if card is None or (card.deleted_at is not None and not include_deleted):
        raise BoardError("not_found", _("This card does not exist."))
    check(why_not_see_card(viewer, board, card))
    return card


def member_organisation(user):
    """The user's organisation; one query (profile and organisation together), none when already cached on user."""
    if not user.is_authenticated:
        return None
    descriptor = user.__class__.member_profile
    if not descriptor.is_cached(user):
        profile = MemberProfile.objects.select_related("organisation").filter(user_id=user.pk).first()
        if profile is None:
            return None
        descriptor.related.set_cached_value(user, profile)
    profile = getattr(user, "member_profile", None)
    return profile.organisation if profile else None
