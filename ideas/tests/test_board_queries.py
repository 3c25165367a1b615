"""How many database queries the board's hot paths take: a bound that fails loudly when it grows.

Posting a card is the persist-first step every live card waits for (docs/performance.md),
so its query count is pinned here. The counts are the same on SQLite and PostgreSQL.
Transaction control (SAVEPOINT / RELEASE SAVEPOINT, which the test's own transaction
turns `atomic` into) is not counted; everything else is.

Before these bounds (Nov 2026) a member's card took 14 queries (12 on a socket's next
card, 24 with two new tags); now 6 (5, 11). docs/performance.md has the details.
"""
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from ideas.board import payloads, presence, reading, recent_material, rules
from ideas.board import operations as ops
from ideas.models import Board, BoardEvent, Card
from ideas.tests.conftest import make_board_world

# Raise these only with a reason a reviewer would accept; lower them when you make them smaller.
CREATE_CARD_QUERIES = 6  # lock+permission, retry check+position, organisation, card, seq, event
CREATE_CARD_QUERIES_CACHED_ORGANISATION = 5  # the same socket's next card: its user object knows its organisation
CREATE_CARD_RETRY_QUERIES = 2  # lock+permission, retry check
VIEWER_FOR_QUERIES = 1  # the user's roles (a board read without lock_board)
CAST_VOTE_QUERIES = 6  # lock+permission, card, the dot counts (one aggregate), dot, seq, event
RETRACT_VOTE_QUERIES = 7  # lock+permission, card, the dot to take back, its deletion, the dot counts, seq, event
OPEN_CONNECTION_QUERIES = 5  # board, roles, user lock, the user's live sockets, the row
# A wave of sockets arriving at one board together costs that as a whole (registrations too on a participants board).
OPEN_CONNECTIONS_QUERIES = 6
# Reading a board's material: board, cards (+ tags, merges, same topics on earlier boards), own dots, deleted cards, links, comments,
# clusters, done writing, proxy dots, proxy people, guests (the board row itself is the connect's). The next
# socket's snapshot of the same seq reads nothing more.
SNAPSHOT_QUERIES = 13


class Queries(CaptureQueriesContext):
    def __init__(self):
        super().__init__(connection)

    @property
    def statements(self):
        return [
            q["sql"] for q in self.captured_queries
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))
        ]

    def __len__(self):
        return len(self.statements)


@pytest.fixture
def world(db):
    ContentType.objects.get_for_model(Card)  # cached for the process, as in a running worker
    return make_board_world()


def fresh(user):
    """The user as a new request or socket would have it: nothing cached on the object."""
    return type(user).objects.get(pk=user.pk)


def post(user, board, **fields):
    return ops.create_card(
        user, board.pk, client_id=fields.pop("client_id", uuid.uuid4()), kind=Card.Kind.NEED, text="Sprachkurse am Abend",
        **fields,
    )


def test_create_card_query_count(world):
    alice = fresh(world.users.alice)
    with Queries() as queries:
        post(alice, world.board)
    assert len(queries) <= CREATE_CARD_QUERIES, "\n".join(queries.statements)
    with Queries() as queries:
        post(alice, world.board)
    assert len(queries) <= CREATE_CARD_QUERIES_CACHED_ORGANISATION, "\n".join(queries.statements)


def test_create_card_query_count_for_facilitator_and_participants_only_board(world):
    Board.objects.filter(pk=world.board.pk).update(visibility=Board.Visibility.PARTICIPANTS)
    for user in (world.users.facilitator, world.users.bob):  # bob takes part through his registration
        user = fresh(user)
        with Queries() as queries:
            post(user, world.board)
        assert len(queries) <= CREATE_CARD_QUERIES, "\n".join(queries.statements)
    alice = fresh(world.users.alice)  # a member, but not registered
    with Queries() as queries, pytest.raises(ops.BoardError) as refused:
        post(alice, world.board)
    assert refused.value.code == "forbidden"
    assert len(queries) == 1, "\n".join(queries.statements)


def test_create_card_retry_query_count(world):
    alice = fresh(world.users.alice)
    client_id = uuid.uuid4()
    first = post(alice, world.board, client_id=client_id)
    with Queries() as queries:
        again = post(alice, world.board, client_id=client_id)
    assert again == first
    assert len(queries) <= CREATE_CARD_RETRY_QUERIES, "\n".join(queries.statements)


def test_create_card_with_tags_query_count(world):
    Tag.objects.create(name="Sprache", slug="sprache")
    alice = fresh(world.users.alice)
    with Queries() as queries:
        post(alice, world.board, tags=["sprache", "Abendkurs"])
    # + one lookup for all tags, get_or_create of the new one (2), one INSERT for both taggings
    assert len(queries) <= CREATE_CARD_QUERIES + 4, "\n".join(queries.statements)
    card = Card.objects.get(board=world.board)
    assert sorted(card.tags.names()) == ["Abendkurs", "Sprache"]  # the existing tag, in its own case
    assert Tag.objects.count() == 2


def test_the_event_of_a_new_card_is_what_card_data_reads_from_the_database(world):
    """The write path fills card_data from what it just wrote; a fresh read must give the same."""
    Tag.objects.create(name="Sprache", slug="sprache")
    change = post(fresh(world.users.alice), world.board, tags=["sprache", "Abend"])
    event = BoardEvent.objects.get(board=world.board, seq=change.seq)
    card = payloads.live_cards(world.board).get(pk=change.id)
    assert event.data == {"card": payloads.card_data(card)}
    assert event.data["card"]["tags"] == ["Abend", "Sprache"]
    assert event.data["card"]["organisation"]["name"] == "Bildungswerk Talblick (fiktiv)"


def test_viewer_for_query_count(world):
    alice = fresh(world.users.alice)
    board = Board.objects.get(pk=world.board.pk)
    with Queries() as queries:
        viewer = rules.viewer_for(alice, board)
    assert viewer.participant and not viewer.facilitator
    assert len(queries) <= VIEWER_FOR_QUERIES, "\n".join(queries.statements)


def test_a_dot_costs_one_count_query_and_its_event_has_the_right_totals(world):
    card = post(world.users.alice, world.board)
    Board.objects.filter(pk=world.board.pk).update(phase=Board.Phase.VOTE, vote_budget=3)
    bob = fresh(world.users.bob)
    ops.cast_vote(world.users.alice, world.board.pk, card.id)
    ops.cast_vote(bob, world.board.pk, card.id)
    with Queries() as queries:
        change = ops.cast_vote(bob, world.board.pk, card.id)
    assert len(queries) <= CAST_VOTE_QUERIES, "\n".join(queries.statements)
    data = BoardEvent.objects.get(board=world.board, seq=change.seq).data
    assert (data["votes"], data["_my_votes"], data["_votes_left"]) == (3, 2, 1)
    with Queries() as queries:
        change = ops.retract_vote(bob, world.board.pk, card.id)
    assert len(queries) <= RETRACT_VOTE_QUERIES, "\n".join(queries.statements)
    data = BoardEvent.objects.get(board=world.board, seq=change.seq).data
    assert (data["votes"], data["_my_votes"], data["_votes_left"]) == (2, 1, 2)


def test_connecting_a_socket_query_count(world):
    """Access check, connection limit and row: what every socket's connect waits for."""
    alice = fresh(world.users.alice)
    with Queries() as queries:
        opened = presence.open_connection(alice, world.board.pk, "channel.one")
    assert opened.counted and opened.viewer.participant
    assert len(queries) <= OPEN_CONNECTION_QUERIES, "\n".join(queries.statements)


def test_the_next_sockets_snapshot_of_an_unchanged_board_reads_nothing_more(world):
    """A wave of connects to one board (a worker restarted, the room arrives) reads the board once."""
    post(world.users.alice, world.board)
    alice, bob = rules.Viewer(world.users.alice.pk, participant=True), rules.Viewer(world.users.bob.pk, participant=True)
    board = Board.objects.get(pk=world.board.pk)  # as each connect reads it (open_connection)
    with Queries() as first:
        reading.snapshot_for(alice, recent_material.material_of(board))
    with Queries() as next_one:
        state = reading.snapshot_for(bob, recent_material.material_of(board))
    assert len(first) <= SNAPSHOT_QUERIES, "\n".join(first.statements)
    assert len(next_one) == 0, "\n".join(next_one.statements)
    [card] = state["cards"]
    assert card["text"] == "Sprachkurse am Abend" and not card["mine"]


def test_a_change_is_in_the_next_sockets_snapshot_at_once(world):
    viewer = rules.Viewer(world.users.bob.pk, participant=True)
    def connecting():
        return reading.snapshot_for(viewer, recent_material.material_of(Board.objects.get(pk=world.board.pk)))

    assert connecting()["cards"] == []
    post(world.users.alice, world.board)
    state = connecting()
    assert [card["text"] for card in state["cards"]] == ["Sprachkurse am Abend"]


@pytest.mark.parametrize("visibility", [Board.Visibility.MEMBERS, Board.Visibility.PARTICIPANTS])
def test_a_wave_of_connects_costs_as_many_queries_as_one(world, visibility):
    """A worker's restart or a room arriving: 30 sockets of 10 people on one board, in one batch."""
    Board.objects.filter(pk=world.board.pk).update(visibility=visibility)
    members = [fresh(make_member(f"member{index}")) for index in range(10)]
    arrivals = [(user, f"channel.{user.pk}.{n}") for user in members for n in range(3)]
    with Queries() as queries:
        opened = presence.open_connections(world.board.pk, arrivals)
    if visibility == Board.Visibility.MEMBERS:
        assert all(outcome.counted for outcome in opened)
    assert len(queries) <= OPEN_CONNECTIONS_QUERIES, "\n".join(queries.statements)


def make_member(username):
    from django.contrib.auth.models import Group, User
    from network import roles

    user = User.objects.create_user(username)
    user.groups.add(Group.objects.get(name=roles.MEMBER))
    return user
