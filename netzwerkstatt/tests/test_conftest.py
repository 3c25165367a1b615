"""The shared test fixtures themselves (conftest.py): they must not hide failures nor each other's data."""
import asyncio
import threading

import pytest
from django.core.exceptions import SynchronousOnlyOperation

from ideas.models import Board
from ideas.tests.conftest import make_board_world
from network.models import Organisation


@pytest.fixture
def board_world(db):
    return make_board_world()


def test_the_site_tree_leaves_the_pages_of_other_fixtures_alone(board_world, site_tree):
    assert Board.objects.filter(pk=board_world.board.pk).exists()
    assert site_tree["home"].get_site().root_page.specific == site_tree["home"]


def unsafe_query_in_an_event_loop_of_another_thread():
    """What a consumer's forgotten database_sync_to_async would do in the live server's thread."""
    outcome = {}

    async def consumer_code():
        try:
            Organisation.objects.count()
        except SynchronousOnlyOperation as error:
            outcome["refused"] = error

    worker = threading.Thread(target=lambda: asyncio.run(consumer_code()))
    worker.start()
    worker.join(timeout=10)
    return outcome


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_while_the_browser_runs_async_code_is_still_kept_from_unsafe_database_calls(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/django-admin/login/")
    # The test's own synchronous ORM calls work between browser calls...
    assert Organisation.objects.count() == 0
    # ...and async code elsewhere in the process is still refused a synchronous database call.
    assert "refused" in unsafe_query_in_an_event_loop_of_another_thread()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("opened_with", ["new_context", "new_page"])
def test_the_browser_tests_see_a_csp_violation(chromium, live_server, opened_with):
    if opened_with == "new_context":
        page = chromium.new_context(base_url=live_server.url).new_page()
    else:
        page = chromium.new_page(base_url=live_server.url)
    context = page.context
    page.route("**/inline-script", lambda route: route.fulfill(
        status=200, content_type="text/html", headers={"Content-Security-Policy": "script-src 'self'"},
        body="<!doctype html><title>x</title><script>document.title = 'ran'</script>",
    ))
    page.goto("/inline-script")
    assert page.title() == "x"  # the inline script did not run
    context.close()
    assert any("script-src" in violation for violation in chromium.csp_violations)
    chromium.csp_violations.clear()  # caused on purpose; fail_on_csp_violations would fail this test
