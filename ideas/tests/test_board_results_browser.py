"""The results page in Chromium, as the public reads a published board: charts drawn, nothing wider than a phone."""
import uuid

import pytest

from ideas.board import operations as ops
from ideas.models import Board
from ideas.tests.conftest import make_board_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_board():
    world = make_board_world()
    board, alice, mona = world.board, world.users.alice, world.users.facilitator
    cluster = ops.create_cluster(mona, board.pk, title="Sprache und Familie: Kurse, Betreuung und Wege dorthin")
    for text in ("Sprachkurse am Abend", "Kinderbetreuung während der Kurse"):
        card = ops.create_card(alice, board.pk, client_id=uuid.uuid4(), kind="need", text=text)
        ops.assign_cluster(mona, board.pk, card.id, cluster=cluster.id)
    Board.objects.filter(pk=board.pk).update(phase=Board.Phase.VOTE, vote_budget=3)
    ops.cast_vote(alice, board.pk, card.id)
    Board.objects.filter(pk=board.pk).update(phase=Board.Phase.CLOSED, visibility=Board.Visibility.PUBLIC)
    return board


@pytest.mark.parametrize("width", [390, 1280])
def test_the_public_sees_the_results_with_their_chart_at_phone_and_desktop_width(chromium, live_server, published_board, width):
    context = chromium.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"/boards/{published_board.pk}/results/")
    assert page.get_by_role("heading", level=1).inner_text() == published_board.title
    assert page.get_by_role("link", name="Alle Karten des Boards").is_visible()  # the full list one click away
    chart = page.get_by_role("img", name="Balkendiagramm der Punkte je Cluster. Die Zahlen stehen bei den Clustern darunter.")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle())
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
