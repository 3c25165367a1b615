"""Which organisations attended a session: the prefill of the "attending organisations" field.

An editor documents a session after it (the page's "Outcome" panel). While a past
session's list is still empty, its editor opens with the organisations preselected
that the site already knows took part: those of the members with a confirmed
registration (network.MemberProfile) and those that other apps report. The ideas
app reports the organisations on the cards and comments of the session's boards;
workshops cannot import ideas, so ideas registers that source here
(`register_organisation_source`, called from its AppConfig.ready).
"""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from network.models import MemberProfile

FIELD = "attending_organisations"

_sources = []


def register_organisation_source(source):
    """source(workshop) -> the ids of organisations that took part in the session, as another app knows them."""
    if source not in _sources:
        _sources.append(source)


def registered_organisation_ids(workshop):
    """The organisations of the members whose registration for the session is confirmed."""
    confirmed = workshop.registrations.model.Status.CONFIRMED
    return set(
        MemberProfile.objects.filter(
            user__workshop_registrations__workshop=workshop, user__workshop_registrations__status=confirmed,
        ).values_list("organisation_id", flat=True)
    )


def suggested_organisation_ids(workshop):
    """Every organisation the site knows took part: confirmed registrations, then each registered source."""
    if workshop.pk is None:
        return set()
    ids = registered_organisation_ids(workshop)
    for source in _sources:
        ids.update(source(workshop))
    return ids - {None}


class DocumentationPrefillForm(WagtailAdminPageForm):
    """The session's editor: a past session whose attending organisations are still empty opens with them preselected.

    Only preselected: nothing is stored until the editor saves the page, and the list stays editable.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound or FIELD not in self.fields or self.initial.get(FIELD):
            return
        page = self.instance
        if page.pk is None or not page.is_past:
            return
        ids = suggested_organisation_ids(page)
        if ids:
            self.initial[FIELD] = sorted(ids)
            self.fields[FIELD].help_text = _(
                "Preselected from the confirmed registrations and the organisations on the session's boards: "
                "check the list, then save the page to keep it."
            )
