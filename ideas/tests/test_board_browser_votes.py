"""Dots for people without a device, and merges that can be undone, in Chromium: the facilitator
on a laptop and a member on a 390 px phone, one browser context each, on one board."""
import uuid

import pytest
from playwright.sync_api import expect

from ideas.board import operations as ops
from ideas.models import Board, Card, ProxyPerson, Vote
from ideas.tests.conftest import make_board_world
from ideas.tests.test_board_browser import board_server, open_board  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def card(page, text):
    return page.locator(".board-card:not(.board-card--pending)", has=page.locator(".board-card__text", has_text=text))


def new_card(world, user, text, **fields):
    change = ops.create_card(user, world.board.pk, client_id=uuid.uuid4(), kind=Card.Kind.NEED, text=text, **fields)
    return change.id


def test_a_facilitator_enters_a_named_persons_paper_dots_within_their_budget_and_takes_one_back(open_board):
    world = make_board_world(vote_budget=2)
    new_card(world, world.users.alice, "Sprachkurs mit Kinderbetreuung")
    new_card(world, world.users.alice, "Lotsendienst Ausländerbehörde")
    Board.objects.filter(pk=world.board.pk).update(phase=Board.Phase.VOTE)
    brueckenhaus = world.organisations[1]
    facilitator, _ = open_board(world.users.facilitator, world.board)
    member, _ = open_board(world.users.alice, world.board, viewport=PHONE)

    panel = facilitator.locator("[data-proxy]")
    expect(panel).to_be_visible()
    expect(member.locator("[data-proxy]")).to_have_count(0)
    expect(panel.locator("[data-proxy-now]")).to_have_text("Die Punkt-Knöpfe vergeben Ihre eigenen Punkte.")
    panel.locator("#proxy-name").fill("Frau Kaya")
    panel.locator("#proxy-organisation").select_option(label=brueckenhaus.name)
    panel.get_by_role("button", name="Ihre Punkte eintragen").click()
    expect(panel.locator("[data-proxy-now]")).to_contain_text("Punkte für Frau Kaya")

    kita = card(facilitator, "Sprachkurs mit Kinderbetreuung")
    kita.get_by_role("button", name="Punkt für Frau Kaya geben an: Sprachkurs mit Kinderbetreuung").click()
    expect(kita.locator(".board-card__proxy-people")).to_have_text("Eingetragen für: Frau Kaya (1)")
    # The person typed once is now picked from the list, with their dots left.
    expect(panel.locator("#proxy-person option:checked")).to_have_text(f"Frau Kaya · {brueckenhaus.name} (noch 1 Punkt)")
    kita.get_by_role("button", name="Punkt für Frau Kaya geben an: Sprachkurs mit Kinderbetreuung").click()
    expect(kita.locator(".board-card__proxy-people")).to_have_text("Eingetragen für: Frau Kaya (2)")
    lotsen = card(facilitator, "Lotsendienst")
    expect(lotsen.get_by_role("button", name="Punkt für Frau Kaya geben an: Lotsendienst Ausländerbehörde")).to_be_disabled()
    assert Vote.objects.filter(proxy_person__name="Frau Kaya").count() == 2

    # The member sees how many dots were entered for others, never whose they are.
    member_card = card(member, "Sprachkurs mit Kinderbetreuung")
    expect(member_card.locator(".board-card__votes")).to_contain_text("2 Punkte")
    expect(member_card.locator(".board-card__votes")).to_contain_text("davon 2 für Personen ohne Gerät eingetragen")
    assert "Kaya" not in member.locator("#board").inner_text()
    expect(member_card.get_by_role("button", name="Punkt geben: Sprachkurs mit Kinderbetreuung")).to_be_enabled()

    kita.get_by_role("button", name="Punkt von Frau Kaya zurücknehmen bei: Sprachkurs mit Kinderbetreuung").click()
    expect(member_card.locator(".board-card__votes")).to_contain_text("1 Punkt")
    expect(lotsen.get_by_role("button", name="Punkt für Frau Kaya geben an: Lotsendienst Ausländerbehörde")).to_be_enabled()

    # Back to their own dots: the buttons give the facilitator's dots again.
    panel.locator("#proxy-person").select_option(label="mich selbst (meine eigenen Punkte)")
    expect(kita.get_by_role("button", name="Punkt geben: Sprachkurs mit Kinderbetreuung")).to_be_visible()
    # After a reload the person is still there to pick, with the dots they have left.
    facilitator.reload()
    expect(facilitator.locator("#proxy-person option", has_text="Frau Kaya")).to_have_text(
        f"Frau Kaya · {brueckenhaus.name} (noch 1 Punkt)")
    assert ProxyPerson.objects.count() == 1


def test_a_facilitator_confirms_a_merge_and_undoes_it_while_a_member_watches(open_board):
    world = make_board_world()
    new_card(world, world.users.alice, "Sprachkurs abends")
    new_card(world, world.users.bob, "Abendkurse Deutsch", display=Card.Display.ORGANISATION_ONLY)
    Board.objects.filter(pk=world.board.pk).update(phase=Board.Phase.CLUSTER)
    facilitator, _ = open_board(world.users.facilitator, world.board)
    member, _ = open_board(world.users.alice, world.board, viewport=PHONE)
    bob_organisation = world.organisations[1].name

    kept = card(facilitator, "Sprachkurs abends")
    kept.locator("summary[data-focus=actions]").click()
    kept.get_by_label("Doppelte Karte, die in diese zusammengeführt wird").select_option(label="Abendkurse Deutsch")
    kept.get_by_role("button", name="Zusammenführen", exact=True).click()
    question = kept.locator(".board-actions__confirm")
    expect(question).to_contain_text("„Abendkurse Deutsch“ mit „Sprachkurs abends“ zusammenführen?")
    expect(question.get_by_role("button", name="Ja, zusammenführen")).to_be_focused()
    # Nothing is merged before the facilitator says yes.
    expect(card(member, "Abendkurse Deutsch")).to_have_count(1)
    question.get_by_role("button", name="Abbrechen").click()
    expect(question).to_have_count(0)
    kept.get_by_role("button", name="Zusammenführen", exact=True).click()
    kept.get_by_role("button", name="Ja, zusammenführen").click()

    # Both authors stay on the merged card, each as they chose: Bob by his organisation only.
    merged = member.locator(".board-card__merged li", has_text="Abendkurse Deutsch")
    expect(merged).to_contain_text(f"— {bob_organisation}")
    expect(member.locator(".board-card")).to_have_count(1)
    assert "Bob" not in member.locator("#board").inner_text()
    expect(card(member, "Sprachkurs abends").locator(".board-card__byline")).to_contain_text("Alice")
    expect(member.get_by_role("button", name="Zusammenführen rückgängig machen")).to_have_count(0)

    kept.get_by_role("button", name="Zusammenführen rückgängig machen für: Abendkurse Deutsch").click()
    expect(card(member, "Abendkurse Deutsch")).to_have_count(1)
    expect(card(member, "Sprachkurs abends").locator(".board-card__merged")).to_have_count(0)
    expect(card(facilitator, "Abendkurse Deutsch")).to_have_count(1)
    assert Card.objects.live().count() == 2
