"""What came of a board, over HTTP: its results page and charts, the "make a concept paper draft" button there,
and the documentation PDF of the session the boards belong to."""
from csp.decorators import csp_update
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ideas.board.charts import chart_svg
from ideas.board.errors import BoardError
from ideas.board.page_versions import public_fragment_version
from ideas.board.results import board_results, may_see_results
from ideas.board.rules import viewer_for
from ideas.board.views import readable_board
from ideas.models import Board
from ideas.outcomes.needs_map import block_chart_svg
from ideas.outcomes.papers import editor_url, papers_from, with_papers
from ideas.outcomes.promotion import may_promote, promote_cluster, promote_draft
from ideas.session_documentation import documentation_available, kept_documentation_pdf
from workshops.models import WorkshopPage


@never_cache
@require_GET
def board_results_page(request, board_id):
    """GET /boards/<id>/results/: what came out of the board, printable; for whoever may see it yet."""
    board, viewer = readable_board(request, board_id)
    if not may_see_results(board, viewer):
        raise Http404
    # Read only when the page's results part is rendered: for the public it is kept ({% keep_fragment %}).
    results = SimpleLazyObject(lambda: board_results(board, request.user, viewer=viewer))
    papers = SimpleLazyObject(lambda: papers_from(board, request.user, viewer, request))
    context = {
        "board": board, "page": board.workshop, "results": results, "papers": papers,
        "promoted": SimpleLazyObject(lambda: with_papers(results, papers)),
        # Facilitators and editors promote a cluster or a concept draft; one already promoted links to its paper.
        "may_promote": may_promote(viewer),
        "kept_version": public_fragment_version("board-results", board, request) if viewer.public else None,
    }
    return render(request, "ideas/board_results.html", context)


@never_cache
@require_GET
# pygal's SVG styles itself with a <style> element; scripts stay forbidden (none would run in an <img> anyway).
@csp_update({"style-src": ["'unsafe-inline'"]})
def board_results_chart(request, board_id, chart):
    """GET /boards/<id>/results/<chart>.svg: one of the results' bar charts, for whoever may see the results."""
    board, viewer = readable_board(request, board_id)
    if not may_see_results(board, viewer):
        raise Http404
    svg = chart_svg(board_results(board, request.user, viewer=viewer), chart)
    if svg is None:
        raise Http404
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@require_GET
@csp_update({"style-src": ["'unsafe-inline'"]})  # pygal's <style>, as for the results' charts
def needs_map_chart(request, block):
    """GET /boards/needs-map/<block>.svg: the map of needs' chart of one building block, filtered as the map is."""
    svg = block_chart_svg(request, block)
    if svg is None:
        raise Http404
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


class PromoteForm(forms.Form):
    """What to promote: a cluster, or a concept-draft card (exactly one of them)."""

    cluster = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    card = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def clean(self):
        data = super().clean()
        if bool(data.get("cluster")) == bool(data.get("card")):
            raise forms.ValidationError(gettext_lazy("Choose one cluster or one concept draft to make a paper from."))
        return data


@require_POST
def promote(request, board_id):
    """POST /boards/<id>/promote/: make (or open) the concept paper draft of a cluster or a concept draft."""
    board = get_object_or_404(Board, pk=board_id)
    viewer = viewer_for(request.user, board)
    if viewer is None:
        raise Http404
    if not may_promote(viewer):
        raise PermissionDenied
    results_url = reverse("board_results", args=[board.pk])
    form = PromoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("This cannot be made into a concept paper."))
        return redirect(results_url)
    try:
        if form.cleaned_data["cluster"]:
            promotion = promote_cluster(request.user, board.pk, form.cleaned_data["cluster"])
        else:
            promotion = promote_draft(request.user, board.pk, form.cleaned_data["card"])
    except BoardError as error:
        messages.error(request, error.message)
        return redirect(results_url)

    paper = promotion.paper
    admin_url = editor_url(request.user, paper)
    if not promotion.created:
        messages.info(request, _("This was made into the concept paper “%(title)s” before: here it is.") % {"title": paper.title})
    elif admin_url:
        messages.success(request, _(
            "The concept paper draft “%(title)s” has been made from the board. Work it out, then submit it to the "
            "core group's review."
        ) % {"title": paper.title})
    else:
        messages.success(request, _(
            "The concept paper draft “%(title)s” has been made from the board. The editors work it out and submit it "
            "to the core group's review."
        ) % {"title": paper.title})
    return redirect(admin_url or results_url + "#results-papers")


@never_cache
@require_GET
def session_documentation_pdf(request, workshop_id):
    """GET /boards/sessions/<workshop id>/documentation.pdf: the session's documentation, for everyone once
    available; 404 before (the page not live or not public, the session not past, nothing documented)."""
    workshop = get_object_or_404(WorkshopPage.objects.live().public(), pk=workshop_id)
    if not documentation_available(workshop):
        raise Http404
    pdf = kept_documentation_pdf(workshop, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{workshop.slug}-documentation.pdf")
    return response
