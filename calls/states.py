"""The office moves a call on: closed → in evaluation → decided → results published, one step at a time, logged.

The first three states follow from the clock (CallPage.state); these later ones are set here only.
"""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import OFFICE_STATES, CallPage, CallState, CallStateChange
from calls.roles import is_office


class InvalidTransition(Exception):
    """The call cannot move to that state now; the message says why, in the user's language."""


def advance(user, call_id, to_state, now=None):
    """Moves the call to to_state, if the user is in the office and it is the state's next one; logs the change."""
    if not is_office(user):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        # Locked, so two office members pressing at once move it one step, not two.
        call = CallPage.objects.select_for_update().get(pk=call_id)
        current = call.state(now)
        if to_state not in OFFICE_STATES:
            raise InvalidTransition(_("This state does not exist or is not set by the office."))
        if call.next_office_state(now) != to_state:
            if current in (CallState.ANNOUNCED, CallState.OPEN):
                raise InvalidTransition(
                    _("The deadline has not passed yet; the call can only be evaluated once it is closed.")
                )
            raise InvalidTransition(
                _("The call is “%(current)s”; it cannot move to “%(target)s” from there.")
                % {"current": current.label, "target": CallState(to_state).label}
            )
        # Only the field, no new revision: the state is the office's, not the editors' content
        # (CallPage.with_content_json keeps it when a revision is published). Saving tells the page cache.
        call.office_state = to_state
        call.save(update_fields=["office_state"], clean=False)
        CallStateChange.objects.create(call=call, user=user, changed_at=now, from_state=current, to_state=to_state)
    return CallState(to_state)
