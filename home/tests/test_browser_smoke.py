"""Smoke test in a real browser: home page, the main navigation, a member logging in, and no requests to
other hosts from the public pages or the Wagtail admin."""
import re
from urllib.parse import urlparse

import pytest

from network import roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def test_visitor_follows_the_main_navigation(page, site_tree):
    page.goto("/")
    assert "Netzwerkstatt" in page.locator("h1").first.inner_text()
    navigation = page.locator("header nav").first
    labels = [link.inner_text().strip() for link in navigation.get_by_role("link").all()]
    assert labels == ["Start", "Netzwerk", "Workshops & Ideenwerkstätten", "Konzepte", "Ergebnisse", "Suche"]
    for label in labels:
        navigation.get_by_role("link", name=label, exact=True).click()
        page.wait_for_load_state()
        assert page.locator("h1").count() >= 1
        current = page.locator("header nav [aria-current=page]")
        assert current.inner_text().strip() == label


def test_keyboard_user_reaches_the_skip_link_first(page, site_tree):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"


def test_member_logs_in_with_the_sites_own_form(page, site_tree, make_user):
    make_user("mitglied1", roles.MEMBER)
    page.goto("/accounts/login/")
    page.get_by_label("Benutzername").fill("mitglied1")
    page.get_by_label("Passwort").fill("demo1234")
    page.get_by_role("button", name=re.compile("Anmelden")).click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name=re.compile("Abmelden")).is_visible()
    page.get_by_role("link", name=re.compile("Meine Workshops")).click()
    assert page.locator("h1").inner_text().strip() == "Meine Workshops"


# --- nothing from other hosts ------------------------------------------------------------------------

PUBLIC_PAGES = ["home", "network", "workshops", "language_lab", "papers", "paper", "needs_map", "imprint"]


def requests_to_other_hosts(context, live_server):
    """Every request the window makes to a host other than the site's own, as it happens."""
    own = urlparse(live_server.url).netloc
    others = []
    context.on(
        "request",
        lambda request: others.append(request.url)
        if urlparse(request.url).scheme in ("http", "https", "ws", "wss") and urlparse(request.url).netloc != own
        else None,
    )
    return others


def visit(page, paths):
    for path in paths:
        response = page.goto(path)
        assert response.ok, (path, response.status)
        page.wait_for_load_state("networkidle")


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("demo1234")
    page.get_by_role("button", name=re.compile("Anmelden")).click()
    page.wait_for_load_state()


def test_public_pages_load_nothing_from_other_hosts(chromium, live_server, site_tree):
    context = chromium.new_context(base_url=live_server.url, locale="de-DE")
    others = requests_to_other_hosts(context, live_server)
    visit(context.new_page(), [site_tree[name].url for name in PUBLIC_PAGES] + ["/suche/?q=Sprache", "/accounts/login/"])
    context.close()
    assert others == []


@pytest.mark.parametrize("username, role", [("redaktion", roles.EDITOR), ("kerngruppe", roles.CORE_GROUP)])
def test_admin_pages_load_nothing_from_other_hosts(chromium, live_server, site_tree, roles_with_permissions, make_user, username, role):
    """No avatars from gravatar.com, no fonts or scripts from elsewhere: the Wagtail admin as editors and reviewers see it."""
    user = make_user(username, role, roles.MEMBER)
    paper = site_tree["paper"]
    paper.save_revision(user=user)
    paper.get_workflow().start(paper, user)  # in review: the core group reaches its editor too
    context = chromium.new_context(base_url=live_server.url, locale="de-DE")
    others = requests_to_other_hosts(context, live_server)
    page = context.new_page()
    log_in(page, username)
    visit(page, [
        "/admin/", f"/admin/pages/{site_tree['papers'].pk}/", f"/admin/pages/{paper.pk}/edit/",
        f"/admin/pages/{paper.pk}/history/", "/admin/account/",
    ])
    context.close()
    assert others == []
