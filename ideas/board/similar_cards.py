"""Cards of earlier boards like the one being typed: "already raised at the kick-off: …" (issue 9).

Candidates are the live cards (need, gap, concept draft) of published boards
(rules.is_published): the mark a member may make from a suggestion is shown to
everyone who reads their card, the public too once their board is published, so
only what the public may read is offered. Suggestions show the earlier card as
the public reads it: its organisation, never a person.

Matching is rapidfuzz in the worker's memory, the same on SQLite and PostgreSQL.
Each process keeps an index of the candidates and checks with one cheap aggregate
query per suggestion whether it is still current: any change to a published
board's cards, title or phase is an event, which raises the board's last_seq; a
board published or reopened joins or leaves the set; a renamed workshop is published.
"""
import threading
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process, utils

from ideas.board.errors import BoardError
from ideas.board.validation import TEXT_MAX_LENGTH, check_storable
from ideas.models import Board, Card

LIMIT = 3
# Fewer characters (after lower-casing and dropping punctuation) match too much to help.
MIN_QUERY_LENGTH = 5
# Scores are 0–100: the mean of WRatio (catches a short text inside a longer one) and
# token_set_ratio (the same words in another order); below this, a card is not offered.
SCORE_CUTOFF = 62
# A card whose WRatio is below this is not offered, whatever its token_set_ratio.
_FIRST_CUTOFF = 55
# WRatio is costly, so it is computed in batches (rapidfuzz's loop, not Python's) and only
# for cards that could still make the best `limit`.
_WRATIO_BATCH = 32
# Scores are floats: a bound is loosened by this so rounding never drops a card that ties.
_SLACK = 1e-6
_PUBLISHED = Q(visibility=Board.Visibility.PUBLIC, phase=Board.Phase.CLOSED)


@dataclass(frozen=True)
class Candidate:
    """A card of a published board, as a suggestion shows it (the public's view: no person)."""

    id: int
    board_id: int
    kind: str
    text: str
    organisation: str | None
    board_title: str
    workshop_title: str
    workshop_date: date
    url: str


@dataclass(frozen=True)
class Index:
    key: tuple
    candidates: tuple  # Candidate
    texts: tuple  # rapidfuzz's processed text of each candidate


def clean_query(text):
    """The text being typed, checked as a card's text is; raises BoardError (invalid_field, too_long)."""
    if not isinstance(text, str):
        raise BoardError("invalid_field", _("The field “%(field)s” has a wrong value.") % {"field": "text"})
    check_storable(text, "text")
    if len(text) > TEXT_MAX_LENGTH:
        raise BoardError(
            "too_long", _("The text is %(length)d characters long; at most %(max)d are allowed.")
            % {"length": len(text), "max": TEXT_MAX_LENGTH},
        )
    return text


def freshness_key():
    """What changes whenever the candidates do: one aggregate query over the published boards."""
    found = Board.objects.filter(_PUBLISHED).aggregate(
        boards=Count("pk"), ids=Sum("pk"), seqs=Sum("last_seq"), pages=Max("workshop__last_published_at"),
    )
    return (found["boards"], found["ids"], found["seqs"], found["pages"])


def _read_candidates():
    cards = (
        Card.objects.live().filter(board__in=Board.objects.filter(_PUBLISHED))
        .select_related("board__workshop", "author_organisation").order_by("pk")
    )
    board_url = {}
    candidates = []
    for card in cards.iterator(chunk_size=2000):
        board = card.board
        if board.pk not in board_url:
            board_url[board.pk] = reverse("board_page", args=[board.pk])
        candidates.append(Candidate(
            id=card.pk, board_id=board.pk, kind=card.kind, text=card.text,
            organisation=card.author_organisation.name if card.author_organisation else None,
            board_title=board.title, workshop_title=board.workshop.title,
            workshop_date=timezone.localdate(board.workshop.start), url=f"{board_url[board.pk]}#card-{card.pk}",
        ))
    return candidates


class CandidateIndex:
    """This process's index of candidate cards, rebuilt when freshness_key says it is out of date."""

    _lock = threading.Lock()
    _current = None

    @classmethod
    def current(cls):
        key = freshness_key()
        index = cls._current
        if index is not None and index.key == key:
            return index
        with cls._lock:
            if cls._current is None or cls._current.key != key:
                candidates = _read_candidates()
                cls._current = Index(
                    key=key, candidates=tuple(candidates),
                    texts=tuple(utils.default_process(candidate.text) for candidate in candidates),
                )
            return cls._current

    @classmethod
    def forget(cls):
        cls._current = None


def similar_cards(text, board, *, limit=LIMIT):
    """Up to `limit` candidates like `text`, best first, never of `board` itself; [] for a text too short."""
    query = utils.default_process(clean_query(text))
    if len(query) < MIN_QUERY_LENGTH or limit < 1:
        return []
    index = CandidateIndex.current()
    best = _best_scored(query, index, exclude_board_id=board.pk, limit=limit)
    return [(candidate, round(-score)) for score, _id, candidate in best]


def _wratio_bound(query_length, text_length):
    """The highest WRatio two texts of these lengths can have (rapidfuzz 3's weighting).

    WRatio is the plain ratio, or a token ratio scaled by 0.95, when the lengths differ by less
    than 1.5 times; else at most 0.9 × a partial ratio (the plain ratio is then ≤ 80), and when
    they differ by more than 8 times at most 0.6 × one (the plain ratio ≤ 22).
    """
    length_ratio = max(query_length, text_length) / min(query_length, text_length)
    if length_ratio < 1.5:
        return 100.0
    return 90.0 if length_ratio <= 8.0 else 60.0


def _best_scored(query, index, *, exclude_board_id, limit):
    """The best `limit` as sorted (-score, id, candidate), exactly as scoring every candidate would give.

    token_set_ratio, the cheaper score, is computed for all candidates, best first; WRatio only
    while a candidate's bound (its token_set_ratio with the highest WRatio its length allows)
    still reaches the `limit`-th score found so far. On cards much like the text the best are
    found among the first few dozen; the rest is left unscored.
    """
    best = []
    pending = []  # (text, token_set_ratio, position) waiting for their WRatio

    def floor():
        """The score a candidate must reach (a tie included) to be among the best."""
        return (-best[-1][0] if len(best) == limit else SCORE_CUTOFF) - _SLACK

    def score_pending():
        # Below this WRatio no pending candidate reaches the floor, so rapidfuzz may stop early.
        cutoff = max(_FIRST_CUTOFF, 2 * floor() - max(token_set for _text, token_set, _position in pending))
        for _text, wratio, batch_position in process.extract(
            query, [text for text, _token_set, _position in pending], scorer=fuzz.WRatio, processor=None,
            limit=None, score_cutoff=cutoff,
        ):
            _text, token_set, position = pending[batch_position]
            score = (wratio + token_set) / 2
            if score >= SCORE_CUTOFF:
                candidate = index.candidates[position]
                best.append((-score, candidate.id, candidate))
        best.sort(key=lambda scored: scored[:2])
        del best[limit:]
        pending.clear()

    query_length = len(query)
    for text, token_set, position in process.extract(
        query, index.texts, scorer=fuzz.token_set_ratio, processor=None, limit=None,
        score_cutoff=2 * SCORE_CUTOFF - 100,
    ):
        if (token_set + 100) / 2 < floor():
            break  # sorted by token_set_ratio: no later candidate can reach the best either
        if index.candidates[position].board_id == exclude_board_id:
            continue
        if (token_set + _wratio_bound(query_length, len(text))) / 2 < floor():
            continue
        pending.append((text, token_set, position))
        if len(pending) == _WRATIO_BATCH:
            score_pending()
    if pending:
        score_pending()
    return best


def suggestion_data(candidate, score):
    """A suggestion as the browser gets it."""
    return {
        "id": candidate.id,
        "kind": candidate.kind,
        "kind_label": str(Card.Kind(candidate.kind).label),
        "text": candidate.text,
        "organisation": candidate.organisation,
        "board": {"id": candidate.board_id, "title": candidate.board_title},
        "workshop": {"title": candidate.workshop_title, "date": candidate.workshop_date.isoformat()},
        "url": candidate.url,
        "score": score,
    }
