"""The full data a board event stores about a card, comment, link, cluster or board.

This is what BoardEvent.data holds, unfiltered; keys starting with "_" are
internal and never leave the server. reading.py shapes it for each reader
(hidden-until-reveal, anonymity).
"""
from django.db.models import Count, Prefetch

from ideas.models import Card, CardHistory

# What card_data reads, fetched with the card.
CARD_RELATIONS = ("author", "author_organisation", "building_block", "target_group")


def live_cards(board):
    """The board's live cards in board order, with everything card_data reads (tags, votes, merge history)."""
    return (
        Card.objects.filter(board=board).live()
        .select_related(*CARD_RELATIONS)
        .prefetch_related("tags", Prefetch("history", queryset=CardHistory.objects.filter(action=CardHistory.Action.MERGED)))
        .annotate(vote_count=Count("votes", distinct=True))
        .order_by("kind", "position", "id")
    )


def iso(value):
    return value.isoformat() if value else None


def person(user):
    return {"id": user.pk, "name": user.get_full_name() or user.username}


def organisation(org):
    return {"id": org.pk, "name": org.name} if org else None


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
        "author": person(card.author),
        "organisation": organisation(card.author_organisation),
        "display": card.display,
        "entered_on_behalf": card.entered_on_behalf,
        "on_behalf_name": card.on_behalf_name,
        "position": card.position,
        "cluster_id": card.cluster_id,
        "version": card.version,
        "votes": vote_count if vote_count is not None else card.votes.count(),
        "merged_texts": [h.text for h in card.history.all() if h.action == CardHistory.Action.MERGED],
        "deleted": card.deleted_at is not None,
        "created_at": iso(card.created_at),
        "updated_at": iso(card.updated_at),
        "_author_id": card.author_id,
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
        "visibility": board.visibility,
        "locked": board.locked,
        "timer_ends_at": iso(board.timer_ends_at),
    }
