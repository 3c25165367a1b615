"""`manage.py load_demo` builds the whole demo story, only adds demo users in development,
and changes nothing when it runs a second time."""
import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import (
    GroupApprovalTask, Page, PageLogEntry, ReferenceIndex, Revision, Site, Task, Workflow, WorkflowPage,
    WorkflowTask,
)
from wagtail.search.models import IndexEntry

from home.models import ContentPage, HomePage, SiteSettings
from demo.tests import loaded_demo
from demo.tests.loaded_demo import demo, demo_for_class  # noqa: F401 (fixtures)
from ideas import review
from ideas.models import ConceptPaperIndexPage, ConceptPaperPage, ConceptPaperPageTag
from network import roles
from network.models import BuildingBlock, ContactPerson, MemberProfile, NetworkPage, Organisation, TargetGroup
from workshops.models import WorkshopFacilitator, WorkshopIndexPage, WorkshopPage, WorkshopPageTag

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {"mitglied1", "mitglied2", "moderation", "redaktion", "kerngruppe", "geschaeftsstelle", "admin"}


def run_load_demo():
    return loaded_demo.run_load_demo().output


def home_page():
    return Site.objects.get(is_default_site=True).root_page.specific


def request():
    return RequestFactory().get("/")


COUNTED_MODELS = [
    Page, Revision, PageLogEntry, ReferenceIndex, IndexEntry, Site, SiteSettings, BuildingBlock, TargetGroup,
    Organisation, ContactPerson, MemberProfile, User, Group, Tag, WorkshopPageTag, ConceptPaperPageTag,
    WorkshopFacilitator, Workflow, Task, WorkflowTask, WorkflowPage,
]


def snapshot():
    """Everything load_demo touches: counts, every page's content and publication, the network data, the users."""
    return {
        "counts": {model._meta.label: model.objects.count() for model in COUNTED_MODELS},
        "pages": [
            (page.url_path, page.live_revision_id, page.last_published_at, page.specific.serializable_data())
            for page in Page.objects.order_by("path")
        ],
        "organisations": list(Organisation.objects.values()),
        "contacts": list(ContactPerson.objects.values()),
        "users": list(User.objects.order_by("username").values()),
        "site": list(Site.objects.values()),
        "site_settings": [
            (settings_.organisation_name, settings_.contact_email, settings_.footer_links.get_prep_value())
            for settings_ in SiteSettings.objects.all()
        ],
    }


class TestTheLoadedDemo:
    """One load_demo run in development settings, shared by these tests (demo/tests/loaded_demo.py)."""

    # --- the site ------------------------------------------------------------------------------------

    def test_home_page_replaces_wagtails_welcome_page_as_root_of_the_default_site(self, demo):
        site = Site.objects.get()
        assert (site.hostname, site.port, site.is_default_site) == ("localhost", 80, True)
        assert site.site_name == "Netzwerkstatt", "the admin's dashboard shows this name, not 'localhost'"
        home = site.root_page.specific
        assert isinstance(home, HomePage) and home.live
        assert home.title == "Netzwerkstatt"
        assert "Talstadt (fiktiv)" in home.intro and "Ausbildung" in home.intro
        # Only the home page is left at the top of the tree: the welcome page is gone.
        assert list(Page.objects.filter(depth=2)) == [home.page_ptr]

    def test_main_sections_are_live_below_the_home_page(self, demo):
        home = home_page()
        sections = {page.slug: page.specific for page in home.get_children().live()}
        assert isinstance(sections["netzwerk"], NetworkPage)
        assert isinstance(sections["workshops"], WorkshopIndexPage)
        assert sections["workshops"].title == "Workshops & Ideenwerkstätten"
        assert isinstance(sections["konzepte"], ConceptPaperIndexPage)
        assert sections["konzepte"].title == "Konzepte"
        assert all(page.live_revision_id for page in Page.objects.filter(depth__gte=2)), "every page is published"

    # --- the network -------------------------------------------------------------------------------------

    def test_the_six_building_blocks_f1_to_f6(self, demo):
        blocks = {block.code: block for block in BuildingBlock.objects.all()}
        assert list(blocks) == ["F1", "F2", "F3", "F4", "F5", "F6"]
        assert blocks["F1"].title == "Individuelles Coaching"
        assert blocks["F3"].title == "Nachholen von Schulabschlüssen"
        assert blocks["F5"].title == "Innovative Modellprojekte (Innovationsfonds)"
        assert blocks["F6"].title == "Teilhabemanagement"
        assert all(block.short_description for block in blocks.values())

    def test_target_groups_name_the_young_people_the_network_serves(self, demo):
        names = set(TargetGroup.objects.values_list("name", flat=True))
        assert {"Geduldete junge Geflüchtete", "Junge Frauen", "Junge Mütter"} <= names
        assert len(names) >= 5

    def test_network_page_shows_fictional_organisations_of_every_kind_and_the_core_group(self, demo):
        organisations = Organisation.objects.all()
        assert organisations.count() >= 15
        assert all("(fiktiv)" in organisation.name for organisation in organisations)
        assert all(".example.org" in organisation.website for organisation in organisations)

        context = NetworkPage.objects.get().get_context(request())
        assert [group["kind"] for group in context["organisation_groups"]] == Organisation.Kind.values
        core_group = {organisation.name for organisation in context["core_group"]}
        assert "Kommunales Integrationszentrum Talstadt (fiktiv)" in core_group
        assert len(core_group) >= 3
        assert Organisation.objects.get(kind=Organisation.Kind.KI).building_blocks.filter(code="F6").exists()

    def test_contact_persons_have_fictional_addresses_and_phone_numbers(self, demo):
        contacts = ContactPerson.objects.select_related("organisation")
        assert contacts.count() >= 3
        assert {"Netzwerkkoordination", "Teilhabemanagerin"} <= {contact.role for contact in contacts}
        for contact in contacts:
            assert contact.email.endswith(".example.org")
            assert contact.phone.startswith("0000")
            assert "(fiktiv)" in contact.organisation.name

    # --- workshops and idea labs --------------------------------------------------------------------------

    def test_kick_off_workshop_documents_the_needs_and_gaps_collected_in_2019(self, demo):
        kickoff = WorkshopPage.objects.live().get(kind=WorkshopPage.Kind.WORKSHOP)
        start = timezone.localtime(kickoff.start)
        assert (start.year, start.month) == (2019, 3)
        assert kickoff.is_past and not kickoff.registration_open
        assert 50 <= kickoff.participant_count <= 70
        assert kickoff.place
        assert "Bedarfe" in kickoff.outcome and "Angebotslücken" in kickoff.outcome
        assert len([block for block in kickoff.agenda if block.block_type == "item"]) >= 4
        assert kickoff.facilitators.count() >= 1
        assert {"Sprache", "Ausbildung", "Aufenthaltsrecht"} <= set(kickoff.tags.names())
        assert kickoff.building_blocks.count() == 6
        assert kickoff.target_groups.exists()

    def test_idea_labs_on_the_local_topics(self, demo):
        titles = " ".join(WorkshopPage.objects.live().filter(kind=WorkshopPage.Kind.IDEA_LAB).values_list("title", flat=True))
        for topic in [
            "Sprachförderung während der Ausbildung", "Kompetenzfeststellung ohne Zeugnisse",
            "Praktika und Arbeitgeberkontakte", "Kinderbetreuung für junge Mütter", "Arbeitserlaubnis",
            "Junge Frauen erreichen",
        ]:
            assert topic in titles

    def test_past_idea_labs_have_outcomes_and_upcoming_ones_are_open_for_registration(self, demo):
        index = WorkshopIndexPage.objects.get()
        context = index.get_context(request())
        past_labs = [page for page in context["past"] if page.kind == WorkshopPage.Kind.IDEA_LAB]
        assert len(past_labs) >= 3
        assert all(page.outcome and page.participant_count for page in past_labs)

        upcoming = list(home_page().upcoming_sessions())
        assert len(upcoming) >= 2
        for session in upcoming:
            assert session.start > timezone.now()
            assert session.registration_open and session.capacity == 25
        assert context["upcoming"].count() == len(upcoming)

    def test_sessions_can_be_filtered_by_topic_tag_and_building_block(self, demo):
        index = WorkshopIndexPage.objects.get()
        assert {"Sprache", "Ausbildung", "Aufenthaltsrecht", "Arbeitgeber", "Frauen", "Kinderbetreuung"} <= set(
            Tag.objects.values_list("name", flat=True)
        )
        childcare = index.sessions(tag="kinderbetreuung")
        assert "Ideenwerkstatt: Kinderbetreuung für junge Mütter in Kursen" in [page.title for page in childcare]
        assert index.sessions(block="F2").filter(slug="sprachfoerderung-waehrend-der-ausbildung").exists()

    def test_search_finds_the_language_support_idea_lab(self, demo):
        results = [page.title for page in Page.objects.live().search("Sprachförderung")]
        assert "Ideenwerkstatt: Sprachförderung während der Ausbildung" in results

    # --- concept papers and their review ------------------------------------------------------------

    def test_concept_papers_are_published_with_their_topics_and_origin(self, demo):
        papers = ConceptPaperPage.objects.live()
        assert papers.count() >= 2
        assert {ConceptPaperPage.Status.ADOPTED, ConceptPaperPage.Status.IN_REVIEW} <= set(
            papers.values_list("status", flat=True)
        )
        for paper in papers:
            assert paper.summary
            assert [block.block_type for block in paper.body][:2] == ["heading", "paragraph"]
            assert paper.building_blocks.exists() and paper.target_groups.exists() and paper.tags.exists()
            assert paper.related_workshops.exists()
        assert list(home_page().latest_concept_papers())

    def test_the_core_group_approves_a_concept_paper_the_editor_submitted(self, demo, client):
        paper = ConceptPaperPage.objects.get(status=ConceptPaperPage.Status.DRAFT)
        workflow = paper.get_workflow()
        assert workflow.name == review.WORKFLOW_NAME
        assert WorkflowPage.objects.get(workflow=workflow).page.specific == ConceptPaperIndexPage.objects.get()
        [task] = workflow.tasks.specific()
        assert isinstance(task, GroupApprovalTask)
        assert list(task.groups.values_list("name", flat=True)) == [roles.CORE_GROUP]

        editor = User.objects.get(username="redaktion")
        paper.summary = "Überarbeitet nach der Ideenwerkstatt."
        paper.save_revision(user=editor)
        workflow.start(paper, editor)

        client.force_login(User.objects.get(username="kerngruppe"))
        dashboard = client.get("/admin/").content.decode()
        assert "Ihre Überprüfung steht aus" in dashboard and paper.title in dashboard
        [approve_url] = set(re.findall(r'data-workflow-action-url="([^"]*/approve/[^"]*)"', dashboard))
        response = client.post(approve_url, headers={"x-requested-with": "XMLHttpRequest"})
        assert response.json()["step"] == "success"

        client.logout()
        assert "Überarbeitet nach der Ideenwerkstatt." in client.get(paper.url).content.decode()

    def test_the_demo_editor_submits_concept_papers_instead_of_publishing_them(self, demo, client):
        paper = ConceptPaperPage.objects.get(status=ConceptPaperPage.Status.DRAFT)
        client.force_login(User.objects.get(username="redaktion"))
        editor_page = client.get(f"/admin/pages/{paper.pk}/edit/").content.decode()
        assert 'name="action-submit"' in editor_page and 'name="action-publish"' not in editor_page
        workshop = WorkshopPage.objects.get(slug="junge-frauen-erreichen")
        assert 'name="action-publish"' in client.get(f"/admin/pages/{workshop.pk}/edit/").content.decode()

    # --- legal pages and site settings ---------------------------------------------------------------

    def test_legal_pages_are_live_and_linked_in_the_footer(self, demo):
        legal = {page.slug: page for page in ContentPage.objects.live().child_of(home_page())}
        assert {"impressum", "datenschutz", "barrierefreiheit", "leichte-sprache"} <= set(legal)
        assert legal["barrierefreiheit"].title == "Erklärung zur Barrierefreiheit"

        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        assert "Kommunales Integrationszentrum" in site_settings.organisation_name
        assert site_settings.contact_email.endswith(".example.org")
        assert site_settings.contact_phone.startswith("0000")
        footer = [(link.value["label"], link.value["page"].slug) for link in site_settings.footer_links]
        assert footer == [
            ("Impressum", "impressum"), ("Datenschutz", "datenschutz"),
            ("Barrierefreiheit", "barrierefreiheit"), ("Leichte Sprache", "leichte-sprache"),
        ]

    def test_privacy_page_says_boards_hold_no_personal_data_of_the_young_people(self, demo):
        privacy = ContentPage.objects.get(slug="datenschutz")
        text = str(privacy.body)
        assert "niemals personenbezogene Daten der jungen Menschen" in text
        assert "fachliche Beobachtungen" in text

    def test_easy_language_page_explains_the_network_in_short_sentences(self, demo):
        page = ContentPage.objects.get(slug="leichte-sprache")
        assert page.title == "Leichte Sprache"
        assert "Die Netzwerkstatt ist eine Gruppe." in str(page.body)

    def test_the_demo_content_is_found_by_its_topics_and_word_parts(self, demo, client):
        def titles(query):
            response = client.get(reverse("search"), {"q": query})
            assert response.status_code == 200
            return {page.title for page in response.context["results"]}

        assert "Fachsprache begleitend zur Ausbildung" in titles("Sprache")
        childcare = titles("Kita")
        assert {
            "Ideenwerkstatt: Kinderbetreuung für junge Mütter in Kursen",
            "Auftaktworkshop: Gemeinsam in Ausbildung und Arbeit",
        } <= childcare
        assert "Lotsendienst Arbeitserlaubnis" not in childcare

    # --- demo users --------------------------------------------------------------------------------------

    def test_demo_users_log_in_with_their_roles_in_development(self, demo, client):
        users = {user.username: user for user in User.objects.all()}
        assert set(users) == DEMO_USERNAMES
        for username in DEMO_USERNAMES:
            response = client.post("/accounts/login/", {"username": username, "password": "demo1234"})
            assert response.status_code == 302, username
            client.logout()
            assert users[username].email.endswith("@example.org")
            assert users[username].first_name and users[username].last_name
            assert users[username].member_profile.organisation

        def role_names(username):
            return set(Group.objects.filter(user__username=username).values_list("name", flat=True))

        assert role_names("mitglied1") == role_names("mitglied2") == {roles.MEMBER}
        assert users["mitglied1"].member_profile.organisation != users["mitglied2"].member_profile.organisation
        assert role_names("moderation") == {roles.FACILITATOR, roles.MEMBER}
        assert role_names("redaktion") == {roles.EDITOR, roles.MEMBER}
        assert role_names("kerngruppe") == {roles.CORE_GROUP, roles.MEMBER}
        assert users["admin"].is_superuser and users["admin"].is_staff
        assert not any(users[name].is_superuser for name in DEMO_USERNAMES - {"admin"})
        assert users["redaktion"].has_perm("wagtailadmin.access_admin")
        assert not users["mitglied1"].has_perm("wagtailadmin.access_admin")

    def test_demo_logins_are_printed_as_a_table(self, demo):
        output = demo.output
        assert "demo1234" in output
        for username in DEMO_USERNAMES:
            assert f"  {username} " in output
        assert "Bündniskerngruppe" in output and "Redaktion" in output
        assert "http://127.0.0.1:8000/" in output and "http://127.0.0.1:8000/admin/" in output

    # --- running it again --------------------------------------------------------------------------------

    def test_running_it_twice_changes_nothing(self, demo):
        first = snapshot()
        output = run_load_demo()
        assert snapshot() == first
        assert "0 created" in output and " 1 created" not in output

    def test_running_it_again_keeps_what_editors_changed(self, demo):
        organisation = Organisation.objects.get(name="Bildungswerk Talblick (fiktiv)")
        organisation.description = "Neue Beschreibung aus der Redaktion."
        organisation.save()
        lab = WorkshopPage.objects.get(slug="junge-frauen-erreichen")
        lab.title = "Ideenwerkstatt: Junge Frauen erreichen – neuer Termin"
        lab.save_revision().publish()
        site_settings = SiteSettings.objects.get()
        site_settings.contact_email = "buero@ki-talstadt.example.org"
        site_settings.save()
        user = User.objects.get(username="redaktion")
        user.set_password("ein-eigenes-passwort")
        user.save()
        revisions = Revision.objects.count()

        run_load_demo()

        assert Organisation.objects.get(pk=organisation.pk).description == "Neue Beschreibung aus der Redaktion."
        assert WorkshopPage.objects.get(pk=lab.pk).title.endswith("neuer Termin")
        assert SiteSettings.objects.get().contact_email == "buero@ki-talstadt.example.org"
        assert User.objects.get(username="redaktion").check_password("ein-eigenes-passwort")
        assert Revision.objects.count() == revisions
        assert WorkshopPage.objects.filter(slug="junge-frauen-erreichen").count() == 1


# --- without demo users ------------------------------------------------------------------------------


def test_no_demo_users_outside_development(settings):
    settings.DEBUG = False
    output = run_load_demo()
    assert not User.objects.exists()
    assert not MemberProfile.objects.exists()
    assert "Demo users skipped" in output
    assert "demo1234" not in output
    # The public content is there all the same.
    assert WorkshopPage.objects.live().count() >= 6


def test_the_printed_address_is_the_one_the_site_runs_on(settings):
    settings.DEBUG = True
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8200"
    output = run_load_demo()
    assert "http://127.0.0.1:8200/" in output and "http://127.0.0.1:8200/admin/" in output
    assert ":8000" not in output
