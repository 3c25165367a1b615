"""A guest joins a board by code on a phone and posts; the facilitator sees them, and removes them."""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from playwright.sync_api import expect

from ideas.models import BoardGuest, Card
from ideas.tests.conftest import make_board_world
from ideas.tests.test_board_browser import board_server, open_board  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def test_a_guest_joins_by_code_on_a_phone_posts_and_is_removed_by_the_facilitator(open_board, chromium, board_server):
    cache.clear()  # the join limits count in the cache
    world = make_board_world()
    desk, _ = open_board(world.users.facilitator, world.board)
    guests = desk.locator("[data-guests]")
    guests.get_by_role("button", name="Gastzugang öffnen").click()
    code = guests.locator("[data-guest-code]")
    expect(code).to_have_text(re.compile(r"^[A-Z0-9]{3}-[A-Z0-9]{3}$"), timeout=5000)
    expect(guests.locator("[data-guest-qr]")).to_have_js_property("complete", True)
    assert guests.locator("[data-guest-qr]").evaluate("image => image.naturalWidth") > 0
    address = guests.locator("[data-guest-link]").get_attribute("href")
    assert address.endswith(f"/g/{code.inner_text()}/")

    # The guest types the code on the phone (lower case, without the dash).
    phone_context = chromium.new_context(base_url=board_server, locale="de-DE", viewport=PHONE)
    phone = phone_context.new_page()
    phone.goto("/g/")
    phone.get_by_label("Code des Boards").fill(code.inner_text().replace("-", "").lower())
    phone.get_by_label("Ihr Name (freiwillig)").fill("Samira")
    phone.get_by_label("Ihre Organisation (freiwillig)").select_option(label="Bildungswerk Talblick (fiktiv)")
    results = Axe().run(phone, options=WCAG)
    assert results.violations_count == 0, results.generate_report()
    phone.get_by_role("button", name="Board beitreten").click()
    expect(phone.locator("[data-connection]")).to_have_attribute("data-connection", "connected", timeout=10_000)
    phone.get_by_label("Ihre Karte").fill("Abendkurse mit Kinderbetreuung fehlen")
    phone.get_by_role("radio", name="Bedarf", exact=True).check()
    phone.get_by_role("button", name="Karte posten").click()

    expect(guests.locator("[data-guest-list]")).to_contain_text("Samira · Bildungswerk Talblick (fiktiv)", timeout=10_000)
    card = desk.locator(".board-card", has=desk.locator(".board-card__text", has_text="Abendkurse mit Kinderbetreuung"))
    expect(card.locator(".board-card__byline")).to_have_text("Samira · Bildungswerk Talblick (fiktiv)", timeout=10_000)

    guests.get_by_role("button", name="Den Gast Samira · Bildungswerk Talblick (fiktiv) entfernen").click()
    expect(phone.locator("[data-connection]")).to_have_attribute("data-connection", "refused", timeout=10_000)
    expect(guests.locator("[data-guest-list] li")).to_have_count(0)
    assert Card.objects.filter(text__startswith="Abendkurse").exists()
    assert BoardGuest.objects.get().removed_at is not None
    phone.reload()
    expect(phone).to_have_url(re.compile(r"/accounts/login/"))

    # Ending guest access: the code stops working at once.
    guests.get_by_role("button", name="Gastzugang beenden").click()
    expect(guests.locator("[data-guest-access]")).to_be_hidden()
    phone_context.clear_cookies()
    phone.goto(address)
    expect(phone.get_by_text("Dieser Code öffnet kein Board")).to_be_visible()
    phone_context.close()
