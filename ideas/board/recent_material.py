"""A worker's most recent material of each board, reused while the board's seq has not moved.

When a worker restarts, or a room arrives, hundreds of sockets connect to one
board within seconds, each asking for a snapshot. They all get the same board,
so the worker reads it once (reading.read_material) and shapes it for each
reader (reading.snapshot_for); the next change (a new seq) makes it read again.
What changes without an event (an account's name edited in the admin) shows
up after at most BOARD_SNAPSHOT_REUSE_SECONDS. Only the sockets' snapshots use
this; pages and exports read the board afresh.
"""
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings

from ideas.board.reading import BoardMaterial, read_material

# A snapshot's material is a few hundred kilobytes at most; a worker keeps that of its busiest boards.
KEPT_BOARDS = 16


@dataclass(frozen=True)
class _Kept:
    # The material knows its board's seq and creation time: a board made anew with an old id is not it.
    material: BoardMaterial
    read_at: float


_kept = OrderedDict()  # board id -> _Kept, least recently used first
_lock = threading.Lock()


def material_of(board):
    """The board's material at `board`'s seq (a row just read): the kept one if still current, else read now."""
    board_id, seq, created_at = board.pk, board.last_seq, board.created_at
    with _lock:
        kept = _kept.get(board_id)
        current = kept and (kept.material.seq, kept.material.board.created_at) == (seq, created_at)
        if current and time.monotonic() - kept.read_at < settings.BOARD_SNAPSHOT_REUSE_SECONDS:
            _kept.move_to_end(board_id)
            return kept.material
    material = read_material(board)
    with _lock:
        _kept[board_id] = _Kept(material, time.monotonic())
        _kept.move_to_end(board_id)
        while len(_kept) > KEPT_BOARDS:
            _kept.popitem(last=False)
    return material

