"""HTTP side of the boards: the board page (works without JavaScript), its post form, state.json and exports.

The results page and its charts are in ideas/outcomes/views.py, with the concept papers made from them.

Views stay thin: the rules live in rules.py and the operations, the page's data in page_data.py.
"""
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from ideas.board import operations as ops
from ideas.board.export import export_csv, export_markdown
from ideas.board.forms import CardForm
from ideas.board.page_data import beamer_page_context, board_page_context
from ideas.board.reading import snapshot
from ideas.board.rules import viewer_for
from ideas.board.similar_cards import similar_cards, suggestion_data
from ideas.models import Board


def readable_board(request, board_id):
    """The board and the reader's Viewer; a board the reader may not see does not exist for them."""
    board = get_object_or_404(Board.objects.select_related("workshop"), pk=board_id)
    viewer = viewer_for(request.user, board)
    if viewer is None:
        raise Http404
    return board, viewer


def for_page_readers(view):
    """A board's HTML page: the view gets the board and the reader's Viewer; a visitor who may not read it
    is sent to log in, a signed-in reader who may not is refused."""
    @wraps(view)
    def page(request, board_id):
        board = get_object_or_404(Board.objects.select_related("workshop"), pk=board_id)
        viewer = viewer_for(request.user, board)
        if viewer is None:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return view(request, board, viewer)
    return page


def _post_rate(group, request):
    return settings.BOARD_HTTP_POST_RATE


@never_cache
@require_http_methods(["GET", "POST"])
# Marks request.limited when this user posts faster than BOARD_HTTP_POST_RATE (per minute, all workers).
@ratelimit(key="user_or_ip", rate=_post_rate, method="POST", block=False)
@for_page_readers
def board_page(request, board, viewer):
    """GET /boards/<id>/: the board in three columns; POST: post a card through the plain form."""
    form = None
    if viewer.participant:
        form = CardForm(request.POST or None, facilitator=viewer.facilitator)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if request.limited:
            form.full_clean()
            form.add_error(None, _("You have posted many cards in a short time. Please wait a minute, then post again."))
            context = board_page_context(request, board, viewer, form)
            return render(request, "ideas/board_page.html", context, status=429)
        if form.is_valid():
            try:
                change = ops.create_card(request.user, board.pk, **form.operation_fields())
            except ops.BoardError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your card has been posted."))
                return redirect(reverse("board_page", args=[board.pk]) + f"#card-{change.id}")
    context = board_page_context(request, board, viewer, form)
    return render(request, "ideas/board_page.html", context, status=400 if form is not None and form.errors else 200)


@never_cache
@require_GET
@for_page_readers
def board_beamer(request, board, viewer):
    """GET /boards/<id>/beamer/: the board for the projector, live, without controls (facilitators open it)."""
    return render(request, "ideas/board_beamer.html", beamer_page_context(request, board, viewer))


@never_cache
@require_GET
def board_state(request, board_id):
    """GET /boards/<id>/state.json: the snapshot, with the same rules and shape as over the socket."""
    board, viewer = readable_board(request, board_id)
    return JsonResponse(snapshot(board, request.user, viewer=viewer), json_dumps_params={"ensure_ascii": False})


# A member typing with the browser's pause of 400 ms between asks sends about two a second at most.
SIMILAR_CARDS_RATE = "120/m"


def _json_error(code, message, status):
    return JsonResponse({"code": code, "message": message}, status=status, json_dumps_params={"ensure_ascii": False})


@never_cache
@require_GET
@ratelimit(key="user_or_ip", rate=SIMILAR_CARDS_RATE, block=False)
def board_similar_cards(request, board_id):
    """GET /boards/<id>/similar.json?text=…: cards of earlier, published boards like the text being typed.

    For those who take part in the board (they write the cards); see ideas/board/similar_cards.py.
    """
    board, viewer = readable_board(request, board_id)
    if not viewer.participant:
        return _json_error("forbidden", _("You are not taking part in this board."), 403)
    if request.limited:
        return _json_error("rate_limited", _("Too many messages; please slow down."), 429)
    try:
        found = similar_cards(request.GET.get("text", ""), board)
    except ops.BoardError as error:
        return _json_error(error.code, error.message, 400)
    suggestions = [suggestion_data(candidate, score) for candidate, score in found]
    return JsonResponse({"suggestions": suggestions}, json_dumps_params={"ensure_ascii": False})


def _download(content, board, extension, content_type):
    response = HttpResponse(content, content_type=content_type)
    filename = f"{slugify(board.title) or 'board'}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_GET
def board_export_csv(request, board_id):
    """The visible cards as CSV for German Excel (UTF-8 with BOM, semicolons)."""
    board, _viewer = readable_board(request, board_id)
    return _download(export_csv(board, request.user), board, "csv", "text/csv; charset=utf-8")


@never_cache
@require_GET
def board_export_markdown(request, board_id):
    board, _viewer = readable_board(request, board_id)
    return _download(export_markdown(board, request.user), board, "md", "text/markdown; charset=utf-8")
