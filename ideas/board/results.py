"""What came out of a board: its cards ranked by dots, clusters, need → gap → draft chains, counts.

Built from reading.snapshot, so a reader's results hold only what that reader may
see of the board (hidden cards, authors who chose "organisation only"). The
participation counts are numbers only, read from the board's records.
"""
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from base.generation_cache import generation_cached
from ideas.board.public_reading import board_key, public_snapshot
from ideas.board.reading import snapshot
from ideas.board.rules import is_published, viewer_for
from ideas.models import Board, Card, Comment, Vote
from network.models import Organisation

# From these phases on the participants see the results; the public once the board is published.
RESULT_PHASES = (Board.Phase.VOTE, Board.Phase.CLOSED)


def may_see_results(board, viewer):
    """Facilitators always; participants from the vote phase on (after a secret vote); the public once published."""
    if viewer is None:
        return False
    if viewer.facilitator:
        return True
    if viewer.participant:
        return board.phase in RESULT_PHASES and not board.votes_hidden  # a secret vote's dots wait for its end
    return is_published(board)


@dataclass(frozen=True)
class Chain:
    """A need, the service gaps that answer it and the concept drafts that address it or those gaps."""

    need: dict
    gaps: list
    drafts: list


@dataclass
class Results:
    board: Board
    ranked: list  # (kind value, kind label, [cards by dots, then position])
    clusters: list  # (cluster, total dots, [cards by dots])
    chains: list  # [Chain]
    by_building_block: list  # ("F1 title", cards)
    by_target_group: list  # (name, cards)
    totals: dict  # cards, comments, dots
    seq: int | None = None  # the snapshot's

    # Read from the board's records only when asked for: the charts do not need them. The same for every
    # reader, so kept while the board's seq stays (ideas/board/public_reading.py).
    @cached_property
    def _participation(self):
        if self.seq is None:
            people, kinds = _participation(self.board)
        else:
            people, kinds = generation_cached(
                "board-participation", board_key(self.board, self.seq), lambda: _participation(self.board)
            )
        labels = dict(Organisation.Kind.choices)
        return people, [(labels[kind], count) for kind, count in kinds]

    @property
    def people(self):
        return self._participation[0]

    @property
    def organisations_by_kind(self):
        """(kind label, organisations)"""
        return self._participation[1]


def _ranked(cards):
    return sorted(cards, key=lambda card: (-card["votes"], card["position"]))


def _chains(cards, links):
    by_id = {card["id"]: card for card in cards}
    answers, addresses = {}, {}
    for link in links:
        target = answers if link["relation"] == "answers" else addresses
        target.setdefault(link["to_card_id"], []).append(by_id[link["from_card_id"]])
    chains = []
    for need in _ranked(c for c in cards if c["kind"] == Card.Kind.NEED):
        gaps = _ranked(answers.get(need["id"], []))
        drafts = {d["id"]: d for d in addresses.get(need["id"], [])}
        for gap in gaps:
            drafts.update({d["id"]: d for d in addresses.get(gap["id"], [])})
        if gaps or drafts:
            chains.append(Chain(need, gaps, _ranked(drafts.values())))
    return chains


def _participation(board):
    """How many people took part (posted, commented or gave dots; people without a device too), and the
    organisations of the cards and comments by kind (value, count)."""
    cards = Card.objects.filter(board=board, deleted_at__isnull=True)
    people = {("user", pk) for pk in cards.filter(entered_on_behalf=False).values_list("author_id", flat=True)}
    people |= {("proxy", pk) for pk in cards.filter(entered_on_behalf=True).values_list("on_behalf_of_id", flat=True)}
    comments = Comment.objects.filter(card__board=board)
    people |= {("user", pk) for pk in comments.values_list("author_id", flat=True)}
    votes = Vote.objects.filter(board=board)
    people |= {("user", pk) for pk in votes.filter(entered_on_behalf=False).values_list("user_id", flat=True)}
    people |= {("proxy", pk) for pk in votes.filter(entered_on_behalf=True).values_list("proxy_person_id", flat=True)}
    people = {person for person in people if person[1] is not None}
    organisation_ids = set(cards.values_list("author_organisation_id", flat=True))
    organisation_ids |= set(comments.values_list("author_organisation_id", flat=True))
    kinds = Counter(Organisation.objects.filter(pk__in=organisation_ids - {None}).values_list("kind", flat=True))
    return len(people), sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))


def board_results(board, user, viewer=None):
    """The board's Results as this reader may see them."""
    viewer = viewer or viewer_for(user, board)
    if viewer is not None and viewer.public:
        return results_from(board, public_snapshot(board, viewer))
    return results_from(board, snapshot(board, user, viewer=viewer))


def results_from(board, state):
    """The Results of a snapshot already read for one reader (the board page has one)."""
    cards = state["cards"]
    ranked = [
        (kind, label, _ranked(c for c in cards if c["kind"] == kind)) for kind, label in Card.Kind.choices
    ]
    clusters = []
    for cluster in sorted(state["clusters"], key=lambda c: c["position"]):
        members = _ranked(c for c in cards if c["cluster_id"] == cluster["id"])
        clusters.append((cluster, sum(c["votes"] for c in members), members))
    clusters.sort(key=lambda entry: -entry[1])
    blocks = Counter((c["building_block"]["code"], c["building_block"]["title"]) for c in cards if c["building_block"])
    groups = Counter(c["target_group"]["name"] for c in cards if c["target_group"])
    return Results(
        board=board,
        ranked=ranked,
        clusters=clusters,
        chains=_chains(cards, state["links"]),
        by_building_block=[(f"{code} {title}", n) for (code, title), n in sorted(blocks.items())],
        by_target_group=sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])),
        totals={
            "cards": len(cards),
            "comments": len(state["comments"]),
            "dots": sum(c["votes"] for c in cards),
        },
        seq=state["seq"],
    )
