"""What one reader receives: the snapshot, the events since a seq, and every event shaped for them.

Shaping is where hidden-until-reveal and anonymity are kept: a card hidden from
the reader becomes a stub without content, an organisation-only author is shown
to nobody but the author, public readers never get a person's name. The
stored payloads (payloads.py) are never sent as they are.
"""
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _

from ideas.board.errors import BoardError
from ideas.board.payloads import (
    board_data, card_data, cluster_data, comment_data, guest_data, link_data, live_cards, proxy_person_data,
    with_card_data,
)
from ideas.board.rules import allowed_actions, board_state, viewer_for
from ideas.models import Board, BoardEvent, BoardGuest, BoardParticipant, Card, CardLink, Comment, ProxyPerson, Vote


def _public_fields(data):
    return {key: value for key, value in data.items() if not key.startswith("_")}


def _byline_for(viewer, data):
    """A card's (or a merged card's) fields without what this reader may not see; `mine` added.

    An organisation-only author is shown to nobody but the author; public readers get no names.
    """
    shaped = _public_fields(data)
    mine = viewer.user_id is not None and data["_author_id"] == viewer.user_id
    shaped["mine"] = mine
    if viewer.public or (data["display"] == Card.Display.ORGANISATION_ONLY and not mine):
        shaped["author"] = None
        shaped["on_behalf_name"] = ""
    return shaped


def card_for(viewer, data):
    """A card as this reader may see it, and so each card merged into it: as each author chose."""
    card = _byline_for(viewer, data)
    if "merged_from" in data:
        card["merged_from"] = [_byline_for(viewer, merged) for merged in data["merged_from"]]
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
    votes_hidden = data.get("_votes_hidden") and not viewer.facilitator
    if votes_hidden and name.startswith("vote."):
        shaped.pop("votes", None)  # a secret vote: whose dots went where stays unknown until it is over
        shaped.pop("proxy_votes", None)
    if "card" in data:
        shaped["card"] = card_for(viewer, data["card"])
    if "comment" in data:
        shaped["comment"] = comment_for(viewer, data["comment"])
    if "restored" in data:
        shaped["restored"] = card_for(viewer, data["restored"])
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
    if "_proxy_person" in data and viewer.facilitator:
        # The people entered for, and how they voted, are the facilitators' to keep: like members' own dots.
        shaped["proxy_person"] = data["_proxy_person"]
        if "_proxy_person_votes" in data:
            shaped["proxy_person_votes"] = data["_proxy_person_votes"]
            shaped["proxy_person_votes_left"] = data["_proxy_person_votes_left"]
    if "_guest" in data and viewer.facilitator:
        shaped["guest"] = data["_guest"]  # who joined as a guest is the facilitators' to see, like who is online
    if "_guest_id" in data and viewer.facilitator:
        shaped["guest_id"] = data["_guest_id"]
    if name == "participant.done_writing":
        if viewer.facilitator:
            shaped["user"] = data["_user"]
        if viewer.user_id == data["_user"]["id"]:
            shaped["mine"] = True
        else:
            shaped.pop("done", None)
    if "_state" in data and viewer.participant:
        # What this reader may do from now on: the client offers exactly this.
        shaped["allowed"] = allowed_actions(viewer, board_state(**data["_state"]))
    if votes_hidden:
        for key in ("card", "restored"):
            if key in shaped:
                shaped[key] = _without_dots(shaped[key])
        if "revealed" in shaped:
            shaped["revealed"] = [_without_dots(card) for card in shaped["revealed"]]
    return {"seq": event["seq"], "name": name, "data": shaped}


def _without_dots(card):
    """A card during a secret vote, for a member: its dots unknown (null), their own are in `me`."""
    return {**card, "votes": None, "proxy_votes": None}


@dataclass(frozen=True)
class BoardMaterial:
    """Everything a snapshot is cut from, for every reader at once (snapshot_for shapes it per reader).

    Read in a fixed number of queries, whatever the reader; the stored payloads
    (payloads.py) with their internal keys, never sent as they are.
    """

    seq: int
    board: Board
    cards: list  # card_data of the live cards, in board order
    deleted_cards: list  # card_data of the deleted cards
    links: list
    comments: list  # comment_data of the comments on live cards
    clusters: list
    done_user_ids: frozenset
    own_dots: dict  # user id -> {card id: dots they gave themselves}
    proxy_people: list  # for facilitators: each person entered for, with their dots
    guests: list  # for facilitators: the guests on the board now


def read_material(board):
    """The material of `board`, a row just read: at least its seq's changes, maybe later ones too."""
    cards = [card_data(card) for card in live_cards(board)]
    live_ids = {card["id"] for card in cards}
    own_dots = {}
    for user_id, card_id, count in (
        Vote.objects.filter(board=board, entered_on_behalf=False, card_id__in=live_ids)
        .values_list("user", "card").annotate(n=Count("id")).order_by()
    ):
        own_dots.setdefault(user_id, {})[card_id] = count
    return BoardMaterial(
        seq=board.last_seq,
        board=board,
        cards=cards,
        deleted_cards=[card_data(card) for card in with_card_data(Card.objects.filter(board=board).deleted())],
        links=[
            link_data(link) for link in CardLink.objects.filter(from_card__board=board)
            if link.from_card_id in live_ids and link.to_card_id in live_ids
        ],
        comments=[
            comment_data(comment)
            for comment in Comment.objects.filter(card__in=live_ids).select_related("author", "author_organisation")
        ],
        clusters=[cluster_data(cluster) for cluster in board.clusters.all()],
        done_user_ids=frozenset(
            BoardParticipant.objects.filter(board=board, done_writing=True).values_list("user_id", flat=True)
        ),
        own_dots=own_dots,
        proxy_people=proxy_people_for_facilitators(board, live_ids),
        guests=[
            guest_data(guest, getattr(getattr(guest.user, "member_profile", None), "organisation", None))
            for guest in BoardGuest.objects.filter(board=board, removed_at__isnull=True)
            .select_related("user__member_profile__organisation")
        ],
    )


def snapshot(board, user, viewer=None):
    """The whole board as this reader may see it, with the seq it includes (at least).

    The seq is read first, so the state may already contain later changes; every
    event carries absolute state, so applying such an event again is harmless.
    """
    viewer = viewer or viewer_for(user, board)
    if viewer is None:
        raise BoardError("forbidden", _("You are not taking part in this board."))
    return snapshot_for(viewer, read_material(Board.objects.get(pk=board.pk)))


def snapshot_for(viewer, material):
    """The snapshot of `material` for one reader. Pure: no database access, and `material` is left as it was."""
    board = material.board
    if board.cards_hidden and not viewer.facilitator:
        shown = [card for card in material.cards if card["_author_id"] == viewer.user_id]
    else:
        shown = material.cards
    if viewer.facilitator:
        deleted = material.deleted_cards
    elif viewer.user_id is not None:
        deleted = [card for card in material.deleted_cards if card["_author_id"] == viewer.user_id]
    else:
        deleted = []
    shown_ids = {card["id"] for card in shown}
    state = {
        "seq": material.seq,
        "board": {
            **board_data(board),
            "hidden_cards": len(material.cards) - len(shown),
            "done_count": len(material.done_user_ids),
        },
        "cards": [
            _without_dots(card_for(viewer, card)) if board.votes_hidden and not viewer.facilitator
            else card_for(viewer, card) for card in shown
        ],
        "deleted_cards": [card_for(viewer, card) for card in deleted],
        "links": [
            link for link in material.links if link["from_card_id"] in shown_ids and link["to_card_id"] in shown_ids
        ],
        "comments": [comment_for(viewer, comment) for comment in material.comments if comment["card_id"] in shown_ids],
        "clusters": material.clusters,
        "me": None,
    }
    if viewer.user_id is not None and viewer.participant:
        my_dots = {
            card_id: count for card_id, count in material.own_dots.get(viewer.user_id, {}).items() if card_id in shown_ids
        }
        state["me"] = {
            "user_id": viewer.user_id,
            "facilitator": viewer.facilitator,
            "done_writing": viewer.user_id in material.done_user_ids,
            "my_votes": {str(card_id): count for card_id, count in my_dots.items()},
            "votes_left": board.vote_budget - sum(my_dots.values()),
            "allowed": allowed_actions(viewer, board),
        }
    if viewer.facilitator:
        state["board"]["done_users"] = sorted(material.done_user_ids)
        state["proxy_people"] = material.proxy_people
        state["guests"] = material.guests
    return state


def proxy_people_for_facilitators(board, live_ids):
    """The people entered for on this board, each with their dots per live card and the dots they have left."""
    dots = {}
    for proxy_person_id, card_id, count in (
        Vote.objects.filter(board=board, proxy_person__isnull=False, card_id__in=live_ids)
        .values_list("proxy_person", "card").annotate(n=Count("id")).order_by()
    ):
        dots.setdefault(proxy_person_id, {})[str(card_id)] = count
    return [
        {**proxy_person_data(proxy_person), "votes": dots.get(proxy_person.pk, {}),
         "votes_left": board.vote_budget - sum(dots.get(proxy_person.pk, {}).values())}
        for proxy_person in ProxyPerson.objects.filter(board=board).select_related("organisation")
    ]


def resumable(board, since):
    """Whether a client at `since` can catch up from the log of `board` (a row just read).

    Only the last BOARD_RESUMABLE_EVENTS events of a board can be resumed.
    """
    return since is not None and board.last_seq - settings.BOARD_RESUMABLE_EVENTS <= since <= board.last_seq


def logged_after(board, since):
    """The logged events after `since` up to `board`'s last_seq, as the channel layer carries them."""
    events = BoardEvent.objects.filter(board_id=board.pk, seq__gt=since, seq__lte=board.last_seq).order_by("seq")
    return [{"seq": e.seq, "name": e.name, "data": e.data} for e in events]


def events_since(board, viewer, since):
    """The events after `since` up to `board`'s last_seq (a row just read), shaped for this reader,
    or None when the client needs a snapshot.
    """
    if not resumable(board, since):
        return None
    return [event_for(viewer, event) for event in logged_after(board, since)]
