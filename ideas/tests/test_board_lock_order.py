"""Row locks of the board's writers never deadlock one another (PostgreSQL; SQLite has no row locks).

Connecting (presence.open_connection) locks the user's row, posting (create_card)
the board's row; each then inserts a row with foreign keys to both. This checks
that the same user connecting while posting, many times at once, always gets
through: a deadlock would drop the socket or lose the card.
"""
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from ideas.board import operations as ops
from ideas.board import presence
from ideas.models import BoardConnection, Card
from ideas.tests.conftest import make_board_world

ROUNDS = 40


@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="SQLite has no row locks, so it cannot deadlock; run with DATABASE_URL=postgres://…",
)
@pytest.mark.django_db(transaction=True)
def test_the_same_user_connecting_while_posting_never_deadlocks(settings):
    settings.BOARD_MAX_CONNECTIONS_PER_USER = 10 * ROUNDS
    world = make_board_world()
    alice, board_id = world.users.alice, world.board.pk
    start = threading.Barrier(4)

    def connect(index):
        start.wait(timeout=20)
        try:
            return presence.open_connection(alice, board_id, f"specific.test!{uuid.uuid4().hex}").close_code
        except Exception as error:  # noqa: BLE001 - a deadlock is what we look for
            return repr(error)
        finally:
            connection.close()

    def post(index):
        start.wait(timeout=20)
        try:
            ops.create_card(alice, board_id, client_id=uuid.uuid4(), kind="need", text=f"Karte {index}")
            return None
        except Exception as error:  # noqa: BLE001
            return repr(error)
        finally:
            connection.close()

    failures = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        for round_ in range(ROUNDS):
            calls = [pool.submit(connect, round_), pool.submit(post, round_),
                     pool.submit(connect, round_), pool.submit(post, -round_)]
            failures += [result for result in (call.result() for call in calls) if result is not None]
    assert failures == []
    assert BoardConnection.objects.filter(board_id=board_id, user=alice).count() == 2 * ROUNDS
    assert Card.objects.filter(board_id=board_id).count() == 2 * ROUNDS
