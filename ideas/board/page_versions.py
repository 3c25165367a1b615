"""The version a board's pages are kept under in the public page cache (home/page_cache.py).

Every event of the board renews it once committed (events.emit), so a stored page of the
board is outdated by the board's next change without a query on every visit.
"""
from base.generation_cache import renew


def board_version_part(board_id):
    return f"board:{board_id}"


def renew_board_pages(board_id):
    renew(board_version_part(board_id))
