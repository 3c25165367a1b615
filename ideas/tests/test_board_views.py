"""HTTP side of the boards: state.json with the snapshot's rules and shape, and the admin's board editing."""
import uuid

import pytest
from django.contrib.auth.models import Group

from ideas.board import reading
from ideas.board import operations as ops
from ideas.models import Board, BoardEvent, BoardParticipant, Card
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


def admin_edit(client, world, **fields):
    """POST the admin's board form with the board's current values and these changes."""
    board = Board.objects.get(pk=world.board.pk)
    data = {
        "workshop": board.workshop_id, "title": board.title, "prompt": board.prompt, "visibility": board.visibility,
        "vote_budget": board.vote_budget, "phase": board.phase,
        **({"silent_collect": "on"} if board.silent_collect else {}), **({"locked": "on"} if board.locked else {}),
    }
    data.update(fields)
    data = {name: value for name, value in data.items() if value is not None}
    client.force_login(world.users.facilitator)
    response = client.post(f"/admin/snippets/ideas/board/edit/{world.board.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return list(BoardEvent.objects.filter(board=world.board, seq__gt=board.last_seq).order_by("seq"))


def test_editing_a_board_in_the_admin_is_a_board_event(client, world):
    [configured, phase] = admin_edit(client, world, title="Neuer Titel", prompt="Was fehlt?", vote_budget=4, phase="vote")
    board = Board.objects.get(pk=world.board.pk)
    assert (board.title, board.phase, board.vote_budget, board.last_seq) == ("Neuer Titel", "vote", 4, 3)
    assert configured.name == "board.configured" and configured.data["board"]["title"] == "Neuer Titel"
    assert (phase.name, phase.data["phase"], phase.data["previous"]) == ("board.phase_changed", "vote", "collect")


def test_an_admin_phase_change_back_to_collecting_resets_done_writing_as_on_the_board(client, world):
    ops.mark_done_writing(world.users.alice, world.board.pk, done=True)
    ops.set_phase(world.users.facilitator, world.board.pk, phase="reveal")
    [event] = admin_edit(client, world, phase="collect")
    assert event.name == "board.phase_changed" and event.data["done_count"] == 0
    assert not BoardParticipant.objects.filter(board=world.board, done_writing=True).exists()


def test_locking_and_silent_collect_in_the_admin_are_the_boards_own_events(client, world):
    [silent, lock] = admin_edit(client, world, silent_collect="on", locked="on")
    assert (silent.name, silent.data["silent_collect"], silent.data["cards_hidden"]) == ("board.silent_collect_changed", True, True)
    assert [c["card_id"] for c in silent.data["_hidden_cards"]] == [Card.objects.get().pk]
    assert (lock.name, lock.data["locked"]) == ("board.lock_changed", True)
    [unlocked] = admin_edit(client, world, locked=None)
    assert (unlocked.name, unlocked.data["locked"]) == ("board.lock_changed", False)
