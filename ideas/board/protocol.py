"""What a client may send over the board WebSocket: one small schema per operation, and the dispatch table.

`decode_frame` turns a frame into a JSON object (codes too_large, malformed),
`read_ref` checks its `ref`, and `parse_request` turns it into a call of a board
operation or raises BoardError (codes unknown_type, missing_field, invalid_field,
unknown_field); the consumer only rate-limits and relays.
"""
import json
from typing import Annotated, Literal
from uuid import UUID

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ideas.board import operations as ops
from ideas.board.errors import BoardError
from ideas.board.validation import MAX_TAGS, NAME_MAX_LENGTH, check_storable, printable, storable
from ideas.models import Board, Card, CardLink

# Ids and versions fit the database's 64-bit integers, so a huge number is refused here, not by the database.
Id = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
# The values the models accept, so the schema and the database never disagree.
Kind = Literal[tuple(Card.Kind.values)]
Display = Literal[tuple(Card.Display.values)]
Relation = Literal[tuple(CardLink.Relation.values)]
Phase = Literal[tuple(Board.Phase.values)]


class Request(BaseModel):
    # Strict: "3" is not a number, extra fields are refused.
    model_config = ConfigDict(extra="forbid", strict=True)


class CardCreate(Request):
    client_id: UUID = Field(strict=False)  # JSON carries it as a string
    kind: Kind
    text: str
    tags: list[str] = Field(default_factory=list, max_length=MAX_TAGS)
    building_block: Id | None = None
    target_group: Id | None = None
    display: Display = Card.Display.NAME.value
    on_behalf: bool = False
    on_behalf_name: str = Field(default="", max_length=NAME_MAX_LENGTH)
    organisation: Id | None = None


class CardEdit(Request):
    card_id: Id
    version: Id
    text: str = None
    tags: list[str] = Field(default=None, max_length=MAX_TAGS)
    building_block: Id | None = None
    target_group: Id | None = None
    display: Display = None


class CardRef(Request):
    card_id: Id


class CardMove(Request):
    card_id: Id
    kind: Kind | None = None
    before: Id | None = None


class CardCluster(Request):
    card_id: Id
    cluster_id: Id | None


class CardMerge(Request):
    card_id: Id
    other_id: Id


class LinkCreate(Request):
    from_card_id: Id
    to_card_id: Id
    relation: Relation


class LinkRef(Request):
    link_id: Id


class SameTopic(Request):
    card_id: Id
    earlier_card_id: Id


class CommentCreate(Request):
    card_id: Id
    text: str


class ClusterCreate(Request):
    title: str


class ClusterRename(Request):
    cluster_id: Id
    title: str


class ClusterRef(Request):
    cluster_id: Id


class ClusterMove(Request):
    cluster_id: Id
    before: Id | None = None


class VoteCast(Request):
    card_id: Id
    # Facilitators, for someone without a device: a person entered for on this board, or a new name.
    proxy_person_id: Id | None = None
    proxy_person_name: str = Field(default="", max_length=NAME_MAX_LENGTH)
    proxy_person_organisation: Id | None = None


class VoteRetract(Request):
    card_id: Id
    proxy_person_id: Id | None = None


class SetPhase(Request):
    phase: Phase


class SetLock(Request):
    locked: bool


class SetSilentCollect(Request):
    silent_collect: bool


class SetTimer(Request):
    seconds: int | None


class DoneWriting(Request):
    done: bool = True


# --- Handlers: a validated message -> the call of its operation ----------------------------


def create_card(user, board_id, m):
    return ops.create_card(user, board_id, **m.model_dump())


class GuestRef(Request):
    guest_id: Id


def edit_card(user, board_id, m):
    changes = m.model_dump(exclude_unset=True, exclude={"card_id", "version"})  # only the fields sent
    return ops.edit_card(user, board_id, m.card_id, version=m.version, **changes)


def delete_card(user, board_id, m):
    return ops.delete_card(user, board_id, m.card_id)


def restore_card(user, board_id, m):
    return ops.restore_card(user, board_id, m.card_id)


def move_card(user, board_id, m):
    return ops.move_card(user, board_id, m.card_id, kind=m.kind, before=m.before)


def assign_cluster(user, board_id, m):
    return ops.assign_cluster(user, board_id, m.card_id, cluster=m.cluster_id)


def merge_cards(user, board_id, m):
    return ops.merge_cards(user, board_id, m.card_id, other=m.other_id)


def unmerge_card(user, board_id, m):
    return ops.unmerge_card(user, board_id, m.card_id)


def link_cards(user, board_id, m):
    return ops.link_cards(user, board_id, m.from_card_id, to_card=m.to_card_id, relation=m.relation)


def unlink_cards(user, board_id, m):
    return ops.unlink_cards(user, board_id, m.link_id)


def mark_same_topic(user, board_id, m):
    return ops.mark_same_topic(user, board_id, m.card_id, m.earlier_card_id)


def unmark_same_topic(user, board_id, m):
    return ops.unmark_same_topic(user, board_id, m.card_id, m.earlier_card_id)


def add_comment(user, board_id, m):
    return ops.add_comment(user, board_id, m.card_id, text=m.text)


def create_cluster(user, board_id, m):
    return ops.create_cluster(user, board_id, title=m.title)


def rename_cluster(user, board_id, m):
    return ops.rename_cluster(user, board_id, m.cluster_id, title=m.title)


def move_cluster(user, board_id, m):
    return ops.move_cluster(user, board_id, m.cluster_id, before=m.before)


def delete_cluster(user, board_id, m):
    return ops.delete_cluster(user, board_id, m.cluster_id)


def cast_vote(user, board_id, m):
    return ops.cast_vote(
        user, board_id, m.card_id, proxy_person_id=m.proxy_person_id,
        proxy_person_name=m.proxy_person_name, proxy_person_organisation=m.proxy_person_organisation,
    )


def retract_vote(user, board_id, m):
    return ops.retract_vote(user, board_id, m.card_id, proxy_person_id=m.proxy_person_id)


def set_phase(user, board_id, m):
    return ops.set_phase(user, board_id, phase=m.phase)


def set_lock(user, board_id, m):
    return ops.set_lock(user, board_id, locked=m.locked)


def set_silent_collect(user, board_id, m):
    return ops.set_silent_collect(user, board_id, silent_collect=m.silent_collect)


def set_timer(user, board_id, m):
    return ops.set_timer(user, board_id, seconds=m.seconds)


def open_guest_access(user, board_id, m):
    return ops.open_guest_access(user, board_id)


def end_guest_access(user, board_id, m):
    return ops.end_guest_access(user, board_id)


def remove_guest(user, board_id, m):
    return ops.remove_guest(user, board_id, m.guest_id)


def mark_done_writing(user, board_id, m):
    return ops.mark_done_writing(user, board_id, done=m.done)


# type -> (schema, handler(user, board_id, validated message) -> Change)
OPERATIONS = {
    "card.create": (CardCreate, create_card),
    "card.edit": (CardEdit, edit_card),
    "card.delete": (CardRef, delete_card),
    "card.restore": (CardRef, restore_card),
    "card.move": (CardMove, move_card),
    "card.cluster": (CardCluster, assign_cluster),
    "card.merge": (CardMerge, merge_cards),
    "card.unmerge": (CardRef, unmerge_card),
    "card.mark_same_topic": (SameTopic, mark_same_topic),
    "card.unmark_same_topic": (SameTopic, unmark_same_topic),
    "link.create": (LinkCreate, link_cards),
    "link.delete": (LinkRef, unlink_cards),
    "comment.create": (CommentCreate, add_comment),
    "cluster.create": (ClusterCreate, create_cluster),
    "cluster.rename": (ClusterRename, rename_cluster),
    "cluster.move": (ClusterMove, move_cluster),
    "cluster.delete": (ClusterRef, delete_cluster),
    "vote.cast": (VoteCast, cast_vote),
    "vote.retract": (VoteRetract, retract_vote),
    "board.set_phase": (SetPhase, set_phase),
    "board.set_lock": (SetLock, set_lock),
    "board.set_silent_collect": (SetSilentCollect, set_silent_collect),
    "board.set_timer": (SetTimer, set_timer),
    "participant.done_writing": (DoneWriting, mark_done_writing),
    "board.open_guest_access": (Request, open_guest_access),
    "board.end_guest_access": (Request, end_guest_access),
    "guest.remove": (GuestRef, remove_guest),
}

# Error types of pydantic -> our codes.
_ERROR_CODES = {"missing": "missing_field", "extra_forbidden": "unknown_field"}


MAX_REF_LENGTH = 100


def decode_frame(text_data, bytes_data, max_bytes):
    """The JSON object a client frame carries; raises BoardError (too_large, malformed)."""
    if text_data is None:
        raise BoardError("malformed", _("Messages must be JSON text."))
    if len(text_data.encode("utf-8", "surrogatepass")) > max_bytes:
        raise BoardError("too_large", _("The message is larger than %(max)d bytes.") % {"max": max_bytes})
    try:
        message = json.loads(text_data)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than the parser goes
        message = None
    if not isinstance(message, dict):
        raise BoardError("malformed", _("The message is not a JSON object."))
    return message


def read_ref(message):
    """The message's `ref` (echoed in the answer): a string or number up to 100 characters; raises BoardError."""
    ref = message.get("ref")
    if ref is None:
        return None
    if isinstance(ref, bool) or not isinstance(ref, (str, int)) or len(str(ref)) > MAX_REF_LENGTH:
        raise BoardError("invalid_field", _("The field “ref” has a wrong value."))
    if isinstance(ref, str) and not storable(ref):
        raise BoardError("invalid_field", _("The field “ref” has a wrong value."))
    return ref


def _check_texts(validated):
    """Every text of a validated message must be storable (no NUL, no lone surrogate)."""
    for field, value in validated:
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                check_storable(text, field)


def parse_request(message):
    """Validate a decoded client message (without "type" and "ref") against its operation's schema.

    Returns a function call(user, board_id) -> Change; raises BoardError.
    """
    kind = message.get("type")
    if not isinstance(kind, str) or kind not in OPERATIONS:
        shown = printable(kind if isinstance(kind, str) else json.dumps(kind))[:40]
        raise BoardError("unknown_type", _("Unknown message type “%(type)s”.") % {"type": shown})
    schema, handler = OPERATIONS[kind]
    fields = {key: value for key, value in message.items() if key not in ("type", "ref")}
    try:
        validated = schema.model_validate(fields)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = printable(".".join(str(part) for part in error["loc"]))[:60] or "?"
        code = _ERROR_CODES.get(error["type"], "invalid_field")
        if code == "missing_field":
            text = _("The field “%(field)s” is missing.")
        elif code == "unknown_field":
            text = _("The field “%(field)s” is not allowed here.")
        else:
            text = _("The field “%(field)s” has a wrong value.")
        raise BoardError(code, text % {"field": field}) from None
    _check_texts(validated)
    return lambda user, board_id: handler(user, board_id, validated)
