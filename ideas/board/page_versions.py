"""The version a board's pages are kept under in the public page cache (home/page_cache.py).

Every event of the board renews it once committed (events.emit), so a stored page of the
board, or a part of it kept for every public reader, is outdated by the board's next change
without a query on every visit.
"""
from django.utils import translation

from base.generation_cache import current_generation, current_version, renew


def board_version_part(board_id):
    return f"board:{board_id}"


def renew_board_pages(board_id):
    renew(board_version_part(board_id))


def public_fragment_version(name, board, request):
    """The key of a part of a board's page that is the same for every public reader ({% keep_fragment %}):
    the page generation, the board's version, the language and the host."""
    return ":".join([name, str(board.pk), str(current_generation()), str(current_version(board_version_part(board.pk))),
                     translation.get_language() or "", request.get_host()])
