"""A board as the public reads it on its pages, kept in the cache while the board's seq stays.

Reading a board's material costs a dozen queries (reading.read_material) and the results'
participation counts eight more; for the public both are the same for every reader. They
are kept (base/generation_cache.generation_cached) under the board's id, last_seq and creation
time — every change of its cards, comments, dots, links and clusters moves the seq — and
under the page cache's generation, which changes with what the material also shows and no
event of the board reports: the board row itself, organisations, building blocks, target
groups and tags (home/page_cache.WATCHED_*). Names of people are never shown to the public,
so a renamed account does not matter here; participants and facilitators (who see names)
read the board afresh, as before.
"""
from dataclasses import fields, replace

from base.generation_cache import generation_cached
from ideas.board.reading import BoardMaterial, read_material, snapshot_for
from ideas.models import Board

# Part of the key: material kept by a release with other fields is not read by this one.
_MATERIAL_SHAPE = ",".join(field.name for field in fields(BoardMaterial))


def board_key(board, seq):
    return [str(board.pk), str(seq), board.created_at.isoformat()]


def public_snapshot(board, viewer):
    """reading.snapshot for a public reader (not taking part), from the kept material when the seq has not moved."""
    assert viewer.public
    board = Board.objects.get(pk=board.pk)  # the seq now, as reading.snapshot reads it
    material = generation_cached(
        "board-material", [*board_key(board, board.last_seq), _MATERIAL_SHAPE], lambda: read_material(board)
    )
    # The row just read, not the kept one: the same seq, and nothing older of the board's own fields.
    return snapshot_for(viewer, replace(material, board=board))
