"""HTTP side of the boards: state.json with the snapshot's rules and shape, and the admin's board editing."""
import uuid

import pytest
from django.contrib.auth.models import Group

from ideas.board import reading
from ideas.board import operations as ops
from ideas.models import Board, BoardEvent
from ideas.tests.conftest import make_board_world
from network import roles


@pytest.fixture
def world(db):
    world = make_board_world()
    ops.create_card(world.users.alice, world.board.pk, client_id=uuid.uuid4(), kind="need", text="<b>Kita</b>-Plätze")
    return world


def state_url(board):
    return f"/boards/{board.pk}/state.json"


def test_state_json_is_the_snapshot_of_the_reader(client, world):
    client.force_login(world.users.bob)
    response = client.get(state_url(world.board))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json() == reading.snapshot(world.board, world.users.bob)
    assert response.json()["cards"][0]["text"] == "<b>Kita</b>-Plätze"  # text, never rendered as HTML
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("who", [None, "outsider"])
def test_state_json_of_a_members_board_does_not_exist_for_others(client, world, who):
    if who:
        client.force_login(getattr(world.users, who))
    assert client.get(state_url(world.board)).status_code == 404


def test_state_json_of_a_published_board_shows_organisations_not_names(client, world):
    Board.objects.filter(pk=world.board.pk).update(visibility=Board.Visibility.PUBLIC, phase=Board.Phase.CLOSED)
    state = client.get(state_url(world.board)).json()
    assert state["cards"][0]["author"] is None
    assert state["cards"][0]["organisation"]["name"] == world.organisations[0].name
    assert "Alice" not in str(state)


def test_state_json_keeps_hidden_cards_hidden(client, world):
    Board.objects.filter(pk=world.board.pk).update(silent_collect=True)
    client.force_login(world.users.bob)
    state = client.get(state_url(world.board)).json()
    assert state["cards"] == [] and "Kita" not in str(state)


def test_facilitators_may_manage_boards_in_the_admin_and_members_may_not(client, world):
    assert Group.objects.get(name=roles.FACILITATOR).permissions.filter(codename="change_board").exists()
    client.force_login(world.users.facilitator)
    assert client.get("/admin/snippets/ideas/board/add/").status_code == 200
    client.force_login(world.users.alice)
    assert client.get("/admin/snippets/ideas/board/add/").status_code in (302, 403)


def test_editing_a_board_in_the_admin_is_a_board_event(client, world):
    client.force_login(world.users.facilitator)
    response = client.post(f"/admin/snippets/ideas/board/edit/{world.board.pk}/", {
        "workshop": world.workshop.pk, "title": "Neuer Titel", "prompt": "Was fehlt?", "visibility": "members",
        "vote_budget": 4, "phase": "vote",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    board = Board.objects.get(pk=world.board.pk)
    assert (board.title, board.phase, board.vote_budget, board.last_seq) == ("Neuer Titel", "vote", 4, 2)
    event = BoardEvent.objects.get(board=board, seq=2)
    assert event.name == "board.configured" and event.data["board"]["phase"] == "vote"
