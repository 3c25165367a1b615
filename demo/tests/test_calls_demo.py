"""The demo's call of January 2020: past its deadline, in evaluation, with the issue's five criteria; the office's login."""
import pytest
from django.contrib.auth.models import User

from calls.models import CallIndexPage, CallPage, CallState
from calls.roles import is_office
from demo.tests.loaded_demo import demo, demo_for_class  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


class TestTheDemoCall:
    def test_the_call_implements_the_adopted_paper_with_the_five_weighted_criteria(self, demo):
        call = CallPage.objects.live().get(title="Interessenbekundungsverfahren 2020: Maßnahmen für junge Geflüchtete")
        assert call.state() == CallState.IN_EVALUATION and not call.is_open()
        assert [paper.slug for paper in call.concept_papers.all()] == ["fachsprache-begleitend-zur-ausbildung"]
        assert [(c.name, c.weight, c.scale_max) for c in call.criteria.all()] == [
            ("Passung zum Konzept", 30, 5), ("Erreichen der Zielgruppe", 25, 5), ("Kooperation im Netzwerk", 20, 5),
            ("Umsetzbarkeit", 15, 5), ("Kosten", 10, 5),
        ]
        call.full_clean()

    def test_the_index_is_in_the_main_navigation_and_lists_the_call(self, demo, client):
        index = CallIndexPage.objects.live().get()
        html = client.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
        assert f'href="{index.url}"' in html.split("</nav>")[0]
        listing = client.get(index.url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        assert "Interessenbekundungsverfahren 2020" in listing and "Montag, 13. Januar 2020, 12:00 Uhr" in listing

    def test_the_office_login_is_printed_and_holds_the_office_role(self, demo):
        assert is_office(User.objects.get(username="geschaeftsstelle"))
        assert not is_office(User.objects.get(username="redaktion"))
        assert "geschaeftsstelle" in demo.output and "Geschäftsstelle" in demo.output
