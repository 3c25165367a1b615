"""Joining a board as a guest: /g/ (type the code) and /g/<code>/ (from the QR code), and the QR code itself.

Wrong codes are limited per address (BOARD_GUEST_WRONG_CODES_RATE; right ones never count,
so a room behind one router joins freely) and joins per board (BOARD_GUEST_JOINS_PER_BOARD_RATE).
"""
import io

import segno
from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import get_usage, is_ratelimited

from ideas.board import guest_codes
from ideas.board import operations as ops
from ideas.board.forms import GuestJoinForm
from ideas.board.guest_scope import remember_guest
from ideas.board.rules import viewer_for
from ideas.models import Board

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
WRONG_CODES = "board-guest-wrong-code"  # the rate limit's group


def _too_many_wrong_codes(request):
    """This address has used up its wrong codes for now."""
    usage = get_usage(request, group=WRONG_CODES, key="ip", rate=settings.BOARD_GUEST_WRONG_CODES_RATE, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def _count_wrong_code(request):
    get_usage(request, group=WRONG_CODES, key="ip", rate=settings.BOARD_GUEST_WRONG_CODES_RATE, increment=True)


def _too_many_joins(request, board):
    return is_ratelimited(
        request, group=f"board-guest-joins-{board.pk}", key=lambda group, request: "board",
        rate=settings.BOARD_GUEST_JOINS_PER_BOARD_RATE, increment=True,
    )


def _page(request, form, board, status=200):
    context = {"form": form, "board": board, "retention_days": settings.BOARD_GUEST_RETENTION_DAYS}
    return render(request, "ideas/guest_join.html", context, status=status)


def _wrong_code(request, form):
    """A code that opens no board: counted against this address, and said at the field."""
    _count_wrong_code(request)
    form.is_valid()
    form.add_error("code", _("This code does not open a board. Please check it, or ask the facilitator."))
    return _page(request, form, None, status=404 if request.method == "GET" else 400)


def _waiting(request, form):
    """This address has tried too many wrong codes: nothing is looked up until the limit's window has passed."""
    form.is_valid()
    form.add_error(None, _("Too many wrong codes from this network. Please wait a few minutes and ask the facilitator for the code."))
    return _page(request, form, None, status=429)


def _signed_in_member(request):
    """Signed in with an account of the network (not as a guest): they take part as themselves."""
    user = request.user
    return user.is_authenticated and not hasattr(user, "board_guest")


@never_cache
def guest_join(request, code=""):
    """The join form; a code (typed, or from the QR code's address) shows which board it opens."""
    if request.method == "POST":
        return _join(request, GuestJoinForm(request.POST))
    if not code:
        return _page(request, GuestJoinForm(), None)
    if _too_many_wrong_codes(request):
        return _waiting(request, GuestJoinForm({"code": code}))
    board = ops.board_for_code(code)
    if board is None:
        return _wrong_code(request, GuestJoinForm({"code": code}))
    if request.user.is_authenticated and viewer_for(request.user, board) is not None:
        return redirect("board_page", board.pk)  # a member, or a guest back again
    return _page(request, GuestJoinForm(initial={"code": guest_codes.shown(board.guest_code)}), board)


def _join(request, form):
    """Sign the guest in as a participant of the board the code opens, and open it."""
    if _too_many_wrong_codes(request):
        return _waiting(request, form)
    board = ops.board_for_code(form.data.get("code", ""))
    if board is None:
        return _wrong_code(request, form)
    if _signed_in_member(request):
        return redirect("board_page", board.pk)  # never swap a member's own login for a guest's
    if not form.is_valid():
        return _page(request, form, board, status=400)
    if _too_many_joins(request, board):
        form.add_error(None, _("Too many people are joining this board right now. Please try again in a minute."))
        return _page(request, form, board, status=429)
    picked = form.cleaned_data["organisation"]
    try:
        guest = ops.join_as_guest(
            form.cleaned_data["code"], name=form.cleaned_data["name"], organisation=picked.pk if picked else None,
            organisation_name=form.cleaned_data["organisation_name"],
        )
    except ops.BoardError as error:
        form.add_error(None, error.message)
        return _page(request, form, board, status=400)
    login(request, guest, backend=LOGIN_BACKEND)
    remember_guest(request, board.pk)
    request.session.set_expiry(settings.BOARD_GUEST_SESSION_HOURS * 3600)
    return redirect("board_page", board.pk)


@never_cache
def guest_qr_code(request, board_id):
    """The QR code of the board's join address, as SVG: for those who take part (the facilitator, the projector)."""
    board = Board.objects.filter(pk=board_id).first()
    viewer = viewer_for(request.user, board) if board else None
    if viewer is None or not viewer.participant or not board.guest_code:
        raise Http404
    address = request.build_absolute_uri(reverse("guest_join_code", args=[guest_codes.shown(board.guest_code)]))
    svg = io.BytesIO()
    segno.make(address, error="m").save(
        svg, kind="svg", scale=8, border=4, light="#fff", xmldecl=False, title=_("QR code: %(address)s") % {"address": address},
    )
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml; charset=utf-8")
