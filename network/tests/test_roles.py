"""Roles and permissions: who may edit pages, who may only read, what anonymous visitors see."""
import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

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


def test_editor_can_edit_and_publish_pages(client, site_tree, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{site_tree['paper'].id}/edit/").status_code == 200
    page = site_tree["paper"]
    assert page.permissions_for_user(editor).can_publish()


def test_facilitator_reaches_the_admin_but_cannot_edit_pages(client, site_tree, make_user):
    facilitator = make_user("moderatorin", roles.FACILITATOR, roles.MEMBER)
    client.force_login(facilitator)
    assert client.get("/admin/").status_code == 200
    assert not site_tree["paper"].permissions_for_user(facilitator).can_edit()


def test_core_group_member_reaches_the_admin_to_review(client, site_tree, make_user):
    reviewer = make_user("kern", roles.CORE_GROUP, roles.MEMBER)
    client.force_login(reviewer)
    assert client.get("/admin/").status_code == 200
    assert not site_tree["paper"].permissions_for_user(reviewer).can_publish()


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
