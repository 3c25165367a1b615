"""The site search finds public pages and its filters narrow the results."""
import os

import pytest
from django.urls import reverse

from conftest import make_paper, make_workshop

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


# --- Finding what people type: tags, parts of German compound words, synonyms -------------------


@pytest.fixture
def demo_like(site_tree):
    """Pages as the demo has them: a language paper that never says "Sprache", childcare sessions."""
    language_paper = make_paper(site_tree["papers"], "Fachsprache begleitend zur Ausbildung", tags=["Sprache", "Ausbildung"])
    language_paper.summary = "Ein ausbildungsbegleitender Fachsprachkurs am Berufskolleg."
    language_paper.save_revision().publish()
    childcare_lab = make_workshop(
        site_tree["workshops"], "Ideenwerkstatt: Kinderbetreuung für junge Mütter in Kursen",
        days_from_now=14, tags=["Kinderbetreuung", "Frauen"],
    )
    kickoff = site_tree["kickoff"]
    kickoff.tags.add("Kinderbetreuung")
    kickoff.save_revision().publish()
    make_workshop(site_tree["workshops"], "Ideenwerkstatt: Praktika und Arbeitgeberkontakte", days_from_now=20, tags=["Arbeitgeber"])
    return {"language_paper": language_paper, "childcare_lab": childcare_lab}


def test_a_tag_finds_the_pages_tagged_with_it(client, demo_like):
    assert "Fachsprache begleitend zur Ausbildung" in titles(client, q="Sprache")


def test_a_word_finds_the_compound_words_it_is_part_of(client, demo_like):
    found = titles(client, q="sprache")
    assert {"Fachsprache begleitend zur Ausbildung", "Ideenwerkstatt Sprachförderung"} <= found
    assert "Ideenwerkstatt: Kinderbetreuung für junge Mütter in Kursen" in titles(client, q="Betreuung")


def test_the_start_of_a_word_finds_the_word(client, demo_like):
    assert "Ideenwerkstatt: Praktika und Arbeitgeberkontakte" in titles(client, q="Arbeitgeber")
    assert "Ideenwerkstatt: Praktika und Arbeitgeberkontakte" in titles(client, q="Praktik")


def test_kita_finds_the_childcare_sessions(client, demo_like):
    found = titles(client, q="Kita")
    assert {"Ideenwerkstatt: Kinderbetreuung für junge Mütter in Kursen", "Auftaktworkshop"} <= found
    assert "Fachsprache begleitend zur Ausbildung" not in found


def test_kinderbetreuung_finds_tagged_sessions_too(client, demo_like):
    found = titles(client, q="Kinderbetreuung")
    assert {"Ideenwerkstatt: Kinderbetreuung für junge Mütter in Kursen", "Auftaktworkshop"} <= found


def test_every_word_of_the_query_must_match(client, demo_like):
    found = titles(client, q="Sprache Ausbildung")
    assert "Fachsprache begleitend zur Ausbildung" in found
    assert "Ideenwerkstatt: Kinderbetreuung für junge Mütter in Kursen" not in found


def test_the_best_match_comes_first(client, demo_like):
    response = client.get(reverse("search"), {"q": "Fachsprache"})
    assert response.context["results"][0].title == "Fachsprache begleitend zur Ausbildung"


def test_search_syntax_characters_are_plain_text(client, demo_like):
    for query in ['"Sprache', "_", "a_b", "F2", "ß", "Sprache*", "(Kita", "NOT", "Kita OR", "'", "Sprache:Kita", "-", "^", "AND Kita"]:
        response = client.get(reverse("search"), {"q": query})
        assert response.status_code == 200, query


def test_a_topic_added_when_editing_a_page_is_found_once_it_is_published(client, site_tree):
    paper = site_tree["paper"]
    assert "Sprachförderung begleitend zur Ausbildung" not in titles(client, q="Mentoring")
    paper.tags.add("Mentoring")
    paper.save_revision().publish()
    assert "Sprachförderung begleitend zur Ausbildung" in titles(client, q="Mentoring")


def test_a_target_group_finds_the_pages_for_it(client, site_tree):
    from network.models import TargetGroup

    mothers = TargetGroup.objects.create(name="Junge Mütter")
    lab = site_tree["language_lab"]
    lab.target_groups.add(mothers)
    lab.save_revision().publish()
    assert "Ideenwerkstatt Sprachförderung" in titles(client, q="Mütter")


def test_editors_promote_a_result_for_a_frequent_query(client, editor, demo_like):
    client.force_login(editor)
    add_url = reverse("wagtailsearchpromotions:add")
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, {
        "query_string": "Kita",
        "editors_picks-TOTAL_FORMS": "1", "editors_picks-INITIAL_FORMS": "0",
        "editors_picks-MIN_NUM_FORMS": "0", "editors_picks-MAX_NUM_FORMS": "1000",
        "editors_picks-0-page": str(demo_like["language_paper"].pk),
        "editors_picks-0-description": "Sprachkurse mit Kinderbetreuung",
        "editors_picks-0-ORDER": "0", "editors_picks-0-external_link_url": "", "editors_picks-0-external_link_text": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()

    response = client.get(reverse("search"), {"q": "kita"})
    promoted = response.context["promotions"]
    assert [promotion.page.title for promotion in promoted] == ["Fachsprache begleitend zur Ausbildung"]
    assert "Sprachkurse mit Kinderbetreuung" in response.content.decode()


def test_a_promoted_page_that_was_unpublished_is_not_shown(client, demo_like):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    paper = demo_like["language_paper"]
    SearchPromotion.objects.create(query=Query.get("Kita"), page=paper, sort_order=0)
    paper.unpublish()
    response = client.get(reverse("search"), {"q": "Kita"})
    assert response.context["promotions"] == []


def test_searches_are_counted_for_the_editors(client, demo_like):
    from wagtail.contrib.search_promotions.models import Query

    client.get(reverse("search"), {"q": "Kita"})
    client.get(reverse("search"), {"q": "kita "})
    assert Query.get("kita").hits == 2


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="German stemming is PostgreSQL's (SEARCH_CONFIG); SQLite's index has none",
)
def test_german_stemming_finds_other_forms_of_a_word_on_postgresql(client, demo_like):
    assert "Fachsprache begleitend zur Ausbildung" in titles(client, q="Ausbildungen")


def test_a_search_term_that_is_too_long_is_named_as_an_error(client, site_tree):
    response = client.get(reverse("search"), {"q": "Sprache " * 40}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert response.context["results"] == []
    assert "höchstens 200 Zeichen" in response.content.decode()
