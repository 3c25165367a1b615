"""The footer's contact details and links come from the site settings, kept in the cache until something changes."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def footer_of(client, url):
    html = client.get(url).content.decode()
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


@pytest.fixture
def site_settings(site_tree):
    from wagtail.models import Site

    from home.models import SiteSettings

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "Netzwerkbüro Talstadt"
    site_settings.contact_email = "buero@example.org"
    site_settings.footer_links = [
        ("link", {"label": "Impressum", "page": site_tree["imprint"], "url": ""}),
        ("link", {"label": "Landkreis", "page": None, "url": "https://example.org/landkreis"}),
    ]
    site_settings.save()
    return site_settings


def test_the_footer_shows_the_settings_and_links_to_the_chosen_page(client, site_tree, site_settings):
    footer = footer_of(client, "/")
    assert "Netzwerkbüro Talstadt" in footer
    assert 'href="mailto:buero@example.org"' in footer
    assert f'<a href="{site_tree["imprint"].url}">Impressum</a>' in footer
    assert '<a href="https://example.org/landkreis">Landkreis</a>' in footer


def test_the_footer_is_not_read_again_on_every_page(client, site_tree, site_settings):
    client.get("/")  # builds and keeps it
    with CaptureQueriesContext(connection) as queries:
        footer = footer_of(client, site_tree["imprint"].url)
    assert "Netzwerkbüro Talstadt" in footer
    assert [q["sql"] for q in queries if "home_sitesettings" in q["sql"]] == []


def test_the_kept_footer_follows_the_settings_and_the_linked_page(client, site_tree, site_settings):
    assert "Netzwerkbüro Talstadt" in footer_of(client, "/")
    site_settings.organisation_name = "Koordinierungsstelle Talstadt"
    site_settings.save()
    assert "Koordinierungsstelle Talstadt" in footer_of(client, "/")

    imprint = site_tree["imprint"]
    imprint.slug = "impressum-neu"
    imprint.save_revision().publish()
    assert 'href="/impressum-neu/">Impressum</a>' in footer_of(client, "/")
