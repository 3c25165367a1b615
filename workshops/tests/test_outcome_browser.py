"""The workshop page's outcome section in Chromium, as a visitor reads it: at phone and desktop width,
nothing wider than the screen and no Content-Security-Policy violation (the fixture checks that)."""
from datetime import timedelta

import pytest
from django.utils import timezone

from network.models import Organisation
from workshops.models import WorkshopPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def documented_session(site_tree):
    kickoff = WorkshopPage.objects.get(pk=site_tree["kickoff"].pk)
    kickoff.participant_count = 60
    kickoff.outcome = "<p>Sechs Themen für die Ideenwerkstätten, darunter Fachsprache in der Ausbildung.</p>"
    kickoff.attending_organisations.set([
        Organisation.objects.create(name=f"Organisation mit einem recht langen Namen Nummer {n} (fiktiv)", kind=kind)
        for n, kind in enumerate(["provider", "ngo", "school", "chamber", "provider"])
    ])
    kickoff.end = timezone.now() - timedelta(days=2)
    kickoff.save_revision().publish()
    return kickoff


@pytest.mark.parametrize("width", [390, 1280])
def test_a_visitor_reads_the_outcome_at_phone_and_desktop_width(chromium, live_server, documented_session, width):
    context = chromium.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(documented_session.url)
    outcome = page.locator("section.outcome")
    outcome.scroll_into_view_if_needed()
    assert outcome.get_by_text("60 Teilnehmende").is_visible()
    assert outcome.get_by_role("heading", name="Teilnehmende Organisationen").is_visible()
    assert outcome.get_by_role("link", name="Dokumentation des Termins").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
