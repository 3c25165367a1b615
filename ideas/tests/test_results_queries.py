"""The public results page of a board takes the same number of queries for 3 cards as for 30.

The count is measured with the public page cache off (the default in tests), so it is
what a first anonymous visitor, or any signed-in one, costs.
"""
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ideas.board import operations as ops
from ideas.models import Board
from ideas.tests.conftest import make_board_world

# The whole page for the public: an upper bound, so that an added list (concept papers from the board)
# shows here; the real assertion is that the count does not grow with the board.
MAX_RESULTS_QUERIES = 5  # 3. 12. 2026: the board, its seq, the papers from it, the breadcrumbs; the material kept
MAX_CHART_QUERIES = 2  # the board and its seq; the material kept (ideas/board/public_reading.py)


@pytest.fixture
def closed_public_board(db):
    """closed_public_board(n): a closed, public board of n cards by two members (clusters, links, comments, dots)."""
    world = make_board_world(visibility=Board.Visibility.PUBLIC)
    boards = iter([world.board])

    def make(cards):
        board = next(boards, None) or Board.objects.create(
            workshop=world.workshop, title=f"Board mit {cards} Karten", visibility=Board.Visibility.PUBLIC)
        return fill(world, board, cards)

    return make


def fill(world, board, cards):
    alice, bob, mona = world.users.alice, world.users.bob, world.users.facilitator
    kinds = ["need", "gap", "draft"]
    ids = [ops.create_card((alice, bob)[i % 2], board.pk, client_id=uuid.uuid4(), kind=kinds[i % 3],
                           text=f"Karte {i}").id for i in range(cards)]
    clusters = [ops.create_cluster(mona, board.pk, title=f"Gruppe {i}").id for i in range(max(1, cards // 10))]
    for i, card in enumerate(ids):
        ops.assign_cluster(mona, board.pk, card, cluster=clusters[i % len(clusters)])
        if i % 3 == 1:
            ops.link_cards(bob, board.pk, card, to_card=ids[i - 1], relation="answers")
        if i % 4 == 0:
            ops.add_comment(bob, board.pk, card, text="Auch bei uns")
    ops.set_phase(mona, board.pk, phase=Board.Phase.VOTE)
    for card in ids[:5]:
        ops.cast_vote(bob, board.pk, card)
    ops.set_phase(mona, board.pk, phase=Board.Phase.CLOSED)
    return board


def results_queries(board):
    url = f"/boards/{board.pk}/results/"
    client = Client()
    assert client.get(url).status_code == 200  # warm Wagtail's per-site caches and the site settings
    # The first view of a site creates its settings row, which clears the cached navigation: warm it again.
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and "Karte 2" in response.content.decode()
    return len(queries)


def test_the_public_results_page_takes_as_many_queries_for_30_cards_as_for_3(closed_public_board):
    small = results_queries(closed_public_board(3))
    large = results_queries(closed_public_board(30))
    assert small == large
    assert large <= MAX_RESULTS_QUERIES, large


def test_the_results_chart_takes_as_many_queries_for_30_cards_as_for_3(closed_public_board):
    def chart_queries(board):
        url = f"/boards/{board.pk}/results/clusters.svg"
        client = Client()
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = chart_queries(closed_public_board(3))
    large = chart_queries(closed_public_board(30))
    assert small == large
    assert large <= MAX_CHART_QUERIES, large
