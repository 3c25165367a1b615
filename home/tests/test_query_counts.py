"""Page renders use a fixed number of queries, however many workshops and papers exist."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_paper, make_workshop

pytestmark = pytest.mark.django_db

# Upper bounds (the counts with the kept navigation, footer and route); the real assertion is that the count
# does not grow with content.
MAX_QUERIES = {"home": 12, "workshops": 14, "workshop": 16, "papers": 11, "paper": 10}


@pytest.fixture(autouse=True)
def site_settings_saved(site_tree):
    """The first page rendered would create the site settings, which starts a new cache generation."""
    from wagtail.models import Site

    from home.models import SiteSettings

    SiteSettings.for_site(Site.objects.get(is_default_site=True))


def count_queries(client, url):
    client.get(url)  # warm Wagtail's per-site caches and the kept navigation (home/page_cache.py)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_content(site_tree, building_blocks, n):
    for i in range(n):
        make_workshop(
            site_tree["workshops"], f"Zusatztermin {i}", days_from_now=3 + i,
            tags=[f"Thema {i}", "Sprache"], blocks=[building_blocks["F4"], building_blocks["F5"]],
        )
        paper = make_paper(site_tree["papers"], f"Zusatzkonzept {i}", tags=[f"Thema {i}"], blocks=[building_blocks["F3"]])
        paper.related_workshops.set([site_tree["language_lab"]])  # listed on the workshop's page too
        paper.save_revision().publish()


@pytest.mark.parametrize("key", ["home", "workshops", "workshop", "papers", "paper"])
def test_query_count_does_not_grow_with_content(client, site_tree, building_blocks, key):
    url = {
        "home": "/",
        "workshops": site_tree["workshops"].url,
        "workshop": site_tree["language_lab"].url,
        "papers": site_tree["papers"].url,
        "paper": site_tree["paper"].url,
    }[key]
    # The workshop already lists one paper, so that "before" includes the papers' queries.
    site_tree["paper"].related_workshops.set([site_tree["language_lab"]])
    site_tree["paper"].save_revision().publish()
    before = count_queries(client, url)
    add_content(site_tree, building_blocks, 5)
    after = count_queries(client, url)
    assert after == before
    assert after <= MAX_QUERIES[key], after


NAVIGATION_TABLES = ("network_networkpage", "workshops_workshopindexpage", "ideas_conceptpaperindexpage",
                     "ideas_needsmappage")


def test_the_main_navigation_is_not_looked_up_again_on_every_page(client, site_tree):
    """It used to cost two queries per entry on every page (8 of the Impressum's 17)."""
    client.get("/")  # builds and keeps it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(site_tree["imprint"].url)
    assert response.status_code == 200
    assert 'class="main-nav__link"' in response.content.decode()
    assert [q["sql"] for q in queries if any(t in q["sql"] for t in NAVIGATION_TABLES)] == []
    assert len(queries) <= 7  # the imprint seen first: routing, view restrictions, breadcrumbs; no navigation, no footer


def test_the_kept_navigation_follows_unpublishing_and_a_private_page(client, site_tree):
    from wagtail.models import PageViewRestriction

    def nav_links():
        html = client.get(site_tree["imprint"].url).content.decode()
        return html.split('class="main-nav__list"', 1)[1].split("</ul>", 1)[0]

    assert site_tree["network"].url in nav_links()
    site_tree["network"].unpublish()
    assert site_tree["network"].url not in nav_links()
    assert site_tree["papers"].url in nav_links()
    PageViewRestriction.objects.create(page=site_tree["papers"], restriction_type=PageViewRestriction.LOGIN)
    assert site_tree["papers"].url not in nav_links()


def test_the_breadcrumbs_are_kept_and_follow_a_renamed_parent(client, site_tree):
    url = site_tree["language_lab"].url
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    trail = html.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{site_tree["workshops"].url}">Workshops &amp; Ideenwerkstätten</a>' in trail
    assert f'href="{site_tree["home"].url}">' in trail and 'aria-current="page"' in trail
    # The ancestors' titles and addresses are not read again.
    assert not [q for q in queries if '"wagtailcore_page"."title"' in q["sql"] and '"wagtailcore_page"."path" IN' in q["sql"]]

    workshops = site_tree["workshops"]
    workshops.title = "Termine"
    workshops.save_revision().publish()
    trail = client.get(url).content.decode().split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert ">Termine</a>" in trail and "Ideenwerkstätten" not in trail
