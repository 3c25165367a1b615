"""The page of a path is found once and kept (home/page_routing.py): the same pages answer as Wagtail's walk would."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_settings_saved(site_tree):
    """The first page rendered would create the site settings, which starts a new cache generation."""
    from wagtail.models import Site

    from home.models import SiteSettings

    SiteSettings.for_site(Site.objects.get(is_default_site=True))


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries]


def test_a_kept_route_does_not_walk_the_page_tree_again(client, site_tree):
    url = site_tree["language_lab"].url  # /workshops/<slug>/: site, then two levels of the tree
    client.get(url)
    response, queries = queries_of(client, url)
    assert response.status_code == 200
    assert "Ideenwerkstatt Sprachförderung" in response.content.decode()
    assert [sql for sql in queries if "wagtailcore_site" in sql] == []
    assert [sql for sql in queries if '"wagtailcore_page"."slug" =' in sql] == []


def test_a_kept_route_follows_a_new_slug_and_unpublishing(client, site_tree):
    imprint = site_tree["imprint"]
    assert client.get("/impressum/").status_code == 200
    imprint.slug = "impressum-neu"
    imprint.save_revision().publish()
    assert client.get("/impressum/").status_code == 404
    assert client.get("/impressum-neu/").status_code == 200
    imprint.unpublish()
    assert client.get("/impressum-neu/").status_code == 404


def test_a_kept_route_still_asks_for_a_login_on_a_private_page(client, site_tree):
    from wagtail.models import PageViewRestriction

    assert client.get("/impressum/").status_code == 200
    PageViewRestriction.objects.create(page=site_tree["imprint"], restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/impressum/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_outdated_route_no_signal_reported_serves_no_other_page(client, site_tree):
    """Even when a kept route points at another page (a change the cache did not hear of), the path's own page answers."""
    client.get("/impressum/")
    parts = ["testserver", "80", "impressum/"]
    kept, generation = page_cache.generation_cached_entry("page-route", parts)
    assert kept is not None
    kept["page_id"] = site_tree["network"].pk
    page_cache.keep("page-route", parts, generation, kept)
    response = client.get("/impressum/")
    assert response.status_code == 200
    assert "Angaben gemäß § 5 DDG." in response.content.decode()
