"""While the channel layer (Redis) is down, a worker reads its boards' event logs itself.

Every change is stored in the board's event log before it is broadcast
(events.py), so nothing is lost when the broadcast fails; what is missing is
the relay. A socket that finds the layer unreachable follows its board's log
instead: one LogFollower per board and worker reads the events after the last
one it saw every BOARD_LOG_FOLLOW_SECONDS (one query, whatever the number of
sockets) and hands them to each following socket, which treats them as if
they had come through the layer (seq order, gaps filled from the log). Once
the layer answers again, the sockets join their group afresh (a restarted
Redis has forgotten the groups) and stop following; the last socket to stop
ends the follower.
"""
import asyncio
import logging

from channels.db import database_sync_to_async
from django.conf import settings

from ideas.models import Board, BoardEvent

logger = logging.getLogger(__name__)


def events_after(board_id, seq):
    """The board's stored events after `seq` as the layer would carry them, and the board's last seq."""
    last_seq = Board.objects.filter(pk=board_id).values_list("last_seq", flat=True).first()
    if last_seq is None or seq is None or last_seq <= seq:
        return [], last_seq
    rows = BoardEvent.objects.filter(board_id=board_id, seq__gt=max(seq, last_seq - settings.BOARD_RESUMABLE_EVENTS))
    return [{"seq": e.seq, "name": e.name, "data": e.data} for e in rows.order_by("seq")], last_seq


class LogFollower:
    """Reads one board's new events for the sockets of this worker that follow it."""

    _followers = {}  # (event loop, board id) -> LogFollower

    @classmethod
    def follow(cls, board_id):
        """A queue of {"type": "board.event", ...} messages for one socket; give it back with unfollow."""
        loop = asyncio.get_running_loop()
        follower = cls._followers.get((loop, board_id))
        if follower is None or follower.task.done():
            follower = cls._followers[(loop, board_id)] = cls(board_id, loop)
            logger.warning("Channel layer unreachable: board %s follows its event log on this worker", board_id)
        queue = asyncio.Queue()
        follower.queues.add(queue)
        return queue

    @classmethod
    def unfollow(cls, board_id, queue):
        follower = cls._followers.get((asyncio.get_running_loop(), board_id))
        if follower is not None:
            follower.queues.discard(queue)

    @classmethod
    def following(cls, board_id):
        """How many sockets of this worker follow the board's log now."""
        follower = cls._followers.get((asyncio.get_running_loop(), board_id))
        return len(follower.queues) if follower and not follower.task.done() else 0

    def __init__(self, board_id, loop):
        self.board_id, self.loop = board_id, loop
        self.queues = set()
        self.task = loop.create_task(self._run(), name=f"board {board_id} log follower")

    async def _run(self):
        seq = None  # the first read only learns where the log is; each socket filled its state itself
        try:
            while True:
                await asyncio.sleep(0 if seq is None else settings.BOARD_LOG_FOLLOW_SECONDS)
                if not self.queues:
                    return
                try:
                    events, last_seq = await database_sync_to_async(events_after)(self.board_id, seq)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    logger.exception("Following the event log of board %s failed", self.board_id)
                    continue
                for event in events:
                    for queue in self.queues:
                        queue.put_nowait({"type": "board.event", "event": event})
                seq = last_seq if last_seq is not None else seq
        finally:
            if self._followers.get((self.loop, self.board_id)) is self:
                del self._followers[(self.loop, self.board_id)]
                logger.warning("Board %s no longer follows its event log on this worker", self.board_id)
