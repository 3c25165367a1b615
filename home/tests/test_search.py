"""The site search finds public pages and its filters narrow the results."""
import pytest
from django.urls import reverse

from conftest import make_paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_tree(shared_site_tree):
    """One site tree for the whole module (built once; each test's changes roll back)."""
    return shared_site_tree


def titles(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return {page.title for page in response.context["results"]}


def test_search_finds_workshops_and_papers_by_word(client, site_tree):
    found = titles(client, q="Sprachförderung")
    assert {"Ideenwerkstatt Sprachförderung", "Sprachförderung begleitend zur Ausbildung"} <= found


def test_filter_by_page_type(client, site_tree):
    assert titles(client, q="Sprachförderung", type="concept") == {"Sprachförderung begleitend zur Ausbildung"}
    assert titles(client, q="Sprachförderung", type="workshop") == {"Ideenwerkstatt Sprachförderung"}


def test_filter_by_tag_without_query(client, site_tree):
    assert titles(client, tag="ausbildung") == {"Auftaktworkshop"}


def test_filter_by_building_block(client, site_tree):
    assert titles(client, block="F6") == {"Auftaktworkshop"}
    assert titles(client, block="F2") == {"Ideenwerkstatt Sprachförderung", "Sprachförderung begleitend zur Ausbildung"}


def test_unpublished_pages_are_not_found(client, site_tree):
    draft = make_paper(site_tree["papers"], "Geheimes Sprachförderungskonzept")
    draft.unpublish()
    assert "Geheimes Sprachförderungskonzept" not in titles(client, q="Sprachförderungskonzept")


def test_empty_search_shows_no_results_and_no_error(client, site_tree):
    assert titles(client) == set()


def test_unknown_filter_values_are_ignored(client, site_tree):
    assert "Auftaktworkshop" in titles(client, q="Auftaktworkshop", type="<script>")
