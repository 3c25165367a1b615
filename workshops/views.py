"""Thin views of the member area; the rules live in workshops/registrations.py."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workshops import registrations
from workshops.models import Registration, WorkshopPage


def _live_workshop(page_id):
    return get_object_or_404(WorkshopPage.objects.live().public(), pk=page_id)


@login_required
@require_POST
def register_for_workshop(request, page_id):
    workshop = _live_workshop(page_id)
    try:
        registration = registrations.register(request.user, workshop)
    except registrations.RegistrationError as error:
        messages.error(request, str(error))
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered for this session."))
        else:
            messages.info(request, _("The session is full. You are on the waiting list."))
    return redirect(workshop.url)


@login_required
@require_POST
def cancel_registration(request, page_id):
    workshop = _live_workshop(page_id)
    registrations.cancel(request.user, workshop)
    messages.success(request, _("Your registration has been cancelled."))
    return redirect(workshop.url)


@login_required
def my_workshops(request):
    own = (
        Registration.objects.filter(user=request.user, workshop__live=True)
        .select_related("workshop")
        .order_by("workshop__start")
    )
    return render(request, "workshops/my_workshops.html", {"registrations": own})
