"""Clusters you can see: from the cluster phase on, each column shows its cards under their clusters'
titles; clusters are reordered with buttons, and everyone sees the new order live."""
import uuid

import pytest
from playwright.sync_api import expect

from ideas.board import operations as ops
from ideas.models import Board, Card
from ideas.tests.conftest import make_board_world
from ideas.tests.test_board_browser import board_server, open_board  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def needs_column(page):
    """The needs column as a reader sees it: group titles and card texts, in order."""
    return page.locator('[data-column="need"] .board-cards > li:not(.board-card--pending)').evaluate_all(
        "items => items.map(item => item.querySelector('h3')?.textContent"
        " || item.querySelector('.board-card__text').textContent)")


def test_cards_are_grouped_under_their_clusters_and_the_clusters_reordered_live(open_board):
    world = make_board_world()
    mona = world.users.facilitator
    for text in ("Kita-Plätze fehlen", "Fahrtkosten zur Berufsschule", "Abendkurse"):
        ops.create_card(world.users.alice, world.board.pk, client_id=uuid.uuid4(), kind="need", text=text)
    ops.set_phase(mona, world.board.pk, phase=Board.Phase.CLUSTER)
    care = ops.create_cluster(mona, world.board.pk, title="Betreuung").id
    travel = ops.create_cluster(mona, world.board.pk, title="Mobilität").id
    ops.assign_cluster(mona, world.board.pk, Card.objects.get(text="Kita-Plätze fehlen").pk, cluster=care)
    ops.assign_cluster(mona, world.board.pk, Card.objects.get(text__startswith="Fahrtkosten").pk, cluster=travel)

    desk, _ = open_board(mona, world.board)
    phone, _ = open_board(world.users.bob, world.board, viewport=PHONE)
    assert needs_column(phone) == [
        "Betreuung", "Kita-Plätze fehlen", "Mobilität", "Fahrtkosten zur Berufsschule", "In keinem Cluster", "Abendkurse"]
    expect(phone.get_by_role("heading", name="Betreuung", level=3)).to_be_visible()

    desk.get_by_role("button", name="Cluster Mobilität nach oben").click()
    expect(phone.get_by_role("heading", level=3).first).to_have_text("Mobilität", timeout=10_000)
    assert needs_column(phone)[:2] == ["Mobilität", "Fahrtkosten zur Berufsschule"]

    # A card put into a cluster moves under its title, for everyone.
    ops.assign_cluster(mona, world.board.pk, Card.objects.get(text="Abendkurse").pk, cluster=care)
    expect(phone.get_by_role("heading", name="In keinem Cluster")).to_have_count(0, timeout=10_000)
    assert needs_column(phone) == ["Mobilität", "Fahrtkosten zur Berufsschule", "Betreuung", "Kita-Plätze fehlen", "Abendkurse"]
