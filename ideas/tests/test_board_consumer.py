"""The board WebSocket end to end, through the real ASGI application (origin check, session auth)."""
import pytest

from ideas.tests.conftest import card_fields

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def test_card_posted_by_one_client_reaches_the_other(connect, world):
    alice, bob = await connect("alice"), await connect("bob")
    reply = await alice.request("card.create", **card_fields(text="Ausbildungsbegleitende Hilfen"))
    assert reply["type"] == "ack" and reply["seq"] == 1
    [event] = await bob.events(1)
    assert event["seq"] == 1 and event["name"] == "card.created"
    assert event["data"]["card"]["text"] == "Ausbildungsbegleitende Hilfen"
