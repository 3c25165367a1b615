"""Every change to a board, one function each: `from ideas.board import operations as ops`.

Each operation is one database transaction: lock the board row → check who may
(rules.py) → validate (validation.py) → write → append one event with the
board's next seq and broadcast it after commit (events.py). It returns a Change
or raises BoardError, and nothing is written then. The WebSocket consumer, the
HTTP views, the admin and the demo content all change boards only through these.
"""
from ideas.board.errors import BoardError
from ideas.board.operations.cards import (
    EDITABLE_FIELDS, create_card, delete_card, edit_card, merge_cards, move_card, restore_card, unmerge_card,
)
from ideas.board.operations.clusters import (
    assign_cluster, create_cluster, delete_cluster, link_cards, move_cluster, rename_cluster, unlink_cards,
)
from ideas.board.operations.comments import add_comment
from ideas.board.operations.common import Change
from ideas.board.operations.facilitation import (
    CONFIGURABLE_FIELDS, configure_board, mark_done_writing, set_lock, set_phase, set_silent_collect, set_timer,
)
from ideas.board.operations.guests import (
    board_for_code, end_guest_access, forget_guests, join_as_guest, open_guest_access, remove_guest,
)
from ideas.board.operations.same_topic import mark_same_topic, unmark_same_topic
from ideas.board.operations.votes import cast_vote, retract_vote, votes_used

__all__ = [
    "BoardError", "Change",
    # cards
    "create_card", "edit_card", "delete_card", "restore_card", "move_card", "merge_cards", "unmerge_card",
    "EDITABLE_FIELDS",
    # clusters and links
    "create_cluster", "rename_cluster", "move_cluster", "delete_cluster", "assign_cluster", "link_cards", "unlink_cards",
    # comments
    "add_comment",
    # same topic as a card of an earlier board
    "mark_same_topic", "unmark_same_topic",
    # guests, who join one board by its code
    "open_guest_access", "end_guest_access", "join_as_guest", "remove_guest", "board_for_code", "forget_guests",
    # votes
    "cast_vote", "retract_vote", "votes_used",
    # facilitation
    "set_phase", "set_lock", "set_silent_collect", "set_timer", "configure_board", "mark_done_writing", "CONFIGURABLE_FIELDS",
]
