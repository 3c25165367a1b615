"""The office's one operation on a call's page: move it to its next state (POST, CSRF, office only)."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls import states
from calls.models import CallPage, CallState


@require_POST
def advance_state(request, call_id):
    call = CallPage.objects.filter(pk=call_id).first()
    if call is None:
        raise Http404
    target = request.POST.get("to_state", "")
    try:
        new_state = states.advance(request.user, call.pk, target)  # PermissionDenied → 403, nothing changed
    except states.InvalidTransition as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The call is now “%(state)s”.") % {"state": CallState(new_state).label})
    return redirect(call.url or "/", permanent=False)
