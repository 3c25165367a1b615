"""Guests: people without an account who join one board by its code (issue "Ready for a room of 60").

A facilitator opens guest access (the board gets a code), a guest joins with an optional
display name and organisation and becomes a participant of that board only (rules._decide),
a facilitator removes a guest (their sockets close, their cards stay) or ends guest access
(the code stops working at once). Closing the board ends guest access too (facilitation.set_phase).
"""
import secrets

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas.board import guest_codes
from ideas.board.errors import BoardError
from ideas.board.events import access_may_have_changed, emit, lock_board
from ideas.board.operations.common import Change, begin
from ideas.board.payloads import card_data, guest_data, with_card_data
from ideas.board.rules import check, why_not_manage_guests
from ideas.board.validation import NAME_MAX_LENGTH, check_storable, get_optional
from ideas.models import Board, BoardEvent, BoardGuest, Card
from network.models import MemberProfile, Organisation

ORGANISATION_MAX_LENGTH = Organisation._meta.get_field("name").max_length


def _free_code():
    """A code no board has now (a clash is astronomically rare; the unique column has the last word)."""
    while True:
        code = guest_codes.new_code()
        if not Board.objects.filter(guest_code=code).exists():
            return code


@transaction.atomic
def open_guest_access(user, board_id):
    """Give the board a guest code (if it has none yet)."""
    board, viewer = begin(user, board_id)
    check(why_not_manage_guests(viewer, board))
    if board.guest_code:
        return Change(board.last_seq)
    board.guest_code = _free_code()
    board.save(update_fields=["guest_code"])
    return Change(emit(board, "board.guest_access_changed", {"guest_code": board.guest_code}))


@transaction.atomic
def end_guest_access(user, board_id):
    """The code stops working at once; guests who joined stay until removed or the board closes."""
    board, viewer = begin(user, board_id)
    check(why_not_manage_guests(viewer, board))
    if not board.guest_code:
        return Change(board.last_seq)
    board.guest_code = None
    board.save(update_fields=["guest_code"])
    return Change(emit(board, "board.guest_access_changed", {"guest_code": None}))


def board_for_code(typed):
    """The board this code opens now, or None (unknown code, access ended, board closed)."""
    code = guest_codes.normalised(typed)
    if not code:
        return None
    return Board.objects.filter(guest_code=code).exclude(phase=Board.Phase.CLOSED).select_related("workshop").first()


def _clean_name(name, field, max_length):
    name = check_storable(name if isinstance(name, str) else "", field).strip()
    if len(name) > max_length:
        raise BoardError(
            "too_long", _("The text is %(length)d characters long; at most %(max)d are allowed.")
            % {"length": len(name), "max": max_length},
        )
    return name


def _guest_organisation(organisation, organisation_name):
    """One of the network's listed organisations, or a typed one (kept unlisted until an editor lists it)."""
    if organisation is not None:
        picked = get_optional(Organisation, organisation, _("organisation"))
        if not picked.listed:
            raise BoardError("invalid_field", _("Unknown %(field)s.") % {"field": _("organisation")})
        return picked
    typed = _clean_name(organisation_name, "organisation_name", ORGANISATION_MAX_LENGTH)
    if not typed:
        return None
    found = Organisation.objects.filter(name__iexact=typed).first()
    return found or Organisation.objects.create(name=typed, kind=Organisation.Kind.OTHER, listed=False)


@transaction.atomic
def join_as_guest(code, *, name="", organisation=None, organisation_name=""):
    """Make a guest of the board this code opens; returns their new user (to sign in). BoardError when it opens none."""
    found = board_for_code(code)
    if found is None:
        raise BoardError("invalid_code", _("This code does not open a board. Please check it, or ask the facilitator."))
    board = lock_board(found.pk)
    if board.guest_code != found.guest_code or board.phase == Board.Phase.CLOSED:  # ended meanwhile
        raise BoardError("invalid_code", _("This code does not open a board. Please check it, or ask the facilitator."))
    name = _clean_name(name, "name", NAME_MAX_LENGTH)
    chosen_organisation = _guest_organisation(organisation, organisation_name)
    try:
        with transaction.atomic():
            guest_user = get_user_model().objects.create_user(
                username=f"gast-{secrets.token_hex(6)}", first_name=name or _("Guest"),
            )
    except IntegrityError:  # the same 48 random bits twice
        raise BoardError("conflict", _("Please try again."))
    guest_user.set_unusable_password()
    guest_user.save(update_fields=["password"])
    if chosen_organisation:
        MemberProfile.objects.create(user=guest_user, organisation=chosen_organisation)
    guest = BoardGuest.objects.create(board=board, user=guest_user)
    emit(board, "guest.joined", {"_guest": guest_data(guest, chosen_organisation)})
    return guest_user


@transaction.atomic
def remove_guest(user, board_id, guest_id):
    """The guest can no longer sign in; their open sockets close. Their cards stay as they chose to be shown."""
    board, viewer = begin(user, board_id)
    check(why_not_manage_guests(viewer, board, closed_too=True))
    guest = BoardGuest.objects.filter(board=board, pk=guest_id, removed_at__isnull=True).select_related("user").first()
    if guest is None:
        raise BoardError("not_found", _("This guest is not on the board."))
    guest.removed_at = timezone.now()
    guest.save(update_fields=["removed_at"])
    guest.user.is_active = False
    guest.user.save(update_fields=["is_active"])
    access_may_have_changed(guest.user_id, lambda: [board.pk])
    return Change(emit(board, "guest.removed", {"_guest_id": guest.pk}), guest.pk)


def _scrubbed(value, user_ids, name):
    """`value` (an event's data) with the name of every person of `user_ids` replaced by `name`."""
    if isinstance(value, list):
        return [_scrubbed(item, user_ids, name) for item in value]
    if not isinstance(value, dict):
        return value
    if value.get("id") in user_ids and "name" in value and set(value) <= {"id", "name"}:
        return {"id": value["id"], "name": name}  # an author, a commenter, who is done writing
    if value.get("user_id") in user_ids and "name" in value:
        return {**value, "name": name}  # the guest as facilitators got them (`_guest`)
    return {key: _scrubbed(item, user_ids, name) for key, item in value.items()}


@transaction.atomic
def forget_guests(board_id):
    """Delete what the board keeps about its guests (delete_old_guests, some time after it closed).

    Their cards stay, shown with their organisation only; their name is gone from the cards,
    comments and the board's event log; the guest record and the guest's link to an
    organisation are deleted; their user stays only as "former guest" (cards and dots point to it).
    """
    board = lock_board(board_id)
    guests = list(BoardGuest.objects.filter(board=board).select_related("user"))
    if not guests:
        return []
    user_ids = {guest.user_id for guest in guests}
    former = _("Former guest")
    for event in BoardEvent.objects.filter(board=board):
        scrubbed = _scrubbed(event.data, user_ids, former)
        if scrubbed != event.data:
            event.data = scrubbed
            event.save(update_fields=["data"])
    cards = Card.objects.filter(board=board, author_id__in=user_ids).exclude(display=Card.Display.ORGANISATION_ONLY)
    changed = list(cards.values_list("pk", flat=True))
    cards.update(display=Card.Display.ORGANISATION_ONLY, version=F("version") + 1)
    get_user_model().objects.filter(pk__in=user_ids).update(first_name=former, last_name="", email="", is_active=False)
    MemberProfile.objects.filter(user_id__in=user_ids).delete()
    BoardGuest.objects.filter(pk__in=[guest.pk for guest in guests]).delete()
    for card in with_card_data(Card.objects.filter(pk__in=changed)):
        emit(board, "card.updated", {"card": card_data(card)})
    return guests
