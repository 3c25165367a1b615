"""Members register for sessions; capacity, waiting list and moving up hold."""
import pytest
from django.contrib.auth.models import User
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
