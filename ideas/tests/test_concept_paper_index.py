"""The concept paper index lists published papers and filters them by status, topic and building block."""
import pytest

from conftest import make_paper
from ideas.models import ConceptPaperPage

pytestmark = pytest.mark.django_db


def listed(client, index, **params):
    return {paper.title for paper in client.get(index.url, params).context["papers"]}


@pytest.fixture
def papers(site_tree, building_blocks):
    make_paper(site_tree["papers"], "Lotsendienst Arbeitserlaubnis", tags=["Aufenthaltsrecht"], blocks=[building_blocks["F6"]])
    return site_tree["papers"]


def test_every_published_paper_is_listed(client, papers):
    assert listed(client, papers) == {"Sprachförderung begleitend zur Ausbildung", "Lotsendienst Arbeitserlaubnis"}


def test_filter_by_status_tag_and_building_block(client, papers):
    assert listed(client, papers, status=ConceptPaperPage.Status.ADOPTED) == {"Sprachförderung begleitend zur Ausbildung"}
    assert listed(client, papers, tag="aufenthaltsrecht") == {"Lotsendienst Arbeitserlaubnis"}
    assert listed(client, papers, block="F2") == {"Sprachförderung begleitend zur Ausbildung"}
    assert listed(client, papers, status=ConceptPaperPage.Status.ADOPTED, block="F6") == set()


def test_the_form_has_the_status_topic_and_building_block(client, papers):
    html = client.get(papers.url, {"status": "adopted"}).content.decode()
    assert 'id="papers-status"' in html and 'id="papers-tag"' in html and 'id="papers-block"' in html
    assert '<option value="adopted" selected>' in html


def test_an_unknown_status_filters_nothing(client, papers):
    assert len(listed(client, papers, status="<script>")) == 2
