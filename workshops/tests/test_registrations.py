"""Members register for sessions; capacity, waiting list and moving up hold."""
import threading

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse

from network import roles
from workshops import registrations
from workshops.models import Registration

pytestmark = pytest.mark.django_db


def status_of(user, workshop):
    return Registration.objects.get(user=user, workshop=workshop).status


def test_registration_respects_capacity_and_fills_the_waiting_list(site_tree, make_user):
    lab = site_tree["language_lab"]  # capacity 2
    first, second, third = (make_user(name, roles.MEMBER) for name in ("a", "b", "c"))
    for user in (first, second, third):
        registrations.register(user, lab)
    assert status_of(first, lab) == Registration.Status.CONFIRMED
    assert status_of(second, lab) == Registration.Status.CONFIRMED
    assert status_of(third, lab) == Registration.Status.WAITING


def test_cancelling_a_confirmed_place_moves_the_first_waiting_member_up(site_tree, make_user):
    lab = site_tree["language_lab"]
    first, second, third, fourth = (make_user(name, roles.MEMBER) for name in ("a", "b", "c", "d"))
    for user in (first, second, third, fourth):
        registrations.register(user, lab)
    registrations.cancel(first, lab)
    assert status_of(third, lab) == Registration.Status.CONFIRMED
    assert status_of(fourth, lab) == Registration.Status.WAITING
    assert not Registration.objects.filter(user=first).exists()


def test_registering_twice_keeps_one_place(site_tree, member):
    lab = site_tree["language_lab"]
    registrations.register(member, lab)
    registrations.register(member, lab)
    assert Registration.objects.filter(user=member, workshop=lab).count() == 1


def test_past_sessions_take_no_registrations(site_tree, member):
    with pytest.raises(registrations.RegistrationError):
        registrations.register(member, site_tree["kickoff"])
    assert not Registration.objects.exists()


def test_users_without_a_role_cannot_register(site_tree, organisation):
    outsider = User.objects.create_user("outsider", password="x")
    with pytest.raises(registrations.RegistrationError):
        registrations.register(outsider, site_tree["language_lab"])


def test_member_registers_through_the_page_and_sees_it_in_my_workshops(client, site_tree, member):
    lab = site_tree["language_lab"]
    client.force_login(member)
    response = client.post(reverse("workshop_register", args=[lab.id]), follow=True)
    assert response.status_code == 200
    assert status_of(member, lab) == Registration.Status.CONFIRMED
    my_page = client.get(reverse("my_workshops")).content.decode()
    assert "Ideenwerkstatt Sprachförderung" in my_page

    client.post(reverse("workshop_cancel", args=[lab.id]))
    assert not Registration.objects.filter(user=member).exists()


def test_anonymous_visitor_is_sent_to_login_and_nothing_is_stored(client, site_tree):
    response = client.post(reverse("workshop_register", args=[site_tree["language_lab"].id]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Registration.objects.exists()


def test_registration_needs_post(client, site_tree, member):
    client.force_login(member)
    response = client.get(reverse("workshop_register", args=[site_tree["language_lab"].id]))
    assert response.status_code == 405
    assert not Registration.objects.exists()


def test_my_workshops_needs_login(client, db):
    response = client.get(reverse("my_workshops"))
    assert response.status_code == 302


ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.skipif(not ON_POSTGRESQL, reason=(
    "needs PostgreSQL (DATABASE_URL): SQLite locks the whole database for every write, "
    "so it cannot show whether the session's row lock holds"
))
@pytest.mark.django_db(transaction=True)
def test_two_members_taking_the_last_place_at_once_get_one_place_and_one_waiting_place(site_tree, make_user, monkeypatch):
    lab = site_tree["language_lab"]  # capacity 2
    registrations.register(make_user("first", roles.MEMBER), lab)
    racers = [make_user(name, roles.MEMBER) for name in ("schnell", "genauso_schnell")]

    # Each member's registration waits (up to 3 s) for the other's to have counted the places too:
    # without the row lock both count one place left and both take it; with it, the second
    # one cannot count before the first has committed.
    both_counted = threading.Barrier(2, timeout=3)
    create = Registration.objects.create

    def create_after_the_other_counted(**fields):
        try:
            both_counted.wait()
        except threading.BrokenBarrierError:
            pass  # the other one is waiting for the lock
        return create(**fields)

    monkeypatch.setattr(Registration.objects, "create", create_after_the_other_counted)
    errors = []

    def register(user):
        try:
            registrations.register(user, lab)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert sorted(status_of(user, lab) for user in racers) == [Registration.Status.CONFIRMED, Registration.Status.WAITING]
    assert lab.registrations.filter(status=Registration.Status.CONFIRMED).count() == 2
