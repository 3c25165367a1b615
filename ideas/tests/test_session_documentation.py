"""A session's documentation: the prefill of its attending organisations, its outcome section, and its PDF
(text read back with pypdf): what it holds, that it names no person, and who may get it when."""
import io
import re
import uuid
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from ideas.board import operations as ops
from ideas.models import Board
from ideas.tests.conftest import make_board_world
from network.models import MemberProfile, Organisation
from workshops.attendance import suggested_organisation_ids
from workshops.models import Registration, WorkshopPage


def post(user, board, kind, text, **fields):
    return ops.create_card(user, board.pk, client_id=uuid.uuid4(), kind=kind, text=text, **fields).id


@pytest.fixture
def world(db):
    """A past session with a published board (Alice by name, Bob "organisation only") and a hidden second board."""
    world = make_board_world(visibility=Board.Visibility.PUBLIC)
    User.objects.filter(pk=world.users.alice.pk).update(first_name="Alice", last_name="Adler")
    User.objects.filter(pk=world.users.bob.pk).update(first_name="Bob", last_name="Brenner")
    board, alice, bob, mona = world.board, world.users.alice, world.users.bob, world.users.facilitator
    world.need = post(alice, board, "need", "Sprachkurse am Abend")
    world.gap = post(bob, board, "gap", "Keine Kinderbetreuung während der Kurse", display="organisation_only")
    world.draft = post(alice, board, "draft", "Kurs mit Kinderbetreuung im Stadtteilzentrum")
    ops.link_cards(bob, board.pk, world.gap, to_card=world.need, relation="answers")
    ops.link_cards(alice, board.pk, world.draft, to_card=world.gap, relation="addresses")
    cluster = ops.create_cluster(mona, board.pk, title="Sprache und Familie")
    ops.assign_cluster(mona, board.pk, world.need, cluster=cluster.id)
    Board.objects.filter(pk=board.pk).update(phase=Board.Phase.VOTE)
    ops.cast_vote(bob, board.pk, world.need)
    Board.objects.filter(pk=board.pk).update(phase=Board.Phase.CLOSED)
    world.hidden = Board.objects.create(workshop=world.workshop, title="Interne Runde", visibility=Board.Visibility.MEMBERS)
    post(alice, world.hidden, "need", "Geheimer Bedarf der internen Runde")
    Board.objects.filter(pk=world.hidden.pk).update(phase=Board.Phase.CLOSED)
    start = timezone.now() - timedelta(days=30)
    workshop = world.workshop
    workshop.start, workshop.end = start, start + timedelta(hours=3)
    workshop.place = "Rathaus Talstadt (fiktiv)"
    workshop.participant_count = 60
    workshop.outcome = "<p>Sechs Themen für die Ideenwerkstätten.</p>"
    workshop.attending_organisations.set(world.organisations)
    workshop.save_revision().publish()
    world.workshop = WorkshopPage.objects.get(pk=workshop.pk)
    return world


def set_attending(world, organisations):
    """As the editor does: change the list and publish the page."""
    world.workshop.attending_organisations.set(organisations)
    world.workshop.save_revision().publish()


def pdf_url(world):
    return f"/boards/sessions/{world.workshop.pk}/documentation.pdf"


def pdf_text(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


# The prefill of the attending organisations

def editor_form(world):
    """The page editor's form for the session, as Wagtail builds it when an editor opens the page."""
    form_class = WorkshopPage.get_edit_handler().get_form_class()
    workshop = world.workshop.get_latest_revision_as_object()
    return form_class(instance=workshop, for_user=world.users.facilitator, parent_page=workshop.get_parent())

def test_the_organisations_of_confirmed_registrations_and_of_the_boards_are_suggested(world):
    elsewhere = Organisation.objects.create(name="Volkshochschule Talstadt (fiktiv)")
    waiting = User.objects.create_user("wartend")
    MemberProfile.objects.create(user=waiting, organisation=elsewhere)
    Registration.objects.create(workshop=world.workshop, user=waiting, status=Registration.Status.WAITING)
    registered = Organisation.objects.create(name="IHK Talstadt (fiktiv)")
    carol = User.objects.create_user("carol")
    MemberProfile.objects.create(user=carol, organisation=registered)
    Registration.objects.create(workshop=world.workshop, user=carol, status=Registration.Status.CONFIRMED)
    talblick, brueckenhaus = world.organisations
    # Bob (Brückenhaus) is registered; Alice (Talblick) only wrote on the boards; the waiting list does not count.
    assert suggested_organisation_ids(world.workshop) == {talblick.pk, brueckenhaus.pk, registered.pk}


def test_a_past_session_with_an_empty_list_opens_with_the_organisations_preselected(world):
    set_attending(world, [])
    form = editor_form(world)
    assert set(form.initial["attending_organisations"]) == {o.pk for o in world.organisations}
    assert "Vorausgewählt" in str(form.fields["attending_organisations"].help_text)  # the editor is told why


def test_a_list_once_kept_or_an_upcoming_session_is_not_prefilled(world):
    kept = Organisation.objects.create(name="Jobcenter Talstadt (fiktiv)")
    set_attending(world, [kept])
    form = editor_form(world)
    assert [getattr(o, "pk", o) for o in form.initial["attending_organisations"]] == [kept.pk]
    world.workshop.end = timezone.now() + timedelta(days=3)
    set_attending(world, [])
    form = editor_form(world)
    assert not form.initial.get("attending_organisations")


# The workshop page's outcome section

def test_the_outcome_section_shows_minutes_attendees_organisations_by_kind_and_the_pdf(client, world, site_tree):
    world.workshop.move(site_tree["workshops"], pos="last-child")
    world.workshop = WorkshopPage.objects.get(pk=world.workshop.pk)
    Organisation.objects.filter(pk=world.organisations[0].pk).update(kind=Organisation.Kind.PROVIDER)
    html = client.get(world.workshop.url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    section = html[html.index('id="outcome-heading"'):]
    assert "60 Teilnehmende" in section
    assert "2 Organisationen" in section
    assert "Sechs Themen für die Ideenwerkstätten." in section
    assert "<dt>Träger</dt>" in section and "Bildungswerk Talblick (fiktiv)" in section
    assert pdf_url(world) in section


# The PDF

def test_the_pdf_holds_the_cover_minutes_organisations_and_the_published_boards_results(client, world):
    text = pdf_text(client.get(pdf_url(world), HTTP_ACCEPT_LANGUAGE="de"))
    assert "Ideenwerkstatt Sprache" in text and "Rathaus Talstadt (fiktiv)" in text
    assert "Protokoll" in text and "Sechs Themen für die Ideenwerkstätten." in text
    assert "60" in text and "Bildungswerk Talblick (fiktiv)" in text and "Jugendmigrationsdienst Brückenhaus (fiktiv)" in text
    assert "Was brauchen junge Geflüchtete?" in text  # the board and its results
    assert "Sprachkurse am Abend" in text and "1 Punkt" in text
    assert "Sprache und Familie" in text  # its cluster
    assert "Kurs mit Kinderbetreuung im Stadtteilzentrum" in text  # the chain's draft
    assert "Punkte je Cluster" in text  # the chart, drawn from its SVG


def test_the_pdf_names_no_person_and_leaves_out_boards_not_published(client, world):
    client.force_login(world.users.facilitator)  # a facilitator gets the public's document too
    text = pdf_text(client.get(pdf_url(world)))
    assert "Keine Kinderbetreuung während der Kurse" in text
    for name in ("Bob", "Brenner", "Alice", "Adler", "Mona", "alice", "bob", "moderation"):
        assert name not in text
    assert "Interne Runde" not in text and "Geheimer Bedarf" not in text


def test_the_pdf_is_there_once_the_session_is_past_and_its_page_live_and_public(client, world, site_tree):
    assert client.get(pdf_url(world)).status_code == 200
    world.workshop.move(site_tree["workshops"], pos="last-child")
    workshop = world.workshop = WorkshopPage.objects.get(pk=world.workshop.pk)
    WorkshopPage.objects.filter(pk=workshop.pk).update(end=timezone.now() + timedelta(hours=1))
    assert client.get(pdf_url(world)).status_code == 404  # not past yet
    assert pdf_url(world) not in client.get(workshop.url).content.decode()
    WorkshopPage.objects.filter(pk=workshop.pk).update(end=timezone.now() - timedelta(hours=1))
    restriction = PageViewRestriction.objects.create(page=workshop, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(pdf_url(world)).status_code == 404  # not public
    restriction.delete()
    workshop.unpublish()
    assert client.get(pdf_url(world)).status_code == 404  # not live
    assert client.get("/boards/sessions/999999/documentation.pdf").status_code == 404


def test_a_session_with_nothing_documented_and_no_published_board_has_no_pdf(client, world):
    Board.objects.filter(workshop=world.workshop).update(visibility=Board.Visibility.MEMBERS)
    world.workshop.outcome, world.workshop.participant_count = "", None
    set_attending(world, [])
    assert client.get(pdf_url(world)).status_code == 404


def test_the_editor_opens_a_past_session_with_its_organisations_ticked(client, world, site_tree):
    world.workshop.move(site_tree["workshops"], pos="last-child")
    world.workshop = WorkshopPage.objects.get(pk=world.workshop.pk)
    set_attending(world, [])
    client.force_login(User.objects.create_superuser("chefin", "chefin@example.org", "x"))
    html = client.get(f"/admin/pages/{world.workshop.pk}/edit/").content.decode()
    boxes = dict(re.findall(r'<input type="checkbox" name="attending_organisations" value="(\d+)"([^>]*)>', html))
    assert set(boxes) >= {str(o.pk) for o in world.organisations}
    assert all("checked" in boxes[str(o.pk)] for o in world.organisations)
    assert "Vorausgewählt" in html or "Preselected" in html


def test_the_pdf_is_made_once_and_again_when_a_board_of_the_session_changes(client, world, monkeypatch):
    import types

    from ideas import session_documentation

    def made_on(day):
        moment = timezone.make_aware(datetime(2026, 12, day, 10, 0))
        monkeypatch.setattr(session_documentation, "timezone", types.SimpleNamespace(localtime=lambda: moment))

    made_on(1)
    assert "Stand: 1. Dezember 2026" in pdf_text(client.get(pdf_url(world), HTTP_ACCEPT_LANGUAGE="de"))
    made_on(2)  # a day later, nothing changed: the same document
    assert "Stand: 1. Dezember 2026" in pdf_text(client.get(pdf_url(world), HTTP_ACCEPT_LANGUAGE="de"))
    mona = world.users.facilitator
    ops.set_phase(mona, world.board.pk, phase=Board.Phase.VOTE)
    ops.cast_vote(world.users.alice, world.board.pk, world.need)
    ops.set_phase(mona, world.board.pk, phase=Board.Phase.CLOSED)
    text = pdf_text(client.get(pdf_url(world), HTTP_ACCEPT_LANGUAGE="de"))
    assert "2 Punkte" in text and "Stand: 2. Dezember 2026" in text
