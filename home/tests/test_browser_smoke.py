"""Smoke test in a real browser: home page, the main navigation, and a member logging in."""
import re

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
    assert labels == ["Start", "Netzwerk", "Workshops & Ideenwerkstätten", "Konzepte", "Suche"]
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
