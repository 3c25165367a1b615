"""Property: whatever a client sends, it gets one answer, the socket keeps working, and only acked requests change the board.

Hypothesis drives one connected member and one facilitator with random JSON values,
every operation's fields with wrong types and odd unicode (NUL, lone surrogates,
huge numbers), and random frames. Kept short for the default suite.
"""
import json

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ideas.board.protocol import OPERATIONS
from ideas.tests.conftest import BoardClient, card_fields
from ideas.tests.test_board_consumer import fingerprint
from ideas.tests.test_board_hostile_input import answer, strict_utf8

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

# The codes docs/board-protocol.md lists: an error must be one of them.
DOCUMENTED_CODES = {
    "too_large", "malformed", "rate_limited", "unknown_type", "missing_field", "unknown_field", "invalid_field",
    "empty_text", "too_long", "invalid_tags", "forbidden", "not_found", "closed", "locked", "wrong_phase",
    "not_author", "facilitator_only", "version_conflict", "conflict", "over_budget", "no_vote", "invalid_link",
    "already_linked", "not_deleted", "not_merged", "invalid_same_topic", "already_same_topic",
}

odd_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from(["\x00", "\ud800", "\udfff", "\u202e", "\ufeff", "a", " ", "ä", "😀"]), max_size=8),
    st.sampled_from(["", " ", "need", "gap", "name", "vote", "collect", "answers"]),
)
numbers = st.one_of(st.integers(-3, 50), st.integers(), st.sampled_from([2**63, -(2**63) - 1, 10**30]), st.floats())
json_values = st.recursive(
    st.none() | st.booleans() | numbers | odd_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(odd_text, children, max_size=4),
    max_leaves=12,
)
field_names = sorted({name for schema, _ in OPERATIONS.values() for name in schema.model_fields})


@st.composite
def requests(draw):
    """An operation's message with some fields right, some wrong, some unknown."""
    kind = draw(st.sampled_from(sorted(OPERATIONS) + ["ping", "resume"]) | odd_text | json_values)
    message = {"type": kind}
    if draw(st.booleans()):
        message["ref"] = draw(json_values)
    schema = OPERATIONS[kind][0] if isinstance(kind, str) and kind in OPERATIONS else None
    names = sorted(schema.model_fields) if schema else field_names
    for name in draw(st.lists(st.sampled_from(names + ["since", "sneaky"]), max_size=6, unique=True)):
        if name == "client_id" and draw(st.booleans()):
            message[name] = card_fields()["client_id"]
        else:
            message[name] = draw(json_values)
    return json.dumps(message, ensure_ascii=draw(st.booleans()), allow_nan=True)


frames = st.one_of(
    requests(),
    st.builds(json.dumps, json_values),
    st.text(min_size=1, max_size=40),  # the test client cannot send an empty frame
    st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth),
)


@pytest_asyncio.fixture
async def fuzz_clients(application, world):
    """Filled by the first example: one member and one facilitator for all examples (the board carries on)."""
    clients = []
    yield clients
    for client in clients:
        await client.disconnect()


async def connected(clients, application, world):
    if not clients:
        for name in ("alice", "facilitator"):
            client = BoardClient(strict_utf8(application), world.board.pk, world.cookies[name])
            await client.connect()
            await client.request("card.create", **card_fields())
            clients.append(client)
    return clients


@pytest.fixture
def no_rate_limit(settings):
    settings.BOARD_RATE_BURST = settings.BOARD_RATE_PER_SECOND = 10**6


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=frames, who=st.integers(0, 1))
async def test_every_frame_gets_one_answer_and_only_acked_ones_change_the_board(
    application, world, fuzz_clients, no_rate_limit, frame, who
):
    client = (await connected(fuzz_clients, application, world))[who]
    before = await fingerprint(world.board)
    await client.communicator.send_to(text_data=frame)
    reply = await answer(client)
    if reply["type"] == "error":
        assert reply["code"] in DOCUMENTED_CODES and reply["message"], reply
        assert await fingerprint(world.board) == before, (frame, reply)
    else:
        assert reply["type"] in ("ack", "pong"), reply
    await client.communicator.send_to(text_data='{"type": "ping", "ref": "still there"}')
    assert await answer(client) == {"type": "pong", "ref": "still there"}
    client.inbox.clear()
