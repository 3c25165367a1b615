"""The workshop index filters by kind, topic tag and building block."""
import pytest

from workshops.models import WorkshopPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_tree(shared_site_tree):
    """One site tree for the whole module (built once; each test's changes roll back)."""
    return shared_site_tree


def listed(client, index, **params):
    context = client.get(index.url, params).context
    return {p.title for p in context["upcoming"]} | {p.title for p in context["past"]}


def test_filter_by_kind(client, site_tree):
    assert listed(client, site_tree["workshops"], kind=WorkshopPage.Kind.WORKSHOP) == {"Auftaktworkshop"}
    assert listed(client, site_tree["workshops"], kind=WorkshopPage.Kind.IDEA_LAB) == {"Ideenwerkstatt Sprachförderung"}


def test_filter_by_tag(client, site_tree):
    assert listed(client, site_tree["workshops"], tag="sprache") == {"Ideenwerkstatt Sprachförderung"}


def test_filter_by_building_block(client, site_tree):
    assert listed(client, site_tree["workshops"], block="F6") == {"Auftaktworkshop"}


def test_unknown_kind_shows_everything(client, site_tree):
    assert listed(client, site_tree["workshops"], kind="nonsense") == {"Auftaktworkshop", "Ideenwerkstatt Sprachförderung"}


def test_concept_papers_filter_by_status(client, site_tree):
    context = client.get(site_tree["papers"].url, {"status": "draft"}).context
    assert list(context["papers"]) == []
    context = client.get(site_tree["papers"].url, {"status": "adopted"}).context
    assert [p.title for p in context["papers"]] == ["Sprachförderung begleitend zur Ausbildung"]


def test_the_form_offers_the_topics_in_use_and_keeps_the_chosen_one(client, site_tree):
    html = client.get(site_tree["workshops"].url, {"tag": "sprache"}).content.decode()
    assert '<select name="tag" id="sessions-tag">' in html
    assert '<option value="sprache" selected>Sprache</option>' in html
    assert '<option value="F2">F2 – Qualifizierung und Sprachförderung</option>' in html
    assert "Reset filters" in html or "Filter zurücksetzen" in html


def test_an_unknown_topic_is_named_as_an_error_and_filters_nothing(client, site_tree):
    response = client.get(site_tree["workshops"].url, {"tag": "gibt-es-nicht"}, HTTP_ACCEPT_LANGUAGE="de")
    assert listed(client, site_tree["workshops"], tag="gibt-es-nicht") == {"Auftaktworkshop", "Ideenwerkstatt Sprachförderung"}
    html = response.content.decode()
    assert "Bitte eine gültige Auswahl treffen" in html
    assert 'aria-invalid="true"' in html


def filter_form(client, url, **params):
    html = client.get(url, params).content.decode()
    return html[html.index('<form class="filter-form'):].split("</form>", 1)[0]


def test_the_kept_filter_form_shows_each_readers_choice_and_a_new_topic_once_published(client, site_tree):
    from conftest import make_workshop

    index = site_tree["workshops"].url
    assert 'value="sprache" selected' in filter_form(client, index, tag="sprache")
    assert 'value="sprache" selected' not in filter_form(client, index)
    assert 'value="sprache" selected' in filter_form(client, index, tag="sprache")  # from the cache now
    assert "nonsense" not in filter_form(client, index) and "field--error" in filter_form(client, index, kind="nonsense")
    make_workshop(site_tree["workshops"], "Abendtermin", days_from_now=5, tags=["Wohnen"])
    assert 'value="wohnen"' in filter_form(client, index)
