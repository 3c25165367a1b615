"""The concept papers made from a board, as one reader may see them (for the board's results page).

The public and members see the papers that are live; facilitators and editors also the
drafts, with the way to them: the paper's editor for those who may edit it in the admin.
"""
from dataclasses import dataclass

from django.urls import reverse

from ideas.board.rules import is_published
from ideas.models import PaperOrigin


@dataclass(frozen=True)
class PaperFromBoard:
    title: str
    url: str | None  # the public page, or the admin editor of a draft; None: a draft this reader cannot open
    live: bool
    cluster_id: int | None
    card_id: int | None


def editor_url(user, paper):
    """The paper's editor in the admin, for those who may edit it there; else None."""
    if user.has_perm("wagtailadmin.access_admin") and paper.permissions_for_user(user).can_edit():
        return reverse("wagtailadmin_pages:edit", args=[paper.pk])
    return None


def papers_from(board, user, viewer, request=None):
    """[PaperFromBoard] for this reader, oldest first."""
    origins = PaperOrigin.objects.filter(board=board).select_related("paper").order_by("created_at", "pk")
    papers = []
    for origin in origins:
        paper = origin.paper
        if paper.live:
            url = paper.get_url(request)
        elif viewer.facilitator:
            url = editor_url(user, paper)
        else:
            continue
        papers.append(PaperFromBoard(paper.title, url, paper.live, origin.cluster_id, origin.source_card_id))
    return papers


@dataclass(frozen=True)
class ResultsWithPapers:
    """The results' ranked cards and clusters, each with the paper made from it (None: not promoted, or not shown)."""

    ranked: list  # (kind, label, [(card, PaperFromBoard | None)])
    clusters: list  # (cluster, dots, cards, PaperFromBoard | None)


def with_papers(results, papers):
    of_cluster = {paper.cluster_id: paper for paper in papers if paper.cluster_id}
    of_card = {paper.card_id: paper for paper in papers if paper.card_id}
    return ResultsWithPapers(
        ranked=[(kind, label, [(card, of_card.get(card["id"])) for card in cards]) for kind, label, cards in results.ranked],
        clusters=[(cluster, dots, cards, of_cluster.get(cluster["id"])) for cluster, dots, cards in results.clusters],
    )


@dataclass(frozen=True)
class OriginForReaders:
    """What a concept paper's page says of its origin: "Came out of: workshop, board, N cards from M organisations"."""

    workshop_title: str
    workshop_url: str | None  # while the workshop page is live
    board_title: str
    board_url: str | None  # the board's results, once the public may read the board
    card_count: int
    organisation_count: int


def origin_for_readers(paper, request=None):
    origin = paper.origin_on_board()
    if origin is None:
        return None
    board = origin.board
    workshop = board.workshop if board else None
    return OriginForReaders(
        workshop_title=workshop.title if workshop else origin.workshop_title,
        workshop_url=workshop.get_url(request) if workshop and workshop.live else None,
        board_title=board.title if board else origin.board_title,
        board_url=reverse("board_results", args=[board.pk]) if board and is_published(board) else None,
        card_count=origin.card_count,
        organisation_count=origin.organisation_count,
    )
