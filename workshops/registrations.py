"""Registering members for a session: capacity, waiting list and moving up.

Each function is one transaction that locks the session's row, so two members
taking the last place at once cannot both get it.
"""
from django.db import transaction
from django.utils.translation import gettext as _

from network.roles import is_member
from workshops.models import Registration, WorkshopPage


class RegistrationError(Exception):
    """A registration that is not allowed; the message is shown to the member."""


def _locked(workshop):
    return WorkshopPage.objects.select_for_update().get(pk=workshop.pk)


def register(user, workshop):
    """Give the member a confirmed place, or a waiting-list place when the session is full."""
    if not is_member(user):
        raise RegistrationError(_("Only members of the network can register."))
    with transaction.atomic():
        workshop = _locked(workshop)
        if not workshop.registration_open or workshop.is_past:
            raise RegistrationError(_("Registration for this session is closed."))
        existing = Registration.objects.filter(workshop=workshop, user=user).first()
        if existing:
            return existing
        confirmed = workshop.registrations.filter(status=Registration.Status.CONFIRMED).count()
        full = workshop.capacity is not None and confirmed >= workshop.capacity
        status = Registration.Status.WAITING if full else Registration.Status.CONFIRMED
        return Registration.objects.create(workshop=workshop, user=user, status=status)


def cancel(user, workshop):
    """Give up a place; the first on the waiting list moves up into a freed confirmed place."""
    with transaction.atomic():
        workshop = _locked(workshop)
        registration = Registration.objects.filter(workshop=workshop, user=user).first()
        if registration is None:
            return None
        freed_place = registration.status == Registration.Status.CONFIRMED
        registration.delete()
        if freed_place:
            next_in_line = workshop.registrations.filter(status=Registration.Status.WAITING).first()
            if next_in_line:
                next_in_line.status = Registration.Status.CONFIRMED
                next_in_line.save(update_fields=["status"])
                return next_in_line
    return None

