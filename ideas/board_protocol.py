"""What a client may send over the board WebSocket: one small schema per operation, and the dispatch table.

`parse_request` turns a decoded JSON message into a call of a board operation or
raises BoardError (codes unknown_type, missing_field, invalid_field,
unknown_field); the consumer only decodes, rate-limits and relays.
"""
from typing import Literal
from uuid import UUID

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ideas import board_operations as ops
from ideas.board_operations import BoardError

Id = int
Kind = Literal["need", "gap", "draft"]


class Request(BaseModel):
    # Strict: "3" is not a number, extra fields are refused.
    model_config = ConfigDict(extra="forbid", strict=True)


class CardCreate(Request):
    client_id: UUID = Field(strict=False)  # JSON carries it as a string
    kind: Kind
    text: str
    tags: list[str] = Field(default_factory=list, max_length=ops.MAX_TAGS)
    building_block: Id | None = None
    target_group: Id | None = None
    display: Literal["name", "organisation_only"] = "name"
    on_behalf: bool = False
    on_behalf_name: str = Field(default="", max_length=ops.NAME_MAX_LENGTH)
    organisation: Id | None = None


class CardEdit(Request):
    card_id: Id
    version: int
    text: str = None
    tags: list[str] = Field(default=None, max_length=ops.MAX_TAGS)
    building_block: Id | None = None
    target_group: Id | None = None
    display: Literal["name", "organisation_only"] = None


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
    relation: Literal["answers", "addresses"]


class LinkRef(Request):
    link_id: Id


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


class VoteCast(Request):
    card_id: Id
    on_behalf: bool = False
    on_behalf_name: str = Field(default="", max_length=ops.NAME_MAX_LENGTH)


class VoteRetract(Request):
    card_id: Id
    on_behalf: bool = False


class SetPhase(Request):
    phase: Literal["collect", "reveal", "cluster", "vote", "closed"]


class SetLock(Request):
    locked: bool


class SetTimer(Request):
    seconds: int | None


class DoneWriting(Request):
    done: bool = True


def _edit(user, board_id, m):
    changes = m.model_dump(exclude_unset=True, exclude={"card_id", "version"})
    return ops.edit_card(user, board_id, m.card_id, version=m.version, **changes)


# type -> (schema, call(user, board_id, validated message) -> Change)
OPERATIONS = {
    "card.create": (CardCreate, lambda u, b, m: ops.create_card(u, b, **m.model_dump())),
    "card.edit": (CardEdit, _edit),
    "card.delete": (CardRef, lambda u, b, m: ops.delete_card(u, b, m.card_id)),
    "card.restore": (CardRef, lambda u, b, m: ops.restore_card(u, b, m.card_id)),
    "card.move": (CardMove, lambda u, b, m: ops.move_card(u, b, m.card_id, kind=m.kind, before=m.before)),
    "card.cluster": (CardCluster, lambda u, b, m: ops.assign_cluster(u, b, m.card_id, cluster=m.cluster_id)),
    "card.merge": (CardMerge, lambda u, b, m: ops.merge_cards(u, b, m.card_id, other=m.other_id)),
    "link.create": (LinkCreate, lambda u, b, m: ops.link_cards(u, b, m.from_card_id, to_card=m.to_card_id, relation=m.relation)),
    "link.delete": (LinkRef, lambda u, b, m: ops.unlink_cards(u, b, m.link_id)),
    "comment.create": (CommentCreate, lambda u, b, m: ops.add_comment(u, b, m.card_id, text=m.text)),
    "cluster.create": (ClusterCreate, lambda u, b, m: ops.create_cluster(u, b, title=m.title)),
    "cluster.rename": (ClusterRename, lambda u, b, m: ops.rename_cluster(u, b, m.cluster_id, title=m.title)),
    "cluster.delete": (ClusterRef, lambda u, b, m: ops.delete_cluster(u, b, m.cluster_id)),
    "vote.cast": (VoteCast, lambda u, b, m: ops.cast_vote(u, b, m.card_id, on_behalf=m.on_behalf, on_behalf_name=m.on_behalf_name)),
    "vote.retract": (VoteRetract, lambda u, b, m: ops.retract_vote(u, b, m.card_id, on_behalf=m.on_behalf)),
    "board.set_phase": (SetPhase, lambda u, b, m: ops.set_phase(u, b, phase=m.phase)),
    "board.set_lock": (SetLock, lambda u, b, m: ops.set_lock(u, b, locked=m.locked)),
    "board.set_timer": (SetTimer, lambda u, b, m: ops.set_timer(u, b, seconds=m.seconds)),
    "participant.done_writing": (DoneWriting, lambda u, b, m: ops.mark_done_writing(u, b, done=m.done)),
}

# Error types of pydantic -> our codes.
_ERROR_CODES = {"missing": "missing_field", "extra_forbidden": "unknown_field"}


def parse_request(message):
    """Validate a decoded client message (without "type" and "ref") against its operation's schema.

    Returns a function call(user, board_id) -> Change; raises BoardError.
    """
    kind = message.get("type")
    if kind not in OPERATIONS:
        raise BoardError("unknown_type", _("Unknown message type “%(type)s”.") % {"type": str(kind)[:40]})
    schema, call = OPERATIONS[kind]
    fields = {key: value for key, value in message.items() if key not in ("type", "ref")}
    try:
        validated = schema.model_validate(fields)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "?"
        code = _ERROR_CODES.get(error["type"], "invalid_field")
        if code == "missing_field":
            text = _("The field “%(field)s” is missing.")
        elif code == "unknown_field":
            text = _("The field “%(field)s” is not allowed here.")
        else:
            text = _("The field “%(field)s” has a wrong value.")
        raise BoardError(code, text % {"field": field}) from None
    return lambda user, board_id: call(user, board_id, validated)
