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
# WRatio's cutoff before the second score is computed: it keeps the Python side to a handful of cards.
_FIRST_CUTOFF = 55
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
    if len(query) < MIN_QUERY_LENGTH:
        return []
    index = CandidateIndex.current()
    scored = []
    for _text, first, position in process.extract(
        query, index.texts, scorer=fuzz.WRatio, processor=None, limit=None, score_cutoff=_FIRST_CUTOFF,
    ):
        candidate = index.candidates[position]
        if candidate.board_id == board.pk:
            continue
        score = (first + fuzz.token_set_ratio(query, index.texts[position], processor=None)) / 2
        if score >= SCORE_CUTOFF:
            scored.append((-score, candidate.id, candidate))
    scored.sort()
    return [(candidate, round(-score)) for score, _id, candidate in scored[:limit]]


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
