"""Deleting what a board's record names is refused with the reason, in the admin and in the models."""
import uuid

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.db.models import ProtectedError

from ideas.board import operations as ops
from ideas.models import BoardEvent, Card
from ideas.tests.conftest import make_board_world
from network.models import TargetGroup


@pytest.fixture
def world(db):
    world = make_board_world()
    world.group = TargetGroup.objects.create(name="Geduldete 18–27")
    world.unused = TargetGroup.objects.create(name="Niemand")
    ops.create_card(world.users.alice, world.board.pk, client_id=uuid.uuid4(), kind="need", text="Kita", target_group=world.group.pk)
    world.admin = User.objects.create_superuser("chefin", password="demo1234")
    return world


def errors(response):
    return [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "error"]


def test_a_target_group_on_a_card_cannot_be_deleted_in_the_admin_and_the_board_stays_as_it_was(client, world):
    client.force_login(world.admin)
    url = f"/admin/snippets/network/targetgroup/delete/{world.group.pk}/"
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        message = errors(response)[-1]
        assert "Geduldete 18–27" in message and "1 Karte oder Kommentar" in message
    assert TargetGroup.objects.filter(pk=world.group.pk).exists()
    assert Card.objects.get().target_group == world.group
    assert BoardEvent.objects.filter(board=world.board).count() == 1


def test_a_target_group_no_board_names_is_deleted_as_usual(client, world):
    client.force_login(world.admin)
    response = client.post(f"/admin/snippets/network/targetgroup/delete/{world.unused.pk}/")
    assert response.status_code == 302 and not errors(response)
    assert not TargetGroup.objects.filter(pk=world.unused.pk).exists()


def test_bulk_deleting_is_refused_as_well(client, world):
    client.force_login(world.admin)
    response = client.post(f"/admin/bulk/network/targetgroup/delete/?id={world.group.pk}&id={world.unused.pk}")
    assert response.status_code == 302 and errors(response)
    assert TargetGroup.objects.count() == 2


def test_a_person_who_took_part_is_deactivated_not_deleted(client, world):
    ops.set_phase(world.users.facilitator, world.board.pk, phase="vote")
    ops.cast_vote(world.users.bob, world.board.pk, Card.objects.get().pk)  # only a dot
    client.force_login(world.admin)
    for user in (world.users.alice, world.users.bob):
        response = client.post(f"/admin/users/delete/{user.pk}/")
        assert response.status_code == 302
        message = errors(response)[-1]
        assert "Deaktivieren" in message
        assert User.objects.filter(pk=user.pk).exists()
    assert Card.objects.get().votes.count() == 1


def test_the_models_refuse_too(world):
    for delete in (world.group.delete, world.organisations[0].delete, world.users.alice.delete):
        with pytest.raises(ProtectedError):
            delete()
    assert BoardEvent.objects.filter(board=world.board).count() == 1
