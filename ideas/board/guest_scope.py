"""Guests are signed in on their board only: everywhere else they are anonymous visitors.

A guest's session names their board (set when they join, guest_views.py). On any other
path, the request's user is the anonymous user: member pages send them to the login,
the admin refuses them, public pages look as they do to the public. The board socket
does not pass here; there the board's rules (rules.viewer_for) decide, as for everyone.
"""
import re

from django.contrib.auth.models import AnonymousUser

SESSION_KEY = "board_guest_of"
_ALWAYS = ("/g/", "/accounts/logout/", "/i18n/", "/static/")


def remember_guest(request, board_id):
    request.session[SESSION_KEY] = board_id


def within_their_board(path, board_id):
    return path.startswith(_ALWAYS) or re.match(rf"^/boards/{int(board_id)}/", path) is not None


class GuestScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        board_id = request.session.get(SESSION_KEY)
        if board_id is not None and not within_their_board(request.path_info, board_id):
            request.user = AnonymousUser()
        return self.get_response(request)
