"""A session's documentation as a PDF (WeasyPrint), built from the same data as the boards' results pages.

Who gets it, and when: anyone, once the session's page is live and public and
the session is past (and something is documented: minutes, attendees,
attending organisations or a published board); otherwise 404. Everyone gets the
same document, the public's: each board is included only once it is published
(rules.is_published) and is read as a public reader (`Viewer(user_id=None)`), so
it holds no person's name, not even for a facilitator asking for it; the
session's facilitators are not named either. It is made once (the demo kick-off's
in well under two seconds, docs/operations.md) and kept in the cache until one of
the session's boards or the page cache's generation changes (kept_documentation_pdf),
for the view in ideas/outcomes/views.py.

Also the ideas app's source for the prefill of a session's attending
organisations (workshops/attendance.py): the organisations on the cards and
comments of the session's boards.
"""
import base64
import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from base.generation_cache import generation_cached
from ideas.board.charts import chart_rows, chart_svg
from ideas.board.results import board_results
from ideas.board.rules import Viewer, is_published
from ideas.models import Card, ConceptPaperPage, Comment
from workshops.models import WorkshopPage

STYLESHEET = Path(__file__).with_name("session_documentation.css")
PUBLIC = Viewer(user_id=None)

# The charts' alternative texts: the figures are in the lists and tables beside them in the PDF too.
CHART_ALT = {
    "clusters": gettext_noop("Bar chart of the dots per cluster. The figures are with the clusters below."),
    "building-blocks": gettext_noop("Bar chart of the cards by building block. The figures are in the table below."),
    "target-groups": gettext_noop("Bar chart of the cards by target group. The figures are in the table below."),
}


def board_organisation_ids(workshop):
    """The organisations on the cards (deleted ones aside) and comments of the session's boards."""
    cards = Card.objects.filter(board__workshop=workshop, deleted_at__isnull=True)
    ids = set(cards.values_list("author_organisation_id", flat=True))
    ids |= set(
        Comment.objects.filter(card__in=cards).values_list("author_organisation_id", flat=True)
    )
    return ids - {None}


def published_boards(workshop):
    return [board for board in workshop.boards.all() if is_published(board)]


def session_papers(workshop):
    """The live, public concept papers that came out of the session (they name it as a related workshop)."""
    if workshop.pk is None:
        return ConceptPaperPage.objects.none()
    return (
        ConceptPaperPage.objects.live().public().filter(related_workshops=workshop)
        .order_by("-first_published_at")
    )


def documentation_available(workshop):
    """Whether the session's PDF may be had: a live, public page of a past session with something documented."""
    if workshop.pk is None or not workshop.is_past:
        return False
    if not WorkshopPage.objects.live().public().filter(pk=workshop.pk).exists():
        return False
    documented = workshop.outcome or workshop.participant_count or workshop.attending_organisations.exists()
    return bool(documented) or bool(published_boards(workshop))


def _data_uri(svg):
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@dataclass
class BoardDocumentation:
    board: object
    results: object
    charts: dict = field(default_factory=dict)  # clusters, building_blocks, target_groups -> (title, data URI, alt)


def board_documentation(board):
    """One published board as the public reads it: its results and their charts as embedded SVG images."""
    results = board_results(board, AnonymousUser(), viewer=PUBLIC)
    charts = {
        name.replace("-", "_"): (title, _data_uri(chart_svg(results, name)), _(CHART_ALT[name]))
        for name, (title, _rows) in chart_rows(results).items()
    }
    return BoardDocumentation(board=board, results=results, charts=charts)


def documentation_context(workshop):
    return {
        "page": workshop,
        "organisations_by_kind": workshop.attending_organisations_by_kind(),
        "organisation_count": workshop.attending_organisations.count(),
        "boards": [board_documentation(board) for board in published_boards(workshop)],
        "papers": list(session_papers(workshop)),
        "made_at": timezone.localtime(),
    }


def local_fetcher():
    """What the PDF may load: images embedded as data: URIs and the site's own media files, read from storage.

    Nothing goes over the network (no request from the server to itself or elsewhere); anything else is left out.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = unquote(urlsplit(url).path)
            if settings.MEDIA_URL and path.startswith(settings.MEDIA_URL):
                with default_storage.open(path[len(settings.MEDIA_URL):]) as media:
                    return URLFetcherResponse(url, media.read())
            raise ValueError(f"not loaded into the PDF: {url}")

    return LocalFetcher()


def documentation_pdf(workshop, base_url):
    """The PDF's bytes; links in the minutes resolve against base_url (the site's address)."""
    from weasyprint import CSS, HTML  # loaded on first use: it needs Pango (docs/operations.md)

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # not a line per page in the server's log

    html = render_to_string("ideas/session_documentation.html", documentation_context(workshop))
    document = HTML(string=html, base_url=base_url, url_fetcher=local_fetcher())
    return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])


def kept_documentation_pdf(workshop, base_url):
    """documentation_pdf, made once and kept while nothing it shows changes: the session's boards' seqs
    (every change of their cards) and the page cache's generation (the pages, the boards' rows, the
    organisations). Making it takes WeasyPrint more than a second; a room's worth of downloads should not."""
    seqs = repr(list(workshop.boards.order_by("pk").values_list("pk", "last_seq")))
    parts = [str(workshop.pk), seqs, translation.get_language() or "", base_url]
    return generation_cached("session-documentation-pdf", parts, lambda: documentation_pdf(workshop, base_url))


def documentation_url(workshop):
    """The PDF's address, or "" when it may not be had (see documentation_available)."""
    if not documentation_available(workshop):
        return ""
    return reverse("session_documentation_pdf", args=[workshop.pk])
