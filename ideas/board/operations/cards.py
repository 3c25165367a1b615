"""Operations on cards: post, edit, delete and restore, move (column and order), merge duplicates and undo a merge."""
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas.board.errors import BoardError
from ideas.board.events import emit, emit_for_card
from ideas.board.operations.common import Change, begin, member_organisation, visible_card
from ideas.board.operations.proxies import proxy_person_named
from ideas.board.operations.tagging import tag_new_card
from ideas.board.payloads import card_data, link_data, proxy_person_data, with_card_data
from ideas.board.rules import (
    check, why_not_arrange, why_not_change_card, why_not_facilitate, why_not_merge, why_not_post,
    why_not_take_part,
)
from ideas.board.validation import clean_choice, clean_tags, clean_text, get_optional
from ideas.models import Card, CardHistory, CardLink, Comment, Vote
from network.models import BuildingBlock, Organisation, TargetGroup


@transaction.atomic
def create_card(user, board_id, *, client_id, kind, text, tags=(), building_block=None, target_group=None,
                display=Card.Display.NAME, on_behalf=False, on_behalf_name="", organisation=None):
    """Post a card. Retrying with the same client_id returns the original card and seq and writes nothing.

    on_behalf (facilitators only) marks a card entered for someone without a device;
    `on_behalf_name` names them (the board's person of that name, created on first use)
    and `organisation` is their organisation (an id; default: the person's).
    """
    board, viewer = begin(user, board_id)
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
    check(why_not_post(viewer, board))
    if on_behalf:
        check(why_not_facilitate(viewer, board))
    text = clean_text(text)
    tags = clean_tags(tags)
    kind = clean_choice(kind, Card.Kind, _("kind"))
    display = clean_choice(display, Card.Display, _("display"))
    proxy_person = proxy_person_named(board, user, on_behalf_name, organisation) if on_behalf else None
    if on_behalf:
        card_organisation = get_optional(Organisation, organisation, _("organisation"))
        card_organisation = card_organisation or (proxy_person.organisation if proxy_person else None)
    else:
        card_organisation = member_organisation(user)
    card = Card(
        board=board, client_id=client_id, kind=kind, text=text, author=user, display=display,
        building_block=get_optional(BuildingBlock, building_block, _("building block")),
        target_group=get_optional(TargetGroup, target_group, _("target group")),
        author_organisation=card_organisation,
        entered_on_behalf=on_behalf, on_behalf_name=proxy_person.name if proxy_person else "", on_behalf_of=proxy_person,
        position=(found["last_position"] or 0) + 1,
        created_seq=board.last_seq + 1,
    )
    card.save()
    tags = tag_new_card(card, tags)
    data = {"card": _new_card_data(card, tags)}
    # Facilitators learn a person typed for the first time, unless the card hides whose it is.
    if proxy_person is not None and display != Card.Display.ORGANISATION_ONLY:
        data["_proxy_person"] = proxy_person_data(proxy_person)
    seq = emit_for_card(board, "card.created", card, data)
    return Change(seq, card.pk)


EDITABLE_FIELDS = {"text", "tags", "building_block", "target_group", "display"}


@transaction.atomic
def edit_card(user, board_id, card_id, *, version, **changes):
    """Change a card's text, tags, building block, target group or display. `version` must be current."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"edit_card() got unexpected fields {sorted(unknown)}")
    board, viewer = begin(user, board_id)
    card = visible_card(board, viewer, card_id)
    check(why_not_change_card(viewer, board, card))
    if version != card.version:
        raise BoardError("version_conflict", _("Someone changed this card in the meantime; please look again."))
    if "text" in changes:
        text = clean_text(changes["text"])
        if text != card.text:
            CardHistory.objects.create(card=card, action=CardHistory.Action.EDITED, text=card.text, actor=user)
        card.text = text
    if "display" in changes:
        card.display = clean_choice(changes["display"], Card.Display, _("display"))
    if "building_block" in changes:
        card.building_block = get_optional(BuildingBlock, changes["building_block"], _("building block"))
    if "target_group" in changes:
        card.target_group = get_optional(TargetGroup, changes["target_group"], _("target group"))
    tags = clean_tags(changes["tags"]) if "tags" in changes else None
    card.version += 1
    card.save()
    if tags is not None:
        card.tags.set(tags, clear=True)
    return Change(emit_for_card(board, "card.updated", card, {"card": card_data(card)}), card.pk)


@transaction.atomic
def delete_card(user, board_id, card_id):
    """Soft-delete: the card disappears for everyone but can be restored."""
    board, viewer = begin(user, board_id)
    card = visible_card(board, viewer, card_id)
    check(why_not_change_card(viewer, board, card))
    card.deleted_at = timezone.now()
    card.version += 1
    card.save(update_fields=["deleted_at", "version", "updated_at"])
    return Change(emit_for_card(board, "card.deleted", card, {"id": card.pk, "kind": card.kind}), card.pk)


@transaction.atomic
def restore_card(user, board_id, card_id):
    board, viewer = begin(user, board_id)
    card = visible_card(board, viewer, card_id, include_deleted=True)
    check(why_not_change_card(viewer, board, card))
    if card.deleted_at is None:
        raise BoardError("not_deleted", _("This card is not deleted."))
    card.deleted_at = None
    card.version += 1
    card.save(update_fields=["deleted_at", "version", "updated_at"])
    return Change(emit_for_card(board, "card.restored", card, {"card": card_data(card)}), card.pk)


@transaction.atomic
def move_card(user, board_id, card_id, *, kind=None, before=None):
    """Move a card to another column (kind) and/or before another card (None: to the end).

    The column is renumbered; the event carries the column's new order. Links the
    new kind no longer allows are removed.
    """
    board, viewer = begin(user, board_id)
    card = visible_card(board, viewer, card_id)
    kind = card.kind if kind is None else clean_choice(kind, Card.Kind, _("kind"))
    if kind != card.kind:
        check(why_not_change_card(viewer, board, card))
    else:
        check(why_not_arrange(viewer, board, card))
    column = list(Card.objects.filter(board=board, kind=kind).live().exclude(pk=card.pk).order_by("position", "id"))
    index = len(column)
    if before is not None:
        index = next((i for i, other in enumerate(column) if other.pk == before), None)
        if index is None:
            raise BoardError("not_found", _("The card to move before is not in that column."))
    column.insert(index, card)
    removed_links = []
    if kind != card.kind:
        card.kind = kind
        for link in _links_of(card).select_related("from_card", "to_card"):
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
    return Change(emit_for_card(board, "card.moved", card, data), card.pk)


@transaction.atomic
def merge_cards(user, board_id, card_id, *, other):
    """Merge card `other` into card `card_id` (facilitators): votes add up, comments and links move,
    the other card's text and author stay visible on the kept card, and what moved is recorded
    so that unmerge_card can undo it."""
    board, viewer = begin(user, board_id)
    check(why_not_merge(viewer, board))
    if other == card_id:
        raise BoardError("invalid_field", _("A card cannot be merged with itself."))
    kept, merged = visible_card(board, viewer, card_id), visible_card(board, viewer, other)
    undo = {
        "votes": list(Vote.objects.filter(card=merged).values_list("pk", flat=True)),
        "comments": list(Comment.objects.filter(card=merged).values_list("pk", flat=True)),
        "history": list(CardHistory.objects.filter(card=merged, action=CardHistory.Action.MERGED).values_list("pk", flat=True)),
        "relinked": [], "removed_links": [], "tags": [],
    }
    Vote.objects.filter(pk__in=undo["votes"]).update(card=kept)
    Comment.objects.filter(pk__in=undo["comments"]).update(card=kept)
    CardHistory.objects.filter(pk__in=undo["history"]).update(card=kept)
    removed_links = []
    linked = {(link.from_card_id, link.to_card_id) for link in _links_of(kept)}
    for link in _links_of(merged).select_related("from_card", "to_card"):
        source = kept if link.from_card_id == merged.pk else link.from_card
        target = kept if link.to_card_id == merged.pk else link.to_card
        if source.pk == target.pk or (source.pk, target.pk) in linked or CardLink.relation_for(source.kind, target.kind) != link.relation:
            removed_links.append(link.pk)
            undo["removed_links"].append({
                "from": link.from_card_id, "to": link.to_card_id, "relation": link.relation, "by": link.created_by_id,
            })
            link.delete()
        else:
            undo["relinked"].append({"id": link.pk, "from": link.from_card_id, "to": link.to_card_id})
            CardLink.objects.filter(pk=link.pk).update(from_card=source, to_card=target)
            linked.add((source.pk, target.pk))
    kept_tags = {tag.lower() for tag in kept.tags.names()}
    undo["tags"] = [tag for tag in merged.tags.names() if tag.lower() not in kept_tags]
    kept.tags.add(*undo["tags"])
    CardHistory.objects.create(
        card=kept, action=CardHistory.Action.MERGED, text=merged.text, source_card=merged, actor=user, undo=undo,
    )
    merged.merged_into = kept
    merged.deleted_at = timezone.now()
    merged.save(update_fields=["merged_into", "deleted_at", "updated_at"])
    kept.version += 1
    kept.save(update_fields=["version", "updated_at"])
    data = {
        "card": card_data(_reloaded(kept)),
        "merged_id": merged.pk,
        "links": [link_data(link) for link in _links_of(kept)],
        "removed_links": removed_links,
        "moved_comments": undo["comments"],
    }
    return Change(emit(board, "card.merged", data), kept.pk)


@transaction.atomic
def unmerge_card(user, board_id, card_id):
    """Undo the merge of card `card_id` into another card (facilitators): the card is back with its
    dots, comments, links and the texts merged into it before; the kept card loses the tags it got."""
    board, viewer = begin(user, board_id)
    check(why_not_facilitate(viewer, board))
    check(why_not_take_part(viewer, board))
    if board.cards_hidden:
        raise BoardError("wrong_phase", _("Merges cannot be undone while cards are hidden."))
    merged = Card.objects.filter(board=board, pk=card_id).select_related("merged_into").first()
    if merged is None:
        raise BoardError("not_found", _("This card does not exist."))
    kept = merged.merged_into
    if kept is None:
        raise BoardError("not_merged", _("This card is not merged into another card."))
    if kept.merged_into_id is not None:
        raise BoardError("not_merged", _("The card it was merged into was merged again: undo that merge first."))
    if kept.deleted_at is not None:
        raise BoardError("not_merged", _("The card it was merged into is deleted: restore it first."))
    entry = CardHistory.objects.filter(card=kept, source_card=merged, action=CardHistory.Action.MERGED).last()
    if entry is None or not entry.undo:
        raise BoardError("not_merged", _("This merge was made before merges could be undone."))
    undo = entry.undo
    Vote.objects.filter(pk__in=undo["votes"], card=kept).update(card=merged)
    moved_comments = list(Comment.objects.filter(pk__in=undo["comments"], card=kept).values_list("pk", flat=True))
    Comment.objects.filter(pk__in=moved_comments).update(card=merged)
    CardHistory.objects.filter(pk__in=undo["history"], card=kept).update(card=merged)
    for link in undo["relinked"]:  # links deleted since stay deleted
        CardLink.objects.filter(pk=link["id"]).update(from_card_id=link["from"], to_card_id=link["to"])
    kept.tags.remove(*undo["tags"])
    entry.delete()
    merged.merged_into = None
    merged.deleted_at = None
    merged.version += 1
    merged.save(update_fields=["merged_into", "deleted_at", "version", "updated_at"])
    _relink(board, undo["removed_links"])
    kept.version += 1
    kept.save(update_fields=["version", "updated_at"])
    data = {
        "card": card_data(_reloaded(kept)),
        "restored": card_data(_reloaded(merged)),
        "links": [link_data(link) for link in CardLink.objects.filter(
            Q(from_card__in=(kept, merged)) | Q(to_card__in=(kept, merged))).order_by("pk")],
        "moved_comments": moved_comments,
    }
    return Change(emit(board, "card.unmerged", data), merged.pk)


def _relink(board, removed_links):
    """Make again the links a merge removed, where both cards are on the board and the link still fits."""
    for link in removed_links:
        ends = Card.objects.filter(board=board, pk__in=(link["from"], link["to"])).live().in_bulk()
        source, target = ends.get(link["from"]), ends.get(link["to"])
        if source is None or target is None or CardLink.relation_for(source.kind, target.kind) != link["relation"]:
            continue
        if CardLink.objects.filter(Q(from_card=source, to_card=target) | Q(from_card=target, to_card=source)).exists():
            continue
        CardLink.objects.create(from_card=source, to_card=target, relation=link["relation"], created_by_id=link["by"])


def _reloaded(card):
    """The card as it is now, with what card_data reads."""
    return with_card_data(Card.objects.filter(pk=card.pk)).get()


def _new_card_data(card, tags):
    """card_data for a card created in this transaction: no votes, no history, these tags — no queries."""
    card.vote_count = card.proxy_vote_count = 0
    card._prefetched_objects_cache = {"tags": tags, "history": [], "same_topic_links": []}
    return card_data(card)


def _links_of(card):
    """The links from and to this card."""
    return CardLink.objects.filter(Q(from_card=card) | Q(to_card=card))
