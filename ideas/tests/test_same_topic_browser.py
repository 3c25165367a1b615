"""Continuity across sessions in Chromium: while a member writes a card, similar cards of earlier,
published boards are offered; the card marked as the same topic says so to everyone, live."""
import re
import uuid
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from ideas.board import operations as ops
from ideas.board.similar_cards import CandidateIndex
from ideas.models import Board, Card, SameTopicLink
from ideas.tests.conftest import make_board_world
from ideas.tests.test_board_browser import board_server, open_board  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
EARLIER_TEXT = "Kinderbetreuung während der Sprachkurse fehlt"


def world_with_an_earlier_board():
    """This collecting board, and the kick-off three months before: published, closed, one need by Alice."""
    CandidateIndex.forget()  # the index is per process; this test's database is new
    world = make_board_world()
    kickoff = world.workshop.get_parent().add_child(instance=type(world.workshop)(
        title="Auftaktworkshop", slug=f"auftakt-{uuid.uuid4().hex[:6]}",
        start=world.workshop.start - timedelta(days=90), end=world.workshop.start - timedelta(days=90, hours=-3),
    ))
    world.kickoff = Board.objects.create(workshop=kickoff, title="Bedarfe", visibility=Board.Visibility.PUBLIC)
    world.earlier = ops.create_card(
        world.users.alice, world.kickoff.pk, client_id=uuid.uuid4(), kind=Card.Kind.NEED, text=EARLIER_TEXT,
    ).id
    ops.set_phase(world.users.facilitator, world.kickoff.pk, phase=Board.Phase.CLOSED)
    return world


def card(page, text):
    return page.locator(".board-card:not(.board-card--pending)", has=page.locator(".board-card__text", has_text=text))


def test_a_member_is_offered_an_earlier_card_while_writing_and_marks_the_same_topic_for_everyone(open_board):
    world = world_with_an_earlier_board()
    phone, _ = open_board(world.users.bob, world.board, viewport=PHONE)
    laptop, _ = open_board(world.users.alice, world.board)

    phone.get_by_label("Ihre Karte").press_sequentially("Uns fehlt Kinderbetreuung während der Kurse", delay=10)
    offered = phone.get_by_role("checkbox", name=re.compile(EARLIER_TEXT))
    expect(offered).to_be_visible(timeout=5000)
    # Where and when it came up, and the screen reader hears that something was found.
    expect(phone.locator("[data-similar]")).to_contain_text("Auftaktworkshop")
    expect(phone.locator("#board-status")).to_contain_text("ähnliche Karte", timeout=3000)
    results = Axe().run(phone, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    assert results.violations_count == 0, results.generate_report()

    offered.check()
    phone.get_by_role("radio", name="Bedarf", exact=True).check()
    phone.get_by_role("button", name="Karte posten").click()
    # The form is empty again, suggestions included.
    expect(phone.locator("[data-similar] input[type=checkbox]")).to_have_count(0)

    on_laptop = card(laptop, "Uns fehlt Kinderbetreuung")
    expect(on_laptop.locator(".board-card__same-topic")).to_contain_text("Schon genannt: Auftaktworkshop", timeout=10_000)
    link = on_laptop.locator(".board-card__same-topic a")
    expect(link).to_have_attribute("href", f"/boards/{world.kickoff.pk}/#card-{world.earlier}")
    [mark] = SameTopicLink.objects.all()
    assert mark.earlier_card_id == world.earlier and mark.card.text.startswith("Uns fehlt")
    # Only the author (and facilitators) may take it back; Alice only reads it.
    expect(on_laptop.get_by_role("button", name=re.compile("Nicht das gleiche Thema"))).to_have_count(0)

    card(phone, "Uns fehlt Kinderbetreuung").get_by_role("button", name=re.compile("Nicht das gleiche Thema")).click()
    expect(on_laptop.locator(".board-card__same-topic")).to_have_count(0, timeout=10_000)
    assert not SameTopicLink.objects.exists()


def test_a_facilitator_finds_the_earlier_card_for_someone_elses_card_and_the_author_sees_it_live(open_board):
    world = world_with_an_earlier_board()
    ops.create_card(world.users.bob, world.board.pk, client_id=uuid.uuid4(), kind=Card.Kind.NEED,
                    text="Kinderbetreuung während der Kurse fehlt uns")
    facilitator, _ = open_board(world.users.facilitator, world.board)
    author, _ = open_board(world.users.bob, world.board, viewport=PHONE)

    on_desk = card(facilitator, "fehlt uns")
    on_desk.get_by_text("Bearbeiten, verschieben, verknüpfen").click()
    on_desk.get_by_role("button", name="Auf früheren Boards suchen").click()
    on_desk.get_by_role("button", name=re.compile(f"Gleiches Thema wie: {EARLIER_TEXT}")).click()

    expect(card(author, "fehlt uns").locator(".board-card__same-topic")).to_contain_text("Auftaktworkshop", timeout=10_000)
    # Once marked, it is no longer offered to that card.
    expect(on_desk.get_by_role("button", name=re.compile("Gleiches Thema wie"))).to_have_count(0)
    assert SameTopicLink.objects.filter(created_by=world.users.facilitator, earlier_card_id=world.earlier).exists()


def test_a_chosen_mark_waits_for_a_card_posted_offline_and_is_sent_with_it(open_board):
    world = world_with_an_earlier_board()
    page, context = open_board(world.users.bob, world.board)

    page.get_by_label("Ihre Karte").press_sequentially("Kinderbetreuung während der Kurse fehlt", delay=10)
    page.get_by_role("checkbox", name=re.compile(EARLIER_TEXT)).check()
    context.set_offline(True)
    expect(page.locator("[data-connection]")).not_to_have_attribute("data-connection", "connected")
    page.get_by_role("radio", name="Bedarf", exact=True).check()
    page.get_by_role("button", name="Karte posten").click()
    context.set_offline(False)

    expect(card(page, "während der Kurse fehlt").locator(".board-card__same-topic")).to_contain_text(
        "Auftaktworkshop", timeout=15_000)
    assert SameTopicLink.objects.filter(earlier_card_id=world.earlier).count() == 1
