"""The full data a board event stores about a card, comment, link, cluster or board.

This is what BoardEvent.data holds, unfiltered; keys starting with "_" are
internal and never leave the server. reading.py shapes it for each reader
(hidden-until-reveal, anonymity).
"""
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from ideas.models import Card, CardHistory, SameTopicLink

# What card_data reads, fetched with the card.
CARD_RELATIONS = ("author", "author_organisation", "building_block", "target_group")


def merge_history():
    """The merge entries of cards, with the merged cards' authors (card_data's merged_from and merged_texts)."""
    return Prefetch("history", queryset=CardHistory.objects.filter(action=CardHistory.Action.MERGED).select_related(
        "source_card__author", "source_card__author_organisation"))


def same_topic_links():
    """A card's same-topic links to live cards of earlier boards, with what same_topic_data reads."""
    return Prefetch("same_topic_links", queryset=SameTopicLink.objects.filter(
        earlier_card__deleted_at__isnull=True, earlier_card__merged_into__isnull=True,
    ).select_related("earlier_card__board__workshop").order_by("pk"))


def with_card_data(cards):
    """A Card queryset with everything card_data reads: relations, tags, dot counts, merge history, same topics."""
    return (
        cards.select_related(*CARD_RELATIONS)
        .prefetch_related("tags", merge_history(), same_topic_links())
        .annotate(
            vote_count=Count("votes", distinct=True),
            proxy_vote_count=Count("votes", filter=Q(votes__entered_on_behalf=True), distinct=True),
        )
    )


def live_cards(board):
    """The board's live cards in board order, with everything card_data reads (tags, votes, merge history)."""
    return with_card_data(Card.objects.filter(board=board).live()).order_by("kind", "position", "id")


def iso(value):
    return value.isoformat() if value else None


def person(user):
    return {"id": user.pk, "name": user.get_full_name() or user.username}


def organisation(org):
    return {"id": org.pk, "name": org.name} if org else None


def guest_data(guest, organisation_of_guest):
    """A guest of the board, as facilitators get them (`_guest` in events, `guests` in the snapshot)."""
    return {
        "id": guest.pk,
        "user_id": guest.user_id,
        "name": guest.user.first_name,
        "organisation": organisation(organisation_of_guest),
        "joined_at": iso(guest.joined_at),
    }


def proxy_person_data(proxy_person):
    """A person without a device, as facilitators get them (`_proxy_person` in events, `proxy_people` in the snapshot)."""
    return {"id": proxy_person.pk, "name": proxy_person.name, "organisation": organisation(proxy_person.organisation)}


def _byline_data(card):
    """Who wrote a card, as card_data and merged_from carry it (reading.py hides what the reader may not see)."""
    return {
        "author": person(card.author),
        "organisation": organisation(card.author_organisation),
        "display": card.display,
        "entered_on_behalf": card.entered_on_behalf,
        "on_behalf_name": card.on_behalf_name,
        "_author_id": card.author_id,
    }


def _merged_from(card, history):
    """The cards merged into this one, each with its text and its author as they chose to be shown.

    `undoable`: merged into this very card (not into a card merged here later) and recorded, so it can be undone.
    """
    merged = []
    for entry in history:
        if entry.action != CardHistory.Action.MERGED or entry.source_card is None:
            continue
        source = entry.source_card
        merged.append({
            "id": source.pk, "text": entry.text, **_byline_data(source),
            "undoable": bool(entry.undo) and source.merged_into_id == card.pk,
        })
    return merged


def same_topic_data(link):
    """Where a card's topic came up before: the earlier card's text and kind, its board, workshop and date.

    No author: the earlier card is shown to every reader of this card, so it names nobody.
    """
    earlier = link.earlier_card
    board = earlier.board
    workshop = board.workshop
    return {
        "id": link.pk,
        "earlier_card_id": earlier.pk,
        "kind": earlier.kind,
        "text": earlier.text,
        "board": {"id": board.pk, "title": board.title},
        "workshop": {"id": workshop.pk, "title": workshop.title, "date": timezone.localdate(workshop.start).isoformat()},
        "url": f"{reverse('board_page', args=[board.pk])}#card-{earlier.pk}",
    }


def card_data(card):
    """The card as stored in events; uses prefetched tags, votes and history when present."""
    vote_count = getattr(card, "vote_count", None)
    proxy_vote_count = getattr(card, "proxy_vote_count", None)
    if "history" in getattr(card, "_prefetched_objects_cache", {}):
        history = list(card.history.all())
    else:
        history = list(merge_history().queryset.filter(card=card))
    if "same_topic_links" in getattr(card, "_prefetched_objects_cache", {}):
        same_topic = list(card.same_topic_links.all())
    else:
        same_topic = list(same_topic_links().queryset.filter(card=card))
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
        **_byline_data(card),
        "position": card.position,
        "cluster_id": card.cluster_id,
        "version": card.version,
        "votes": vote_count if vote_count is not None else card.votes.count(),
        "proxy_votes": (
            proxy_vote_count if proxy_vote_count is not None else card.votes.filter(entered_on_behalf=True).count()
        ),
        "merged_texts": [h.text for h in history if h.action == CardHistory.Action.MERGED],
        "merged_from": _merged_from(card, history),
        "same_topic": [same_topic_data(link) for link in same_topic],
        "deleted": card.deleted_at is not None,
        "created_at": iso(card.created_at),
        "updated_at": iso(card.updated_at),
    }


def comment_data(comment):
    return {
        "id": comment.pk,
        "card_id": comment.card_id,
        "text": comment.text,
        "author": person(comment.author),
        "organisation": organisation(comment.author_organisation),
        "created_at": iso(comment.created_at),
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
        "secret_vote": board.secret_vote,
        "votes_hidden": board.votes_hidden,
        "visibility": board.visibility,
        "locked": board.locked,
        "timer_ends_at": iso(board.timer_ends_at),
        "guest_code": board.guest_code,
    }
