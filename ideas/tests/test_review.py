"""The concept-paper review (ideas/review.py), done the way editors and the core group do it in the admin:
no concept paper goes live without the core group's approval."""
import importlib

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.urls import reverse
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from ideas import review
from ideas.models import ConceptPaperPage
from network import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(make_user):
    user = make_user("kern", roles.CORE_GROUP, roles.MEMBER)
    user.first_name, user.last_name = "Thomas", "Riedel"
    user.save()
    return user


@pytest.fixture
def draft_paper(site_tree):
    """A concept paper that has never been published."""
    paper = ConceptPaperPage(title="Lotsendienst Arbeitserlaubnis", summary="Erster Entwurf.", live=False)
    site_tree["papers"].add_child(instance=paper)
    paper.save_revision()
    return paper


def paper_form(paper, **changes):
    """What the page editor sends for a concept paper (the body left empty)."""
    fields = {
        "title": paper.title, "slug": paper.slug, "summary": paper.summary, "status": paper.status,
        "body": streamfield([]), "comments": inline_formset([]), "tags": "", "pdf": "",
        "seo_title": "", "search_description": "", "go_live_at": "", "expire_at": "",
    }
    return nested_form_data({**fields, **changes})


def edit(client, paper, action, **changes):
    response = client.post(reverse("wagtailadmin_pages:edit", args=[paper.pk]), {**paper_form(paper, **changes), action: "1"})
    assert response.status_code == 302, "the editor accepted the form"
    return response


def submit(client, paper, summary):
    """The editor changes the summary and presses "Submit to Prüfung durch die Bündniskerngruppe"."""
    edit(client, paper, "action-submit", summary=summary)
    paper.refresh_from_db()
    assert paper.workflow_in_progress
    return paper.current_workflow_task_state


def review_action(client, paper, task_state, action, **data):
    url = reverse("wagtailadmin_pages:workflow_action", args=[paper.pk, action, task_state.pk])
    return client.post(url, data, headers={"x-requested-with": "XMLHttpRequest"})


def public_summary(client, paper):
    return client.get(paper.url).content.decode()


# --- setting it up -------------------------------------------------------------------------------------


def test_migrations_give_the_core_group_its_review_workflow():
    workflow = Workflow.objects.get(name=review.WORKFLOW_NAME)
    [task] = workflow.tasks.specific()
    assert isinstance(task, GroupApprovalTask) and task.name == review.TASK_NAME
    assert list(task.groups.values_list("name", flat=True)) == [roles.CORE_GROUP]


def test_a_new_concept_section_sends_its_papers_to_the_core_group(site_tree):
    assert site_tree["paper"].get_workflow().name == review.WORKFLOW_NAME
    assert GroupPagePermission.objects.filter(
        group__name=roles.CORE_GROUP, page=site_tree["papers"], permission__codename="publish_page"
    ).exists()


def test_the_migration_sets_up_a_concept_section_that_already_exists(site_tree):
    WorkflowPage.objects.all().delete()
    GroupPagePermission.objects.filter(group__name=roles.CORE_GROUP).delete()
    migration = importlib.import_module("home.migrations.0003_concept_paper_review")
    migration.set_up(django_apps, None)
    assert site_tree["paper"].get_workflow().name == review.WORKFLOW_NAME
    assert GroupPagePermission.objects.filter(
        group__name=roles.CORE_GROUP, page=site_tree["papers"], permission__codename="publish_page"
    ).exists()


def test_a_workflow_someone_assigned_to_the_section_is_kept(site_tree):
    other = Workflow.objects.create(name="Eigene Prüfung")
    WorkflowPage.objects.filter(page=site_tree["papers"]).update(workflow=other)
    review.set_up_review(django_apps, site_tree["papers"])
    assert site_tree["paper"].get_workflow() == other


# --- approving -------------------------------------------------------------------------------------------


def test_the_core_group_approves_a_submitted_paper_and_it_goes_live(client, site_tree, editor, reviewer):
    paper = site_tree["paper"]
    client.force_login(editor)
    task_state = submit(client, paper, "Neu: mit Prüfungsvorbereitung.")
    assert "Neu: mit Prüfungsvorbereitung." not in public_summary(client, paper), "not live before approval"

    client.force_login(reviewer)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    approve_url = reverse("wagtailadmin_pages:workflow_action", args=[paper.pk, "approve", task_state.pk])
    assert approve_url in dashboard, "the dashboard offers the approval"
    response = review_action(client, paper, task_state, "approve")
    assert response.status_code == 200 and response.json()["step"] == "success"

    client.logout()
    assert "Neu: mit Prüfungsvorbereitung." in public_summary(client, paper)
    paper.refresh_from_db()
    assert not paper.workflow_in_progress
    assert paper.live_revision.user == editor


def test_the_editor_is_told_when_the_paper_is_approved(client, site_tree, editor, reviewer):
    paper = site_tree["paper"]
    client.force_login(editor)
    task_state = submit(client, paper, "Neu: mit Prüfungsvorbereitung.")
    mail.outbox.clear()
    client.force_login(reviewer)
    review_action(client, paper, task_state, "approve")
    [message] = [message for message in mail.outbox if editor.email in message.to]
    assert paper.title in message.body and review.WORKFLOW_NAME in message.body


def test_a_network_member_cannot_approve(client, site_tree, editor, member):
    paper = site_tree["paper"]
    client.force_login(editor)
    task_state = submit(client, paper, "Neu: mit Prüfungsvorbereitung.")
    client.force_login(member)
    review_action(client, paper, task_state, "approve")
    assert "Neu: mit Prüfungsvorbereitung." not in public_summary(client, paper)
    paper.refresh_from_db()
    assert paper.workflow_in_progress


# --- requesting changes ----------------------------------------------------------------------------------


def test_requested_changes_reach_the_editor_with_the_comment(client, site_tree, editor, reviewer):
    paper = site_tree["paper"]
    client.force_login(editor)
    task_state = submit(client, paper, "Neu: mit Prüfungsvorbereitung.")
    mail.outbox.clear()

    client.force_login(reviewer)
    response = review_action(client, paper, task_state, "reject", comment="Bitte die Finanzierung ergänzen.")
    assert response.json()["step"] == "success"
    assert "Neu: mit Prüfungsvorbereitung." not in public_summary(client, paper)

    [message] = [message for message in mail.outbox if editor.email in message.to]
    assert "Bitte die Finanzierung ergänzen." in message.body

    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[paper.pk])).content.decode()
    assert "Thomas Riedel hat Änderungen angefordert: „Bitte die Finanzierung ergänzen.“" in page
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Änderungen angefordert" in dashboard and review.TASK_NAME in dashboard


def test_the_comment_is_shown_as_text_not_as_markup(client, site_tree, editor, reviewer):
    paper = site_tree["paper"]
    client.force_login(editor)
    task_state = submit(client, paper, "Neu.")
    client.force_login(reviewer)
    review_action(client, paper, task_state, "reject", comment="<b>fett</b>")
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[paper.pk])).content.decode()
    assert "&lt;b&gt;fett&lt;/b&gt;" in page and "<b>fett</b>" not in page


def test_a_resubmitted_paper_no_longer_shows_the_old_request(client, site_tree, editor, reviewer):
    paper = site_tree["paper"]
    client.force_login(editor)
    task_state = submit(client, paper, "Neu.")
    client.force_login(reviewer)
    review_action(client, paper, task_state, "reject", comment="Bitte die Finanzierung ergänzen.")
    client.force_login(editor)
    edit(client, paper, "action-submit", summary="Neu, mit Finanzierung.")
    paper.refresh_from_db()
    assert paper.workflow_in_progress, "back with the core group"
    page = client.get(reverse("wagtailadmin_pages:edit", args=[paper.pk])).content.decode()
    assert "hat Änderungen angefordert" not in page


# --- editors cannot publish concept papers themselves -------------------------------------------------------


def test_the_editors_publish_button_on_a_concept_paper_only_saves_a_draft(client, site_tree, editor):
    paper = site_tree["paper"]
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[paper.pk])).content.decode()
    assert 'name="action-publish"' not in page and 'name="action-submit"' in page

    edit(client, paper, "action-publish", summary="Direkt veröffentlicht?")
    assert "Direkt veröffentlicht?" not in public_summary(client, paper)
    paper.refresh_from_db()
    assert paper.has_unpublished_changes and paper.get_latest_revision().as_object().summary == "Direkt veröffentlicht?"


def test_an_editor_cannot_create_and_publish_a_paper_in_one_go(client, site_tree, editor):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["ideas", "conceptpaperpage", site_tree["papers"].pk])
    form_page = client.get(url).content.decode()
    assert 'name="action-submit"' in form_page and 'name="action-publish"' not in form_page
    data = paper_form(ConceptPaperPage(title="Neues Konzept", slug="neues-konzept", summary="Kurz."))
    client.post(url, {**data, "action-publish": "1"})
    paper = ConceptPaperPage.objects.get(slug="neues-konzept")
    assert not paper.live
    assert client.get("/konzepte/neues-konzept/").status_code == 404


def test_an_editor_cannot_bulk_publish_concept_papers(client, site_tree, editor, draft_paper):
    client.force_login(editor)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{url}?id={draft_paper.pk}&id={site_tree['home'].pk}", {"include_descendants": "on"})
    draft_paper.refresh_from_db()
    assert not draft_paper.live


def test_an_editor_cannot_unpublish_an_approved_paper(client, site_tree, editor):
    paper = site_tree["paper"]
    client.force_login(editor)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[paper.pk]))
    paper.refresh_from_db()
    assert paper.live


def test_the_core_group_cannot_edit_papers_outside_a_review(client, site_tree, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[site_tree["paper"].pk])).status_code in (302, 403)
