"""A board as the public reads it is kept while its seq stays (ideas/board/public_reading.py), and follows every change."""
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.board import operations as ops
from ideas.board.results import board_results as results_for
from ideas.board.rules import Viewer
from ideas.models import Board
from ideas.tests.conftest import make_board_world
from network.models import Organisation


@pytest.fixture
def world(db):
    world = make_board_world(visibility=Board.Visibility.PUBLIC)
    ops.create_card(world.users.alice, world.board.pk, client_id=uuid.uuid4(), kind="need", text="Sprachkurse am Abend")
    return world


def board_results(board, user):
    """The results as the public reads them (as the session documentation does, whatever the board's phase)."""
    return results_for(board, user, viewer=Viewer(user_id=None) if not user.is_authenticated else None)


def texts(results):
    return sorted(card["text"] for _kind, _label, cards in results.ranked for card in cards)


def test_the_public_reading_is_kept_while_the_board_does_not_change(world):
    board_results(world.board, AnonymousUser()).people
    with CaptureQueriesContext(connection) as queries:
        results = board_results(world.board, AnonymousUser())
        assert results.people == 1
    assert texts(results) == ["Sprachkurse am Abend"]
    assert len(queries) == 1  # the board's seq


def test_the_public_reading_follows_a_new_card_and_its_author(world):
    assert board_results(world.board, AnonymousUser()).people == 1
    ops.create_card(world.users.bob, world.board.pk, client_id=uuid.uuid4(), kind="gap", text="Keine Kinderbetreuung")
    results = board_results(world.board, AnonymousUser())  # the same, outdated row: the seq is read again
    assert texts(results) == ["Keine Kinderbetreuung", "Sprachkurse am Abend"]
    assert results.people == 2


def test_the_public_reading_follows_an_organisation_edited_in_the_admin(world):
    talblick = world.organisations[0]
    assert board_results(world.board, AnonymousUser()).organisations_by_kind == [("Sonstige", 1)]
    talblick.kind = Organisation.Kind.PROVIDER
    talblick.save()  # no event of the board: the page cache's generation changes
    assert board_results(world.board, AnonymousUser()).organisations_by_kind == [("Träger", 1)]


def test_the_public_gets_no_names_from_the_kept_reading_and_participants_get_theirs(world):
    board_results(world.board, world.users.bob)  # a participant's reading is not the public's
    [public_card] = board_results(world.board, AnonymousUser()).ranked[0][2]
    assert public_card["author"] is None
    [members_card] = board_results(world.board, world.users.bob).ranked[0][2]
    assert members_card["author"] is not None
