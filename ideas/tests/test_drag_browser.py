"""Drag and drop of cards in Chromium: into a cluster and to another column with the mouse, with a
finger on a touch screen, not broken by another member's post, and a refused drop snaps back."""
import uuid

import pytest
from playwright.sync_api import expect

from ideas.board import operations as ops
from ideas.models import Board, Card
from ideas.tests.conftest import make_board_world
from ideas.tests.test_board_browser import board_server, open_board  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def card(page, text):
    return page.locator(".board-card:not(.board-card--pending)", has=page.locator(".board-card__text", has_text=text))


def centre(locator):
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def drag_with_mouse(page, source, target, *, hold=None):
    source.locator("[data-drag-handle]").scroll_into_view_if_needed()
    page.mouse.move(*centre(source.locator("[data-drag-handle]")))
    page.mouse.down()
    x, y = centre(target)
    page.mouse.move(x, y, steps=8)
    if hold:
        hold()
    page.mouse.move(x, y + 2, steps=2)
    page.mouse.up()


def world_in_the_cluster_phase():
    world = make_board_world()
    mona = world.users.facilitator
    for text in ("Kita-Plätze fehlen", "Abendkurse"):
        ops.create_card(world.users.alice, world.board.pk, client_id=uuid.uuid4(), kind="need", text=text)
    ops.set_phase(mona, world.board.pk, phase=Board.Phase.CLUSTER)
    world.care = ops.create_cluster(mona, world.board.pk, title="Betreuung").id
    ops.assign_cluster(mona, world.board.pk, Card.objects.get(text="Kita-Plätze fehlen").pk, cluster=world.care)
    return world


def test_a_card_is_dragged_into_a_cluster_and_to_another_column_and_the_other_member_sees_it(open_board):
    world = world_in_the_cluster_phase()
    desk, _ = open_board(world.users.facilitator, world.board)
    other, _ = open_board(world.users.bob, world.board)

    drag_with_mouse(desk, card(desk, "Abendkurse"), card(desk, "Kita-Plätze fehlen"))
    group = other.locator('[data-column="need"] [data-group]').first
    expect(group).to_have_text("Betreuung")
    expect(other.get_by_role("heading", name="In keinem Cluster")).to_have_count(0, timeout=10_000)
    assert Card.objects.get(text="Abendkurse").cluster_id == world.care

    drag_with_mouse(desk, card(desk, "Abendkurse"), desk.locator('[data-column="gap"] h2'))
    expect(other.locator('[data-column="gap"] .board-card__text')).to_have_text(["Abendkurse"], timeout=10_000)
    assert Card.objects.get(text="Abendkurse").kind == Card.Kind.GAP


def test_a_drag_is_not_broken_by_a_post_and_a_refused_drop_snaps_back_with_the_reason(open_board):
    world = world_in_the_cluster_phase()
    page, _ = open_board(world.users.bob, world.board)

    def meanwhile():
        # Alice's comment and a card of the facilitator arrive, and the board is locked, while Bob is still dragging.
        ops.add_comment(world.users.alice, world.board.pk, Card.objects.get(text="Abendkurse").pk, text="Ja, abends!")
        ops.create_card(world.users.facilitator, world.board.pk, client_id=uuid.uuid4(), kind="need", text="Ferienbetreuung")
        ops.set_lock(world.users.facilitator, world.board.pk, locked=True)
        page.wait_for_timeout(800)
        assert page.locator(".board-card--dragging").count() == 1  # still dragging, not redrawn under the pointer

    drag_with_mouse(page, card(page, "Abendkurse"), card(page, "Kita-Plätze fehlen"), hold=meanwhile)
    expect(card(page, "Abendkurse").locator(".board-card__error")).to_contain_text("gesperrt", timeout=10_000)
    expect(page.get_by_role("heading", name="In keinem Cluster")).to_be_visible()  # back where it was
    expect(card(page, "Abendkurse").locator(".board-card__comments summary")).to_contain_text("(1)")
    expect(card(page, "Ferienbetreuung")).to_have_count(1)  # what arrived during the drag is drawn after it
    assert Card.objects.get(text="Abendkurse").cluster_id is None


def test_a_finger_drags_a_card_into_a_cluster_on_a_touch_screen(open_board, chromium, board_server):
    world = world_in_the_cluster_phase()
    page, _ = open_board(world.users.facilitator, world.board, viewport={"width": 390, "height": 844})
    session = page.context.new_cdp_session(page)
    source = card(page, "Abendkurse").locator("[data-drag-handle]")
    source.scroll_into_view_if_needed()
    x, y = centre(source)
    tx, ty = centre(card(page, "Kita-Plätze fehlen"))
    session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        session.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [
            {"x": x + (tx - x) * step / 10, "y": y + (ty - y) * step / 10}]})
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    expect(page.get_by_role("heading", name="In keinem Cluster")).to_have_count(0, timeout=10_000)
    assert Card.objects.get(text="Abendkurse").cluster_id == world.care
