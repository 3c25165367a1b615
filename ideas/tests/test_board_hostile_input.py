"""The board WebSocket under hostile input: every frame gets an answer, nothing unstorable is stored, the socket lives on."""
import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from ideas.models import Card
from ideas.tests.conftest import ORIGIN, card_fields
from ideas.tests.test_board_consumer import fingerprint

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

SURROGATE = "\\ud800"  # as a client writes it in JSON: valid JSON, but no character UTF-8 can carry


def strict_utf8(application):
    """The application as a real server runs it: a text frame that is not valid UTF-8 cannot be sent."""

    async def app(scope, receive, send):
        async def encoding_send(message):
            if message.get("text") is not None:
                message["text"].encode("utf-8")  # raises like Daphne and uvicorn do
            await send(message)

        await application(scope, receive, encoding_send)

    return app


@pytest.fixture
def application(application):
    """Every socket of this module talks to the application as a real server runs it (strict_utf8)."""
    return strict_utf8(application)


@database_sync_to_async
def card_state(card_id):
    card = Card.objects.get(pk=card_id)
    return card.text, [tag.name for tag in card.tags.all()], card.version


async def answer(client):
    """The next answer to a request (ack, error, pong); presence and events are kept aside."""
    while True:
        message = await client.receive()
        if message["type"] in ("ack", "error", "pong"):
            return message
        client.inbox.append(message)


async def reply_to(client, frame):
    await client.communicator.send_to(text_data=frame)
    return await answer(client)


async def still_answers(client):
    await client.communicator.send_to(text_data='{"type": "ping", "ref": "x"}')
    assert await answer(client) == {"type": "pong", "ref": "x"}


# --- 1. lone surrogates ----------------------------------------------------------------


@pytest.mark.parametrize("frame", [
    '{"type": "ping", "ref": "%s"}' % SURROGATE,
    '{"type": "card.%s", "ref": "a"}' % SURROGATE,
    '{"type": "card.create", "ref": "a", "kind": "need", "text": "x", "client_id": "%s", "%s": 1}' % (
        "0b7e8f4c-3a8e-4c7e-9d43-5b2b0f1f7c11", SURROGATE),
])
async def test_a_lone_surrogate_gets_an_error_and_the_socket_keeps_answering(connect, world, frame):
    bob = await connect("bob")
    before = await fingerprint(world.board)
    reply = await reply_to(bob, frame)
    assert reply["type"] == "error" and reply["code"] in ("invalid_field", "unknown_type", "unknown_field")
    assert reply["message"]
    await still_answers(bob)
    assert await fingerprint(world.board) == before


async def test_a_card_with_a_surrogate_ref_is_not_stored_unacked(connect, world):
    bob = await connect("bob")
    frame = json.dumps({"type": "card.create", **card_fields()})[:-1] + ', "ref": "%s"}' % SURROGATE
    reply = await reply_to(bob, frame)
    assert reply["code"] == "invalid_field"
    assert await Card.objects.acount() == 0
    await still_answers(bob)


# --- 2. inputs that crashed the consumer -----------------------------------------------------


@pytest.mark.parametrize("frame, code", [
    ("[" * 1000 + "]" * 1000, "malformed"),
    ('{"type": ' + "[" * 1000 + "]" * 1000 + "}", "malformed"),
    ('{"type": [], "ref": "a"}', "unknown_type"),
    ('{"type": {}, "ref": "a"}', "unknown_type"),
])
async def test_deep_nesting_and_odd_types_get_an_error(connect, world, frame, code):
    bob = await connect("bob")
    reply = await reply_to(bob, frame)
    assert reply["type"] == "error" and reply["code"] == code
    await still_answers(bob)


@pytest.mark.parametrize("fields", [
    {"text": "Sprach\\ud800kurs"},
    {"text": "Sprach\\u0000kurs"},
    {"tags": ["a\\udfffb"]},
    {"tags": ["a\\u0000b"]},
])
async def test_text_the_database_cannot_store_is_refused_before_it(connect, world, fields):
    bob = await connect("bob")
    message = {"type": "card.create", "ref": "a", **card_fields(), **fields}
    reply = await reply_to(bob, json.dumps(message).replace("\\\\u", "\\u"))
    assert reply["type"] == "error" and reply["code"] == "invalid_field", reply
    assert "nicht gespeichert werden" in reply["message"]  # German, the default language
    assert await Card.objects.acount() == 0
    await still_answers(bob)


@pytest.mark.parametrize("field", ["text", "tags"])
async def test_an_edit_with_a_nul_is_refused(connect, world, field):
    bob = await connect("bob")
    created = await bob.request("card.create", **card_fields(tags=["alt"]))
    value = '"neu\\u0000"' if field == "text" else '["a\\u0000b"]'
    frame = '{"type": "card.edit", "ref": "e", "card_id": %d, "version": 1, "%s": %s}' % (created["id"], field, value)
    reply = await reply_to(bob, frame)
    assert reply["code"] == "invalid_field"
    assert await card_state(created["id"]) == ("Sprachkurse mit Kinderbetreuung", ["alt"], 1)
    await still_answers(bob)


async def test_a_huge_id_is_refused_not_sent_to_the_database(connect, world):
    bob = await connect("bob")
    reply = await bob.request("card.delete", card_id=10**30)
    assert reply["code"] == "invalid_field"
    await still_answers(bob)


@pytest.mark.parametrize("since", ["9" * 5000, "²"])
async def test_an_absurd_since_gets_a_snapshot(connect, world, since):
    bob = await connect("bob", query=f"?since={since}")
    assert bob.initial[0]["type"] == "snapshot"
    await still_answers(bob)


# --- 4. junk counts against the rate limit ------------------------------------------------


@pytest.mark.parametrize("junk", [{"text_data": "{not json"}, {"text_data": "x" * 9000}, {"bytes_data": b"\x00"}])
async def test_junk_frames_are_throttled_like_any_other(connect, world, settings, junk):
    bob = await connect("bob")
    for _ in range(60):
        await bob.communicator.send_to(**junk)
    codes = [(await answer(bob))["code"] for _ in range(60)]
    assert "rate_limited" in codes
    assert codes.count("rate_limited") >= 5


# --- 3. paths with no route ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/ws/boards/abc/", "/ws/boards/-1/", "/ws/boards/2", "/ws/", "/ws/nothing/here/"])
async def test_a_path_without_a_board_route_is_a_404(application, path):
    communicator = WebsocketCommunicator(application, path, headers=[(b"origin", ORIGIN)])
    communicator.scope["extensions"] = {"websocket.http.response": {}}
    await communicator.send_input({"type": "websocket.connect"})
    start = await communicator.receive_output()
    assert start["type"] == "websocket.http.response.start" and start["status"] == 404
    body = await communicator.receive_output()
    assert body["type"] == "websocket.http.response.body"


async def test_a_path_without_a_route_is_refused_on_servers_without_denial_responses(application):
    communicator = WebsocketCommunicator(application, "/ws/boards/abc/", headers=[(b"origin", ORIGIN)])
    connected, _ = await communicator.connect()
    assert not connected
