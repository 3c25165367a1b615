"""Every page type renders with its real content, and the home page shows what the database holds."""
import re
from io import StringIO
from urllib.parse import quote, urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from conftest import make_paper, make_workshop
from network.models import ContactPerson, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_tree(shared_site_tree):
    """One site tree for the whole module (built once; each test's changes roll back)."""
    return shared_site_tree


def test_home_page_shows_building_blocks_next_sessions_and_latest_papers(client, site_tree):
    html = client.get("/").content.decode()
    assert "Gemeinsam in Ausbildung und Arbeit." in html
    for code in ("F1", "F2", "F3", "F4", "F5", "F6"):
        assert code in html
    assert "Ideenwerkstatt Sprachförderung" in html
    assert "Sprachförderung begleitend zur Ausbildung" in html


def test_home_page_lists_new_sessions_and_hides_past_ones(client, site_tree):
    make_workshop(site_tree["workshops"], "Ideenwerkstatt Kinderbetreuung", days_from_now=30)
    html = client.get("/").content.decode()
    assert "Ideenwerkstatt Kinderbetreuung" in html
    # The kick-off workshop lies in the past: it is not among the next sessions.
    assert "Auftaktworkshop" not in html


def test_network_page_groups_organisations_by_kind_and_shows_contacts(client, site_tree):
    jobcentre = Organisation.objects.create(name="Jobcenter Talstadt (fiktiv)", kind=Organisation.Kind.JOB_CENTRE)
    Organisation.objects.create(name="IHK Talstadt (fiktiv)", kind=Organisation.Kind.CHAMBER, in_core_group=True)
    ContactPerson.objects.create(name="Mira Beispiel", role="Netzwerkkoordination", organisation=jobcentre)
    html = client.get(site_tree["network"].url).content.decode()
    assert "Jobcenter Talstadt (fiktiv)" in html
    assert "IHK Talstadt (fiktiv)" in html
    assert "Mira Beispiel" in html
    assert str(Organisation.Kind.JOB_CENTRE.label) in html


def test_workshop_page_shows_when_where_and_registration(client, site_tree):
    lab = site_tree["language_lab"]
    response = client.get(lab.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ideenwerkstatt Sprachförderung" in html
    assert "Rathaus Talstadt (fiktiv)" in html
    assert f'<time datetime="{timezone.localtime(lab.start).isoformat()}">' in html
    # Anonymous visitors are sent to the login from the registration box, and come back here.
    registration = html.split('id="registration-heading"', 1)[1].split("</section>", 1)[0]
    assert "Mitglieder des Netzwerks können sich für diesen Termin anmelden." in registration
    login_link = f'href="{reverse("login")}?next={quote(lab.url)}">Zum Anmelden bitte einloggen</a>'
    assert login_link in registration


def test_workshop_index_separates_upcoming_and_past(client, site_tree):
    response = client.get(site_tree["workshops"].url)
    upcoming = [p.title for p in response.context["upcoming"]]
    past = [p.title for p in response.context["past"]]
    assert upcoming == ["Ideenwerkstatt Sprachförderung"]
    assert past == ["Auftaktworkshop"]


def test_concept_paper_page_shows_summary_and_status(client, site_tree):
    html = client.get(site_tree["paper"].url).content.decode()
    assert "Zusammenfassung: Sprachförderung begleitend zur Ausbildung" in html
    assert str(site_tree["paper"].get_status_display()) in html


def test_concept_paper_index_lists_published_papers(client, site_tree):
    response = client.get(site_tree["papers"].url)
    assert [p.title for p in response.context["papers"]] == ["Sprachförderung begleitend zur Ausbildung"]


def test_content_page_renders_its_text(client, site_tree):
    html = client.get(site_tree["imprint"].url).content.decode()
    assert "Angaben gemäß § 5 DDG." in html


def test_unknown_address_gives_the_sites_not_found_page(client, site_tree):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404


def _internal_links(html):
    for href in re.findall(r'href="([^"#]+)"', html):
        parsed = urlparse(href)
        if parsed.netloc in ("", "localhost", "testserver") and parsed.path.startswith("/"):
            if not parsed.path.startswith(("/static/", "/admin/", "/documents/", "/django-admin/")):
                yield parsed.path


def test_every_public_page_of_the_demo_site_is_reachable_from_the_home_page_by_links(client, settings):
    settings.DEBUG = False  # no demo users needed
    call_command("load_demo", stdout=StringIO())
    seen, queue = set(), ["/"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            queue.extend(_internal_links(response.content.decode()))
    public_pages = {page.url for page in Page.objects.live().public().filter(depth__gt=1).specific()}
    assert len(public_pages) > 15
    assert public_pages <= seen, public_pages - seen
    assert reverse("search") in seen
