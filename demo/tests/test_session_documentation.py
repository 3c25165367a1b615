"""The demo kick-off's documentation: minutes, 60 attendees, 23 organisations, and its PDF without names."""
import io

from pypdf import PdfReader

from demo.tests.loaded_demo import demo, demo_for_class  # noqa: F401 (fixtures)
from demo.users import DEMO_USERS
from workshops.models import WorkshopPage


class TestKickOffDocumentation:
    def test_the_kick_off_is_documented_with_minutes_attendees_and_organisations(self, demo, client):
        kickoff = WorkshopPage.objects.get(slug="auftaktworkshop")
        assert kickoff.participant_count == 60 and kickoff.attending_organisations.count() == 23
        assert "60 Teilnehmende aus 23 Einrichtungen" in kickoff.outcome
        html = client.get(kickoff.url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        assert "60 Teilnehmende" in html and "23 Organisationen" in html
        assert f"/boards/sessions/{kickoff.pk}/documentation.pdf" in html

    def test_its_pdf_holds_the_board_and_no_persons_name(self, demo, client):
        kickoff = WorkshopPage.objects.get(slug="auftaktworkshop")
        response = client.get(f"/boards/sessions/{kickoff.pk}/documentation.pdf", HTTP_ACCEPT_LANGUAGE="de")
        assert response.status_code == 200
        text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.content)).pages)
        assert "Bedarfe, Angebotslücken und erste Konzeptideen" in text and "Punkte je Cluster" in text
        assert "Kreishandwerkerschaft Talstadt (fiktiv)" in text
        for user in DEMO_USERS:  # ("Lange" alone is a German word: "Lange Bearbeitungszeiten")
            assert f'{user["first_name"]} {user["last_name"]}' not in text and user["first_name"] not in text
        assert "Mariam Yousef" not in text  # someone without a device, whose card the facilitator typed in
        assert "Lena Brückner" not in text  # the facilitators are not named either
