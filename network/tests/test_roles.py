"""Roles and permissions: who may edit pages, who may only read, what anonymous visitors see."""
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from network import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_tree(shared_site_tree):
    """One site tree for the whole module (built once; each test's changes roll back)."""
    return shared_site_tree


def test_every_role_exists_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_member_cannot_open_the_admin_or_edit_pages(client, site_tree, member):
    client.force_login(member)
    assert client.get("/admin/").status_code == 302
    response = client.get(f"/admin/pages/{site_tree['paper'].id}/edit/")
    assert response.status_code in (302, 403)


def test_editor_edits_and_publishes_a_page_in_the_admin(client, site_tree, editor):
    imprint = site_tree["imprint"]
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    data = nested_form_data({
        "title": imprint.title, "slug": imprint.slug, "intro": "Neue Angaben der Redaktion.",
        "body": streamfield([]), "comments": inline_formset([]),
        "seo_title": "", "search_description": "", "go_live_at": "", "expire_at": "",
    })
    response = client.post(reverse("wagtailadmin_pages:edit", args=[imprint.pk]), {**data, "action-publish": "1"})
    assert response.status_code == 302
    client.logout()
    assert "Neue Angaben der Redaktion." in client.get(imprint.url).content.decode()


def test_facilitator_reaches_the_admin_but_cannot_edit_pages(client, site_tree, make_user):
    facilitator = make_user("moderatorin", roles.FACILITATOR, roles.MEMBER)
    client.force_login(facilitator)
    assert client.get("/admin/").status_code == 200
    response = client.get(reverse("wagtailadmin_pages:edit", args=[site_tree["imprint"].pk]))
    assert response.status_code in (302, 403)


def test_core_group_member_approves_a_concept_paper_from_the_dashboard(client, site_tree, editor, make_user):
    paper = site_tree["paper"]
    paper.summary = "Überarbeitet von der Redaktion."
    paper.save_revision(user=editor)
    paper.get_workflow().start(paper, editor)
    reviewer = make_user("kern", roles.CORE_GROUP, roles.MEMBER)
    client.force_login(reviewer)

    dashboard = client.get("/admin/").content.decode()
    assert paper.title in dashboard
    [approve_url] = set(re.findall(r'data-workflow-action-url="([^"]*/approve/[^"]*)"', dashboard))
    response = client.post(approve_url, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.json()["step"] == "success"
    client.logout()
    assert "Überarbeitet von der Redaktion." in client.get(paper.url).content.decode()


def test_core_group_member_cannot_edit_other_pages(client, site_tree, make_user):
    client.force_login(make_user("kern", roles.CORE_GROUP, roles.MEMBER))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[site_tree["imprint"].pk]))
    assert response.status_code in (302, 403)


def test_anonymous_visitors_do_not_see_unpublished_pages(client, site_tree):
    page = site_tree["paper"]
    url = page.url
    assert client.get(url).status_code == 200
    page.unpublish()
    assert client.get(url).status_code == 404


def test_members_only_page_asks_anonymous_visitors_to_log_in(client, site_tree, member):
    page = site_tree["imprint"]
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(page.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(member)
    assert client.get(page.url).status_code == 200


def test_has_role_reads_group_membership(make_user):
    editor = make_user("e", roles.EDITOR)
    assert roles.has_role(editor, roles.EDITOR)
    assert not roles.has_role(editor, roles.FACILITATOR)
    assert roles.is_member(editor)
