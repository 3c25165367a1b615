"""The one path for every board change, and the one place that says who may see and do what.

Every operation is a plain function and one database transaction: lock the
board row → check permission → validate → write → append a BoardEvent with the
board's next gap-free `seq` → broadcast to the channel-layer group after commit.
The WebSocket consumer, HTTP views and management commands all call these
functions; `snapshot`, `events_since` and `event_for` shape what each reader
receives (hidden-until-reveal, anonymity). The protocol is in docs/board-protocol.md.
"""
import logging
from dataclasses import dataclass
from datetime import timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, Value
from django.db.models.signals import m2m_changed
from django.utils import timezone
from django.utils.translation import gettext as _
from taggit.models import Tag

from ideas.models import (
    Board, BoardEvent, BoardParticipant, Card, CardHistory, CardLink, Cluster, Comment, Vote,
)
from network import roles
from network.models import BuildingBlock, MemberProfile, Organisation, TargetGroup
from workshops.models import Registration

logger = logging.getLogger(__name__)

MAX_TAGS = 10
TAG_MAX_LENGTH = 50
TITLE_MAX_LENGTH = 200
NAME_MAX_LENGTH = 120
TIMER_MAX_SECONDS = 4 * 60 * 60


class BoardError(Exception):
    """A change that is not allowed or not valid; nothing was written.

    `code` is machine-readable (see docs/board-protocol.md), `message` is for people,
    in the active language.
    """

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Change:
    """What a successful operation returns: the event's seq and the id of what it created or changed."""

    seq: int
    id: int | None = None


@dataclass(frozen=True)
class Viewer:
    """Who receives board data. `participant` readers take part; everyone else reads as the public."""

    user_id: int | None
    participant: bool = False
    facilitator: bool = False

    @property
    def public(self):
        return not self.participant


def group_name(board_id):
    return f"board.{board_id}"


# The roles that may run boards (is_facilitator).
FACILITATOR_ROLES = (roles.FACILITATOR, roles.EDITOR)


# --- Who may do what ----------------------------------------------------------
# Each rule is a `why_not_*` function returning the BoardError to raise, or None
# when the action is allowed; `can_*` wraps it for templates and views.


def is_facilitator(user):
    """Facilitators run boards; editors and superusers may too."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=FACILITATOR_ROLES).exists()


def is_participant(user, board):
    """May take part in the board (post, vote ... as its phase allows)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_facilitator(user):
        return True
    if board.visibility == Board.Visibility.PARTICIPANTS:
        return Registration.objects.filter(
            workshop_id=board.workshop_id, user_id=user.pk, status=Registration.Status.CONFIRMED
        ).exists()
    return roles.is_member(user)


def is_published(board):
    """The public may read a board once it is closed and its visibility is public."""
    return board.visibility == Board.Visibility.PUBLIC and board.phase == Board.Phase.CLOSED


def _with_viewer_facts(boards, user):
    """Annotate a Board queryset with what viewer_for needs to know about this user (no extra query).

    The same rules as is_facilitator / is_participant / roles.is_member, answered by
    the query that reads (and locks) the board. Not for anonymous, inactive or
    superusers: their answers need no query at all.
    """
    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return boards
    groups = Group.objects.filter(user=user.pk)
    return boards.annotate(
        viewer_facts_user_id=Value(user.pk),
        viewer_is_facilitator=Exists(groups.filter(name__in=FACILITATOR_ROLES)),
        viewer_is_member=Exists(groups.filter(name__in=roles.ALL_ROLES)),
        viewer_is_registered=Exists(Registration.objects.filter(
            workshop_id=OuterRef("workshop_id"), user_id=user.pk, status=Registration.Status.CONFIRMED
        )),
    )


def _roles_of(user, board):
    """(facilitator, participant) for an authenticated, active user; from the board's annotations when present."""
    if getattr(board, "viewer_facts_user_id", None) == user.pk:
        facilitator, member = board.viewer_is_facilitator, board.viewer_is_member
        registered = board.viewer_is_registered
    elif user.is_superuser:
        return True, True
    else:
        # One query for both role checks (is_facilitator and roles.is_member each ask for a subset).
        names = set(user.groups.filter(name__in=roles.ALL_ROLES).values_list("name", flat=True))
        facilitator, member = bool(names.intersection(FACILITATOR_ROLES)), bool(names)
        registered = None
    if facilitator:
        return True, True
    if board.visibility == Board.Visibility.PARTICIPANTS:
        if registered is None:
            registered = Registration.objects.filter(
                workshop_id=board.workshop_id, user_id=user.pk, status=Registration.Status.CONFIRMED
            ).exists()
        return False, registered
    return False, member


def viewer_for(user, board):
    """The Viewer for this user on this board, or None when they may not read it.

    Same answer as is_facilitator(user) and is_participant(user, board), in at most
    one query (two for a participants-only board), none when `board` came from
    _lock_board for this user.
    """
    if user.is_authenticated and user.is_active:
        facilitator, participant = _roles_of(user, board)
    else:
        facilitator = participant = False
    if not participant and not is_published(board):
        return None
    return Viewer(user_id=user.pk if user.is_authenticated else None, participant=participant, facilitator=facilitator)


def why_not_take_part(viewer, board):
    if not viewer.participant:
        return BoardError("forbidden", _("You are not taking part in this board."))
    if board.phase == Board.Phase.CLOSED:
        return BoardError("closed", _("This board is closed."))
    if board.locked and not viewer.facilitator:
        return BoardError("locked", _("The facilitator has locked this board for the moment."))
    return None


def why_not_post(viewer, board):
    """Members post while collecting; facilitators may add cards in any open phase."""
    if error := why_not_take_part(viewer, board):
        return error
    if board.phase != Board.Phase.COLLECT and not viewer.facilitator:
        return BoardError("wrong_phase", _("Cards can only be posted while the board is collecting."))
    return None


def why_not_change_card(viewer, board, card):
    """Edit, delete, restore or move to another column: the author until voting starts, or a facilitator."""
    if error := why_not_take_part(viewer, board):
        return error
    if viewer.facilitator:
        return None
    if card.author_id != viewer.user_id or card.entered_on_behalf:
        return BoardError("not_author", _("You can only change your own cards."))
    if board.phase not in (Board.Phase.COLLECT, Board.Phase.REVEAL, Board.Phase.CLUSTER):
        return BoardError("wrong_phase", _("Cards can no longer be changed in this phase."))
    return None


def why_not_arrange(viewer, board, card):
    """Reorder a card or put it in a cluster: anyone in the cluster phase, otherwise as for changes."""
    if board.phase == Board.Phase.CLUSTER:
        return why_not_take_part(viewer, board)
    return why_not_change_card(viewer, board, card)


def why_not_manage_clusters(viewer, board):
    if error := why_not_take_part(viewer, board):
        return error
    if board.phase != Board.Phase.CLUSTER and not viewer.facilitator:
        return BoardError("wrong_phase", _("Clusters can only be changed in the cluster phase."))
    return None


def why_not_vote(viewer, board):
    """Dots are given in the vote phase only, by facilitators too."""
    if error := why_not_take_part(viewer, board):
        return error
    if board.phase != Board.Phase.VOTE:
        return BoardError("wrong_phase", _("Voting is only possible in the vote phase."))
    return None


def why_not_mark_done(viewer, board):
    if error := why_not_take_part(viewer, board):
        return error
    if board.phase != Board.Phase.COLLECT:
        return BoardError("wrong_phase", _("“Done writing” only applies while collecting."))
    return None


def why_not_facilitate(viewer, board):
    if not viewer.facilitator:
        return BoardError("facilitator_only", _("Only a facilitator can do this."))
    return None


def why_not_see_card(viewer, board, card):
    """Deleted cards are seen by their author and facilitators; hidden cards by their author and facilitators."""
    own = card.author_id == viewer.user_id or viewer.facilitator
    if (card.deleted_at is not None or board.cards_hidden) and not own:
        return BoardError("not_found", _("This card does not exist."))
    return None


def can_post(user, board):
    viewer = viewer_for(user, board)
    return viewer is not None and why_not_post(viewer, board) is None


def can_vote(user, board):
    viewer = viewer_for(user, board)
    return viewer is not None and why_not_vote(viewer, board) is None


def _check(error):
    if error is not None:
        raise error


# --- Validation ----------------------------------------------------------------


def clean_text(text, *, field=_("text"), max_length=Card.TEXT_MAX_LENGTH):
    """Plain text, stripped, not empty, within max_length characters. Never HTML: stored as given."""
    text = text.replace("\x00", "").strip()
    if not text:
        raise BoardError("empty_text", _("Please write something."))
    if len(text) > max_length:
        raise BoardError(
            "too_long", _("The text is %(length)d characters long; at most %(max)d are allowed.")
            % {"length": len(text), "max": max_length},
        )
    return text


def clean_tags(tags):
    cleaned = []
    for tag in tags:
        tag = tag.strip()
        if not tag or len(tag) > TAG_MAX_LENGTH:
            raise BoardError("invalid_tags", _("Tags must have 1 to %(max)d characters.") % {"max": TAG_MAX_LENGTH})
        if tag.lower() not in (t.lower() for t in cleaned):
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise BoardError("invalid_tags", _("A card can have at most %(max)d tags.") % {"max": MAX_TAGS})
    return cleaned


def _get_optional(model, pk, field):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise BoardError("invalid_field", _("Unknown %(field)s.") % {"field": field})
    return obj


def _clean_choice(value, choices, field):
    if value not in choices.values:
        raise BoardError("invalid_field", _("Unknown %(field)s.") % {"field": field})
    return value


# --- Serialisation ---------------------------------------------------------------
# Full data as stored in BoardEvent.data; keys starting with "_" are internal and
# never leave the server (see event_for).


def _iso(value):
    return value.isoformat() if value else None


def _person(user):
    return {"id": user.pk, "name": user.get_full_name() or user.username}


def _organisation(organisation):
    return {"id": organisation.pk, "name": organisation.name} if organisation else None


def card_data(card):
    """The card as stored in events; uses prefetched tags, votes and history when present."""
    vote_count = getattr(card, "vote_count", None)
    return {
        "id": card.pk,
        "client_id": str(card.client_id),
        "kind": card.kind,
        "text": card.text,
        "tags": sorted(tag.name for tag in card.tags.all()),
        "building_block": (
            {"id": card.building_block.pk, "code": card.building_block.code, "title": card.building_block.title}
            if card.building_block else None
        ),
        "target_group": {"id": card.target_group.pk, "name": card.target_group.name} if card.target_group else None,
        "author": _person(card.author),
        "organisation": _organisation(card.author_organisation),
        "display": card.display,
        "entered_on_behalf": card.entered_on_behalf,
        "on_behalf_name": card.on_behalf_name,
        "position": card.position,
        "cluster_id": card.cluster_id,
        "version": card.version,
        "votes": vote_count if vote_count is not None else card.votes.count(),
        "merged_texts": [h.text for h in card.history.all() if h.action == CardHistory.Action.MERGED],
        "deleted": card.deleted_at is not None,
        "created_at": _iso(card.created_at),
        "updated_at": _iso(card.updated_at),
        "_author_id": card.author_id,
    }


def comment_data(comment):
    return {
        "id": comment.pk,
        "card_id": comment.card_id,
        "text": comment.text,
        "author": _person(comment.author),
        "organisation": _organisation(comment.author_organisation),
        "created_at": _iso(comment.created_at),
        "_author_id": comment.author_id,
    }


def link_data(link):
    return {"id": link.pk, "from_card_id": link.from_card_id, "to_card_id": link.to_card_id, "relation": link.relation}


def cluster_data(cluster):
    return {"id": cluster.pk, "title": cluster.title, "position": cluster.position}


def board_data(board):
    return {
        "id": board.pk,
        "workshop_id": board.workshop_id,
        "title": board.title,
        "prompt": board.prompt,
        "phase": board.phase,
        "silent_collect": board.silent_collect,
        "cards_hidden": board.cards_hidden,
        "vote_budget": board.vote_budget,
        "visibility": board.visibility,
        "locked": board.locked,
        "timer_ends_at": _iso(board.timer_ends_at),
    }


# --- Shaping for each reader ---------------------------------------------------------


def _public_fields(data):
    return {key: value for key, value in data.items() if not key.startswith("_")}


def card_for(viewer, data):
    """A card as this reader may see it: an organisation-only author is shown to nobody but the author."""
    card = _public_fields(data)
    mine = viewer.user_id is not None and data["_author_id"] == viewer.user_id
    card["mine"] = mine
    if viewer.public or (data["display"] == Card.Display.ORGANISATION_ONLY and not mine):
        card["author"] = None
        card["on_behalf_name"] = ""
    return card


def comment_for(viewer, data):
    comment = _public_fields(data)
    comment["mine"] = viewer.user_id is not None and data["_author_id"] == viewer.user_id
    if viewer.public:
        comment["author"] = None
    return comment


def _hidden_stub_name(name):
    if name.startswith("card."):
        return "card.hidden_" + name.removeprefix("card.")
    return "card.hidden_changed"


def event_for(viewer, event):
    """Shape one stored event ({"seq", "name", "data"}) for one reader. Pure: no database access.

    Every reader gets every seq; a change to a card hidden from this reader
    becomes a stub without text, author or tags.
    """
    name, data = event["name"], event["data"]
    hidden = data.get("_hidden")
    if hidden and not viewer.facilitator and hidden["author_id"] != viewer.user_id:
        return {"seq": event["seq"], "name": _hidden_stub_name(name), "data": {"id": hidden["card_id"]}}

    shaped = _public_fields(data)
    if "card" in data:
        shaped["card"] = card_for(viewer, data["card"])
    if "comment" in data:
        shaped["comment"] = comment_for(viewer, data["comment"])
    if "revealed" in data:
        shaped["revealed"] = [card_for(viewer, card) for card in data["revealed"]]
    if "_hidden_cards" in data:
        shaped["hidden"] = (
            [] if viewer.facilitator
            else [c["card_id"] for c in data["_hidden_cards"] if c["author_id"] != viewer.user_id]
        )
    if name.startswith("vote.") and viewer.user_id == data["_voter_id"] and not data["on_behalf"]:
        shaped["my_votes"] = data["_my_votes"]
        shaped["votes_left"] = data["_votes_left"]
    if name == "participant.done_writing":
        if viewer.facilitator:
            shaped["user"] = data["_user"]
        if viewer.user_id == data["_user"]["id"]:
            shaped["mine"] = True
        else:
            shaped.pop("done", None)
    return {"seq": event["seq"], "name": name, "data": shaped}


# --- Events --------------------------------------------------------------------------


def _lock_board(board_id, user=None):
    """Read and lock the board row; with `user`, the same query answers viewer_for's questions."""
    boards = Board.objects.select_for_update()
    if user is not None:
        boards = _with_viewer_facts(boards, user)
    try:
        return boards.get(pk=board_id)
    except Board.DoesNotExist:
        raise BoardError("not_found", _("This board does not exist.")) from None


def _emit(board, name, data):
    """Append the board's next event (the board row is locked) and broadcast it after commit."""
    board.last_seq += 1
    Board.objects.filter(pk=board.pk).update(last_seq=board.last_seq)
    BoardEvent.objects.create(board=board, seq=board.last_seq, name=name, data=data)
    event = {"seq": board.last_seq, "name": name, "data": data}
    board_id = board.pk
    transaction.on_commit(lambda: broadcast(board_id, {"type": "board.event", "event": event}))
    return board.last_seq


def _emit_for_card(board, name, card, data):
    """Like _emit, marking the event as hidden from others while the board hides cards."""
    if board.cards_hidden:
        data["_hidden"] = {"card_id": card.pk, "author_id": card.author_id}
    return _emit(board, name, data)


def board_deleted(sender, instance, **kwargs):
    """A deleted board is not a board change (no seq is left to number it): its sockets are closed with 4404."""
    board_id = instance.pk
    transaction.on_commit(lambda: broadcast(board_id, {"type": "board.removed"}))


def broadcast(board_id, message):
    """Send a message to every consumer of the board. Works from any sync code (views, on_commit)."""
    try:
        async_to_sync(get_channel_layer().group_send)(group_name(board_id), message)
    except Exception:
        # The change is stored; clients see the gap in seq with the next event and resume.
        logger.exception("Broadcast to board %s failed", board_id)


def _begin(user, board_id):
    board = _lock_board(board_id, user)
    viewer = viewer_for(user, board)
    if viewer is None:
        raise BoardError("forbidden", _("You are not taking part in this board."))
    return board, viewer


def _card(board, viewer, card_id, *, include_deleted=False):
    card = (
        Card.objects.filter(board=board, pk=card_id, merged_into__isnull=True)
        .select_related("author", "author_organisation", "building_block", "target_group").first()
    )
    if card is None:
        raise BoardError("not_found", _("This card does not exist."))
    if card.deleted_at is not None and not include_deleted:
        raise BoardError("not_found", _("This card does not exist."))
    _check(why_not_see_card(viewer, board, card))
    return card


def _member_organisation(user):
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


def _tags_by_name(names):
    """Tag objects for these names (TAGGIT_CASE_INSENSITIVE: an existing tag matches in any case).

    Same result as taggit's own lookup, in one query for the existing tags
    (taggit asks once per name) plus a get_or_create per new tag.
    """
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(name__iexact=name)
    existing = {}
    for tag in Tag.objects.filter(query).order_by("pk"):
        existing.setdefault(tag.name.lower(), tag)
    tags = []
    for name in names:
        tag = existing.get(name.lower())
        if tag is None:
            tag, _created = Tag.objects.get_or_create(name__iexact=name, defaults={"name": name})
        tags.append(tag)
    return tags


def _tag_new_card(card, names):
    """Tag a card that was just created (it has no tags yet): one INSERT for all its tags.

    Sends the m2m_changed signals taggit's add() sends. Leaves the tags in the
    card's prefetch cache, so card_data needs no query for them.
    """
    tags = _tags_by_name(names)
    if tags:
        through = card.tags.through
        pk_set = {tag.pk for tag in tags}
        signal = {"sender": through, "instance": card, "reverse": False, "model": Tag, "pk_set": pk_set, "using": card._state.db}
        m2m_changed.send(action="pre_add", **signal)
        through.objects.bulk_create([through(tag=tag, content_object=card) for tag in tags])
        m2m_changed.send(action="post_add", **signal)
    return tags


def _new_card_data(card, tags):
    """card_data for a card created in this transaction: no votes, no history, these tags — no queries."""
    card.vote_count = 0
    card._prefetched_objects_cache = {"tags": tags, "history": []}
    return card_data(card)


# --- Cards -----------------------------------------------------------------------------


@transaction.atomic
def create_card(user, board_id, *, client_id, kind, text, tags=(), building_block=None, target_group=None,
                display=Card.Display.NAME, on_behalf=False, on_behalf_name="", organisation=None):
    """Post a card. Retrying with the same client_id returns the original card and seq and writes nothing.

    on_behalf (facilitators only) marks a card entered for someone without a device;
    `organisation` is then that person's organisation (an id).
    """
    board, viewer = _begin(user, board_id)
    # One query for the retry check and the column's last position (the board row is locked).
    column = kind if isinstance(kind, str) and kind in Card.Kind.values else ""
    retry = Q(client_id=client_id)
    found = Card.objects.filter(board=board).aggregate(
        existing_id=Max("pk", filter=retry),  # client_id is unique per board: at most one card
        existing_author_id=Max("author_id", filter=retry),
        existing_seq=Max("created_seq", filter=retry),
        last_position=Max("position", filter=Q(kind=column)),
    )
    if found["existing_id"] is not None:
        if found["existing_author_id"] != user.pk:
            raise BoardError("conflict", _("This client id is already used by another card."))
        return Change(found["existing_seq"], found["existing_id"])
    _check(why_not_post(viewer, board))
    if on_behalf:
        _check(why_not_facilitate(viewer, board))
    text = clean_text(text)
    tags = clean_tags(tags)
    kind = _clean_choice(kind, Card.Kind, _("kind"))
    display = _clean_choice(display, Card.Display, _("display"))
    on_behalf_name = on_behalf_name.strip()[:NAME_MAX_LENGTH] if on_behalf else ""
    card = Card(
        board=board, client_id=client_id, kind=kind, text=text, author=user, display=display,
        building_block=_get_optional(BuildingBlock, building_block, _("building block")),
        target_group=_get_optional(TargetGroup, target_group, _("target group")),
        author_organisation=(
            _get_optional(Organisation, organisation, _("organisation")) if on_behalf else _member_organisation(user)
        ),
        entered_on_behalf=on_behalf, on_behalf_name=on_behalf_name,
        position=(found["last_position"] or 0) + 1,
        created_seq=board.last_seq + 1,
    )
    card.save()
    tags = _tag_new_card(card, tags)
    seq = _emit_for_card(board, "card.created", card, {"card": _new_card_data(card, tags)})
    return Change(seq, card.pk)


EDITABLE_FIELDS = {"text", "tags", "building_block", "target_group", "display"}


@transaction.atomic
def edit_card(user, board_id, card_id, *, version, **changes):
    """Change a card's text, tags, building block, target group or display. `version` must be current."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"edit_card() got unexpected fields {sorted(unknown)}")
    board, viewer = _begin(user, board_id)
    card = _card(board, viewer, card_id)
    _check(why_not_change_card(viewer, board, card))
    if version != card.version:
        raise BoardError("version_conflict", _("Someone changed this card in the meantime; please look again."))
    if "text" in changes:
        text = clean_text(changes["text"])
        if text != card.text:
            CardHistory.objects.create(card=card, action=CardHistory.Action.EDITED, text=card.text, actor=user)
        card.text = text
    if "display" in changes:
        card.display = _clean_choice(changes["display"], Card.Display, _("display"))
    if "building_block" in changes:
        card.building_block = _get_optional(BuildingBlock, changes["building_block"], _("building block"))
    if "target_group" in changes:
        card.target_group = _get_optional(TargetGroup, changes["target_group"], _("target group"))
    tags = clean_tags(changes["tags"]) if "tags" in changes else None
    card.version += 1
    card.save()
    if tags is not None:
        card.tags.set(tags, clear=True)
    return Change(_emit_for_card(board, "card.updated", card, {"card": card_data(card)}), card.pk)


@transaction.atomic
def delete_card(user, board_id, card_id):
    """Soft-delete: the card disappears for everyone but can be restored."""
    board, viewer = _begin(user, board_id)
    card = _card(board, viewer, card_id)
    _check(why_not_change_card(viewer, board, card))
    card.deleted_at = timezone.now()
    card.version += 1
    card.save(update_fields=["deleted_at", "version", "updated_at"])
    return Change(_emit_for_card(board, "card.deleted", card, {"id": card.pk, "kind": card.kind}), card.pk)


@transaction.atomic
def restore_card(user, board_id, card_id):
    board, viewer = _begin(user, board_id)
    card = _card(board, viewer, card_id, include_deleted=True)
    _check(why_not_change_card(viewer, board, card))
    if card.deleted_at is None:
        raise BoardError("not_deleted", _("This card is not deleted."))
    card.deleted_at = None
    card.version += 1
    card.save(update_fields=["deleted_at", "version", "updated_at"])
    return Change(_emit_for_card(board, "card.restored", card, {"card": card_data(card)}), card.pk)


@transaction.atomic
def move_card(user, board_id, card_id, *, kind=None, before=None):
    """Move a card to another column (kind) and/or before another card (None: to the end).

    The column is renumbered; the event carries the column's new order. Links the
    new kind no longer allows are removed.
    """
    board, viewer = _begin(user, board_id)
    card = _card(board, viewer, card_id)
    kind = card.kind if kind is None else _clean_choice(kind, Card.Kind, _("kind"))
    if kind != card.kind:
        _check(why_not_change_card(viewer, board, card))
    else:
        _check(why_not_arrange(viewer, board, card))
    column = list(
        Card.objects.filter(board=board, kind=kind, deleted_at__isnull=True, merged_into__isnull=True)
        .exclude(pk=card.pk).order_by("position", "id")
    )
    index = len(column)
    if before is not None:
        index = next((i for i, other in enumerate(column) if other.pk == before), None)
        if index is None:
            raise BoardError("not_found", _("The card to move before is not in that column."))
    column.insert(index, card)
    removed_links = []
    if kind != card.kind:
        card.kind = kind
        for link in CardLink.objects.filter(Q(from_card=card) | Q(to_card=card)).select_related("from_card", "to_card"):
            ends = (kind, link.to_card.kind) if link.from_card_id == card.pk else (link.from_card.kind, kind)
            if CardLink.relation_for(*ends) != link.relation:
                removed_links.append(link.pk)
        CardLink.objects.filter(pk__in=removed_links).delete()
    for position, other in enumerate(column, start=1):
        other.position = position
    card.version += 1
    Card.objects.bulk_update(column, ["position"])
    card.save(update_fields=["kind", "position", "version", "updated_at"])
    data = {"card": card_data(card), "order": [c.pk for c in column], "removed_links": removed_links}
    return Change(_emit_for_card(board, "card.moved", card, data), card.pk)


@transaction.atomic
def assign_cluster(user, board_id, card_id, *, cluster=None):
    """Put a card in a cluster, or take it out (cluster None)."""
    board, viewer = _begin(user, board_id)
    card = _card(board, viewer, card_id)
    _check(why_not_arrange(viewer, board, card))
    if cluster is not None and not Cluster.objects.filter(board=board, pk=cluster).exists():
        raise BoardError("not_found", _("This cluster does not exist."))
    card.cluster_id = cluster
    card.version += 1
    card.save(update_fields=["cluster", "version", "updated_at"])
    data = {"id": card.pk, "cluster_id": cluster, "version": card.version}
    return Change(_emit_for_card(board, "card.clustered", card, data), card.pk)


@transaction.atomic
def merge_cards(user, board_id, card_id, *, other):
    """Merge card `other` into card `card_id` (facilitators): votes add up, comments and links move,
    the other card's text stays visible in the merged card's history."""
    board, viewer = _begin(user, board_id)
    _check(why_not_facilitate(viewer, board))
    _check(why_not_take_part(viewer, board))
    if board.cards_hidden:
        raise BoardError("wrong_phase", _("Cards cannot be merged while they are hidden."))
    if other == card_id:
        raise BoardError("invalid_field", _("A card cannot be merged with itself."))
    kept, merged = _card(board, viewer, card_id), _card(board, viewer, other)
    Vote.objects.filter(card=merged).update(card=kept)
    moved_comments = list(Comment.objects.filter(card=merged).values_list("pk", flat=True))
    Comment.objects.filter(card=merged).update(card=kept)
    CardHistory.objects.filter(card=merged, action=CardHistory.Action.MERGED).update(card=kept)
    CardHistory.objects.create(
        card=kept, action=CardHistory.Action.MERGED, text=merged.text, source_card=merged, actor=user
    )
    removed_links = []
    linked = {(link.from_card_id, link.to_card_id) for link in CardLink.objects.filter(Q(from_card=kept) | Q(to_card=kept))}
    for link in CardLink.objects.filter(Q(from_card=merged) | Q(to_card=merged)).select_related("from_card", "to_card"):
        source = kept if link.from_card_id == merged.pk else link.from_card
        target = kept if link.to_card_id == merged.pk else link.to_card
        if source.pk == target.pk or (source.pk, target.pk) in linked or CardLink.relation_for(source.kind, target.kind) != link.relation:
            removed_links.append(link.pk)
            link.delete()
        else:
            CardLink.objects.filter(pk=link.pk).update(from_card=source, to_card=target)
            linked.add((source.pk, target.pk))
    kept.tags.add(*merged.tags.all())
    merged.merged_into = kept
    merged.deleted_at = timezone.now()
    merged.save(update_fields=["merged_into", "deleted_at", "updated_at"])
    kept.version += 1
    kept.save(update_fields=["version", "updated_at"])
    kept = Card.objects.select_related("author", "author_organisation", "building_block", "target_group").get(pk=kept.pk)
    data = {
        "card": card_data(kept),
        "merged_id": merged.pk,
        "links": [link_data(link) for link in CardLink.objects.filter(Q(from_card=kept) | Q(to_card=kept))],
        "removed_links": removed_links,
        "moved_comments": moved_comments,
    }
    return Change(_emit(board, "card.merged", data), kept.pk)


# --- Links and comments -------------------------------------------------------------------


@transaction.atomic
def link_cards(user, board_id, from_card, *, to_card, relation):
    """Link two cards: a gap answers a need, a concept draft addresses a gap or a need."""
    board, viewer = _begin(user, board_id)
    _check(why_not_take_part(viewer, board))
    source, target = _card(board, viewer, from_card), _card(board, viewer, to_card)
    relation = _clean_choice(relation, CardLink.Relation, _("relation"))
    if CardLink.relation_for(source.kind, target.kind) != relation:
        raise BoardError(
            "invalid_link", _("A service gap answers a need; a concept draft addresses a gap or a need.")
        )
    if CardLink.objects.filter(Q(from_card=source, to_card=target) | Q(from_card=target, to_card=source)).exists():
        raise BoardError("already_linked", _("These cards are already linked."))
    link = CardLink.objects.create(from_card=source, to_card=target, relation=relation, created_by=user)
    return Change(_emit_for_card(board, "link.created", source, {"link": link_data(link)}), link.pk)


@transaction.atomic
def unlink_cards(user, board_id, link_id):
    """Remove a link: whoever made it, the author of its first card, or a facilitator."""
    board, viewer = _begin(user, board_id)
    _check(why_not_take_part(viewer, board))
    link = CardLink.objects.filter(pk=link_id, from_card__board=board).select_related("from_card").first()
    if link is None:
        raise BoardError("not_found", _("This link does not exist."))
    _check(why_not_see_card(viewer, board, link.from_card))
    if not viewer.facilitator and user.pk not in (link.created_by_id, link.from_card.author_id):
        raise BoardError("not_author", _("You can only remove links you made or links of your own cards."))
    source = link.from_card
    link.delete()
    return Change(_emit_for_card(board, "link.deleted", source, {"id": link_id}), link_id)


@transaction.atomic
def add_comment(user, board_id, card_id, *, text):
    board, viewer = _begin(user, board_id)
    _check(why_not_take_part(viewer, board))
    card = _card(board, viewer, card_id)
    comment = Comment.objects.create(
        card=card, author=user, author_organisation=_member_organisation(user), text=clean_text(text)
    )
    return Change(_emit_for_card(board, "comment.created", card, {"comment": comment_data(comment)}), comment.pk)


# --- Clusters ----------------------------------------------------------------------------


@transaction.atomic
def create_cluster(user, board_id, *, title):
    board, viewer = _begin(user, board_id)
    _check(why_not_manage_clusters(viewer, board))
    title = clean_text(title, max_length=TITLE_MAX_LENGTH)
    position = (board.clusters.aggregate(m=Max("position"))["m"] or 0) + 1
    cluster = Cluster.objects.create(board=board, title=title, position=position)
    return Change(_emit(board, "cluster.created", {"cluster": cluster_data(cluster)}), cluster.pk)


def _cluster(board, cluster_id):
    cluster = Cluster.objects.filter(board=board, pk=cluster_id).first()
    if cluster is None:
        raise BoardError("not_found", _("This cluster does not exist."))
    return cluster


@transaction.atomic
def rename_cluster(user, board_id, cluster_id, *, title):
    board, viewer = _begin(user, board_id)
    _check(why_not_manage_clusters(viewer, board))
    cluster = _cluster(board, cluster_id)
    cluster.title = clean_text(title, max_length=TITLE_MAX_LENGTH)
    cluster.save(update_fields=["title"])
    return Change(_emit(board, "cluster.renamed", {"cluster": cluster_data(cluster)}), cluster.pk)


@transaction.atomic
def delete_cluster(user, board_id, cluster_id):
    """Delete a cluster; its cards stay on the board, outside any cluster."""
    board, viewer = _begin(user, board_id)
    _check(why_not_manage_clusters(viewer, board))
    cluster = _cluster(board, cluster_id)
    cards = list(cluster.cards.values_list("pk", flat=True))
    cluster.delete()
    return Change(_emit(board, "cluster.deleted", {"id": cluster_id, "cards": cards}), cluster_id)


# --- Votes ---------------------------------------------------------------------------------


def votes_used(board, user):
    """Dots the member has given on this board's live cards (on-behalf dots don't count)."""
    return Vote.objects.filter(
        board=board, user=user, entered_on_behalf=False, card__deleted_at__isnull=True
    ).count()


def _vote_event(board, name, card, user, on_behalf):
    mine = Vote.objects.filter(card=card, user=user, entered_on_behalf=on_behalf).count()
    data = {
        "card_id": card.pk,
        "votes": card.votes.count(),
        "on_behalf": on_behalf,
        "_voter_id": user.pk,
        "_my_votes": mine,
        "_votes_left": board.vote_budget - votes_used(board, user),
    }
    return _emit(board, name, data)


@transaction.atomic
def cast_vote(user, board_id, card_id, *, on_behalf=False, on_behalf_name=""):
    """Give one dot. The board row is locked, so two tabs or a double click cannot exceed the budget.

    Facilitators may enter dots on behalf of someone without a device (marked; not
    counted against their own budget).
    """
    board, viewer = _begin(user, board_id)
    _check(why_not_vote(viewer, board))
    if on_behalf:
        _check(why_not_facilitate(viewer, board))
    card = _card(board, viewer, card_id)
    if not on_behalf and votes_used(board, user) >= board.vote_budget:
        raise BoardError(
            "over_budget", _("You have used all %(budget)d of your dots.") % {"budget": board.vote_budget}
        )
    Vote.objects.create(
        board=board, card=card, user=user, entered_on_behalf=on_behalf,
        on_behalf_name=on_behalf_name.strip()[:NAME_MAX_LENGTH] if on_behalf else "",
    )
    return Change(_vote_event(board, "vote.cast", card, user, on_behalf), card.pk)


@transaction.atomic
def retract_vote(user, board_id, card_id, *, on_behalf=False):
    """Take back one dot from a card (for on_behalf: one of the dots entered on someone's behalf)."""
    board, viewer = _begin(user, board_id)
    _check(why_not_vote(viewer, board))
    if on_behalf:
        _check(why_not_facilitate(viewer, board))
    card = _card(board, viewer, card_id)
    vote = Vote.objects.filter(card=card, user=user, entered_on_behalf=on_behalf).order_by("-id").first()
    if vote is None:
        raise BoardError("no_vote", _("You have no dot on this card."))
    vote.delete()
    return Change(_vote_event(board, "vote.retracted", card, user, on_behalf), card.pk)


# --- Facilitation ----------------------------------------------------------------------------


def _cards_of(board):
    return (
        Card.objects.filter(board=board, deleted_at__isnull=True, merged_into__isnull=True)
        .select_related("author", "author_organisation", "building_block", "target_group")
        .prefetch_related("tags", Prefetch("history", queryset=CardHistory.objects.filter(action=CardHistory.Action.MERGED)))
        .annotate(vote_count=Count("votes", distinct=True))
        .order_by("kind", "position", "id")
    )


def _hiding_change(board, was_hidden):
    """Data for an event that may reveal the cards (with their content) or hide them again."""
    if was_hidden and not board.cards_hidden:
        return {"revealed": [card_data(card) for card in _cards_of(board)]}
    if board.cards_hidden and not was_hidden:
        return {"_hidden_cards": [
            {"card_id": pk, "author_id": author} for pk, author in
            Card.objects.filter(board=board, deleted_at__isnull=True, merged_into__isnull=True).values_list("pk", "author_id")
        ]}
    return {}


@transaction.atomic
def set_phase(user, board_id, *, phase):
    """Move the board to another phase. Leaving silent collect reveals every card in the same event."""
    board, viewer = _begin(user, board_id)
    _check(why_not_facilitate(viewer, board))
    phase = _clean_choice(phase, Board.Phase, _("phase"))
    if phase == board.phase:
        return Change(board.last_seq)
    was_hidden, previous = board.cards_hidden, board.phase
    board.phase = phase
    board.save(update_fields=["phase"])
    data = {"phase": phase, "previous": previous, **_hiding_change(board, was_hidden)}
    if phase == Board.Phase.COLLECT:
        BoardParticipant.objects.filter(board=board).update(done_writing=False)
        data["done_count"] = 0
    return Change(_emit(board, "board.phase_changed", data))


@transaction.atomic
def set_lock(user, board_id, *, locked):
    board, viewer = _begin(user, board_id)
    _check(why_not_facilitate(viewer, board))
    if board.locked == locked:
        return Change(board.last_seq)
    board.locked = locked
    board.save(update_fields=["locked"])
    return Change(_emit(board, "board.lock_changed", {"locked": locked}))


@transaction.atomic
def set_timer(user, board_id, *, seconds):
    """Start a timer everyone sees (seconds from now), or stop it (None)."""
    board, viewer = _begin(user, board_id)
    _check(why_not_facilitate(viewer, board))
    if seconds is not None and not 0 < seconds <= TIMER_MAX_SECONDS:
        raise BoardError(
            "invalid_field", _("The timer must run between 1 second and %(hours)d hours.") % {"hours": TIMER_MAX_SECONDS // 3600}
        )
    now = timezone.now()
    board.timer_ends_at = now + timedelta(seconds=seconds) if seconds else None
    board.save(update_fields=["timer_ends_at"])
    return Change(_emit(board, "board.timer_set", {"timer_ends_at": _iso(board.timer_ends_at), "server_time": _iso(now)}))


CONFIGURABLE_FIELDS = {"workshop", "title", "prompt", "silent_collect", "vote_budget", "visibility", "phase", "locked"}


@transaction.atomic
def configure_board(user, board_id, **fields):
    """Change a board's settings (the admin's edit form goes through here), as one board.configured event."""
    unknown = set(fields) - CONFIGURABLE_FIELDS
    if unknown:
        raise TypeError(f"configure_board() got unexpected fields {sorted(unknown)}")
    board, viewer = _begin(user, board_id)
    _check(why_not_facilitate(viewer, board))
    was_hidden = board.cards_hidden
    for name, value in fields.items():
        setattr(board, name, value)
    board.full_clean()
    board.save()
    return Change(_emit(board, "board.configured", {"board": board_data(board), **_hiding_change(board, was_hidden)}))


@transaction.atomic
def mark_done_writing(user, board_id, *, done=True):
    """A member says they are done writing (or not yet); the facilitator sees who and how many."""
    board, viewer = _begin(user, board_id)
    _check(why_not_mark_done(viewer, board))
    BoardParticipant.objects.update_or_create(board=board, user=user, defaults={"done_writing": done})
    data = {
        "done": done,
        "done_count": BoardParticipant.objects.filter(board=board, done_writing=True).count(),
        "_user": _person(user),
    }
    return Change(_emit(board, "participant.done_writing", data))


# --- Reading ---------------------------------------------------------------------------------


def snapshot(board, user, viewer=None):
    """The whole board as this reader may see it, with the seq it includes (at least).

    The seq is read first, so the state may already contain later changes; every
    event carries absolute state, so applying such an event again is harmless.
    """
    viewer = viewer or viewer_for(user, board)
    if viewer is None:
        raise BoardError("forbidden", _("You are not taking part in this board."))
    board = Board.objects.get(pk=board.pk)
    seq = board.last_seq
    cards = list(_cards_of(board))
    if board.cards_hidden and not viewer.facilitator:
        shown = [card for card in cards if card.author_id == viewer.user_id]
    else:
        shown = cards
    if viewer.facilitator:
        deleted = Card.objects.filter(board=board, deleted_at__isnull=False, merged_into__isnull=True)
    elif viewer.user_id is not None:
        deleted = Card.objects.filter(board=board, deleted_at__isnull=False, merged_into__isnull=True, author_id=viewer.user_id)
    else:
        deleted = Card.objects.none()
    shown_ids = {card.pk for card in shown}
    done = BoardParticipant.objects.filter(board=board, done_writing=True)
    state = {
        "seq": seq,
        "board": {
            **board_data(board),
            "hidden_cards": len(cards) - len(shown),
            "done_count": done.count(),
        },
        "cards": [card_for(viewer, card_data(card)) for card in shown],
        "deleted_cards": [
            card_for(viewer, card_data(card))
            for card in deleted.select_related("author", "author_organisation", "building_block", "target_group")
        ],
        "links": [
            link_data(link) for link in CardLink.objects.filter(from_card__board=board)
            if link.from_card_id in shown_ids and link.to_card_id in shown_ids
        ],
        "comments": [
            comment_for(viewer, comment_data(comment))
            for comment in Comment.objects.filter(card__in=shown_ids).select_related("author", "author_organisation")
        ],
        "clusters": [cluster_data(cluster) for cluster in board.clusters.all()],
        "me": None,
    }
    if viewer.user_id is not None and viewer.participant:
        my_votes = dict(
            Vote.objects.filter(board=board, user_id=viewer.user_id, entered_on_behalf=False)
            .values_list("card").annotate(n=Count("id"))
        )
        used = sum(n for card_id, n in my_votes.items() if card_id in shown_ids)
        state["me"] = {
            "user_id": viewer.user_id,
            "facilitator": viewer.facilitator,
            "done_writing": done.filter(user_id=viewer.user_id).exists(),
            "my_votes": {str(card_id): n for card_id, n in my_votes.items() if card_id in shown_ids},
            "votes_left": board.vote_budget - used,
        }
    if viewer.facilitator:
        state["board"]["done_users"] = list(done.values_list("user_id", flat=True))
    return state


def events_since(board, viewer, since):
    """The events after `since`, shaped for this reader, or None when the client needs a snapshot.

    Only the last BOARD_RESUMABLE_EVENTS events of a board can be resumed.
    """
    last_seq = Board.objects.filter(pk=board.pk).values_list("last_seq", flat=True).get()
    if since > last_seq or since < last_seq - settings.BOARD_RESUMABLE_EVENTS:
        return None
    events = BoardEvent.objects.filter(board_id=board.pk, seq__gt=since, seq__lte=last_seq).order_by("seq")
    return [event_for(viewer, {"seq": e.seq, "name": e.name, "data": e.data}) for e in events]
