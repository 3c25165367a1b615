"""The board WebSocket end to end, through the real ASGI application (origin check, session auth)."""
import asyncio
import json
import time

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async

from ideas.board import events
from ideas.board import operations as ops
from ideas.models import Board, BoardEvent, Card, CardLink, Cluster, Comment, Vote
from ideas.tests.conftest import BoardClient, card_fields

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@database_sync_to_async
def fingerprint(board):
    board = Board.objects.get(pk=board.pk)
    return (
        board.last_seq, board.phase, board.locked,
        list(Card.objects.filter(board=board).values_list("id", "kind", "text", "version", "deleted_at")),
        Vote.objects.count(), Comment.objects.count(), CardLink.objects.count(), Cluster.objects.count(),
        BoardEvent.objects.count(),
    )


@database_sync_to_async
def update_board(board, **fields):
    Board.objects.filter(pk=board.pk).update(**fields)


def texts(messages):
    return json.dumps(messages, ensure_ascii=False)


# --- connecting ----------------------------------------------------------------------


async def test_a_fresh_client_gets_the_snapshot_then_synced(connect, world):
    alice = await connect("alice")
    await alice.request("card.create", **card_fields(text="Erste Karte"))
    bob = await connect("bob")
    snapshot, synced = bob.initial
    assert snapshot["type"] == "snapshot" and snapshot["seq"] == 1
    assert [c["text"] for c in snapshot["cards"]] == ["Erste Karte"]
    assert snapshot["me"]["user_id"] == world.users.bob.pk
    assert synced == {"type": "synced", "seq": 1}


async def test_a_foreign_origin_is_refused(application, world):
    client = BoardClient(application, world.board.pk, world.cookies["alice"], origin=b"http://evil.example")
    connected, _ = await client.communicator.connect()
    assert not connected


@pytest.mark.parametrize("name", [None, "outsider"])
async def test_anonymous_and_non_members_are_refused_on_a_members_board(application, world, name):
    client = BoardClient(application, world.board.pk, world.cookies[name] if name else None)
    connected, _ = await client.communicator.connect()
    assert connected
    assert await client.communicator.receive_output() == {"type": "websocket.close", "code": 4403}


async def test_an_unknown_board_is_refused(application, world):
    client = BoardClient(application, 999999, world.cookies["alice"])
    await client.communicator.connect()
    assert await client.communicator.receive_output() == {"type": "websocket.close", "code": 4404}


async def test_a_registered_participant_gets_in_and_an_unregistered_member_does_not(application, connect, world):
    await update_board(world.board, visibility=Board.Visibility.PARTICIPANTS)
    await connect("bob")  # registered for the workshop
    alice = BoardClient(application, world.board.pk, world.cookies["alice"])
    await alice.communicator.connect()
    assert (await alice.communicator.receive_output())["code"] == 4403


async def test_the_public_reads_a_published_board_without_names_and_cannot_write(connect, world):
    alice = await connect("alice")
    await alice.request("card.create", **card_fields(text="Öffentlich sichtbar"))
    await update_board(world.board, visibility=Board.Visibility.PUBLIC, phase=Board.Phase.CLOSED)
    public = await connect()
    snapshot = public.initial[0]
    assert snapshot["cards"][0]["author"] is None and snapshot["me"] is None
    assert "alice" not in texts(public.initial).lower()
    reply = await public.request("card.create", **card_fields())
    assert reply["code"] == "forbidden"


async def test_reopening_a_published_board_closes_public_connections(connect, world):
    await update_board(world.board, visibility=Board.Visibility.PUBLIC, phase=Board.Phase.CLOSED)
    public = await connect()
    facilitator = await connect("facilitator")
    assert (await facilitator.request("board.set_phase", phase="collect"))["type"] == "ack"
    assert await public.communicator.receive_output() == {"type": "websocket.close", "code": 4403}


async def test_connections_per_user_are_limited(application, connect, world, settings):
    settings.BOARD_MAX_CONNECTIONS_PER_USER = 2
    await connect("alice")
    await connect("alice")
    third = BoardClient(application, world.board.pk, world.cookies["alice"])
    await third.communicator.connect()
    assert (await third.communicator.receive_output())["code"] == 4429
    await connect("bob")  # the limit is per user


async def test_public_readers_are_limited_per_address(application, connect, world, settings):
    settings.BOARD_MAX_READER_CONNECTIONS_PER_ADDRESS = 2
    await update_board(world.board, visibility=Board.Visibility.PUBLIC, phase=Board.Phase.CLOSED)
    first = await connect()
    await connect()
    third = BoardClient(application, world.board.pk)
    await third.communicator.connect()
    assert (await third.communicator.receive_output())["code"] == 4429
    await first.disconnect()
    await connect()  # the place is free again
    await connect("alice")  # participants are counted by account, not by address


async def test_deleting_a_board_closes_its_sockets_with_not_found(connect, world):
    alice = await connect("alice")
    await database_sync_to_async(Board.objects.filter(pk=world.board.pk).delete)()
    while (output := await alice.communicator.receive_output())["type"] != "websocket.close":
        assert json.loads(output["text"])["type"] == "presence"
    assert output["code"] == 4404


# Presence: test_board_presence.py.


# --- live changes, resume, retries -------------------------------------------------------------


async def test_card_posted_by_one_client_reaches_the_other(connect, world):
    alice, bob = await connect("alice"), await connect("bob")
    reply = await alice.request("card.create", **card_fields(text="Ausbildungsbegleitende Hilfen"))
    assert reply["type"] == "ack" and reply["seq"] == 1
    [event] = await bob.events(1)
    assert event["seq"] == 1 and event["name"] == "card.created"
    assert event["data"]["card"]["text"] == "Ausbildungsbegleitende Hilfen"
    assert event["data"]["card"]["mine"] is False and event["data"]["card"]["author"]["name"] == "Alice"
    [own] = await alice.events(1)
    assert own["data"]["card"]["mine"] is True


async def test_retrying_a_card_creates_it_once_and_acks_the_original(connect, world):
    alice, bob = await connect("alice"), await connect("bob")
    fields = card_fields()
    first = await alice.request("card.create", **fields)
    again = await alice.request("card.create", **fields)
    assert (again["seq"], again["id"]) == (first["seq"], first["id"])
    await bob.events(1)
    await bob.assert_no_event()
    assert await database_sync_to_async(Card.objects.count)() == 1


async def test_a_reconnecting_client_gets_exactly_the_missed_events(connect, world):
    alice, bob = await connect("alice"), await connect("bob")
    await alice.request("card.create", **card_fields(text="eins"))
    [seen] = await bob.events(1)
    await bob.disconnect()
    for text in ("zwei", "drei", "vier"):
        await alice.request("card.create", **card_fields(text=text))
    back = await connect("bob", query=f"?since={seen['seq']}")
    assert [(m["type"], m.get("seq")) for m in back.initial] == [("event", 2), ("event", 3), ("event", 4), ("synced", 4)]
    assert [m["data"]["card"]["text"] for m in back.initial[:3]] == ["zwei", "drei", "vier"]
    # And by message on an open connection:
    await back.communicator.send_json_to({"type": "resume", "since": 3})
    resumed = [m for m in await back.until("synced") if m["type"] in ("event", "synced")]
    assert [(m["type"], m["seq"]) for m in resumed] == [("event", 4), ("synced", 4)]


async def test_a_client_too_far_behind_gets_a_snapshot(connect, world, settings):
    settings.BOARD_RESUMABLE_EVENTS = 2
    alice = await connect("alice")
    for _ in range(4):
        await alice.request("card.create", **card_fields())
    back = await connect("bob", query="?since=1")
    assert back.initial[0]["type"] == "snapshot" and back.initial[0]["seq"] == 4
    assert len(back.initial[0]["cards"]) == 4


async def test_an_event_dropped_by_the_channel_layer_is_filled_in_from_the_log(connect, world, monkeypatch):
    alice, bob = await connect("alice"), await connect("bob")
    real_broadcast, calls = events.broadcast, []

    def lossy(board_id, message):
        calls.append(message)
        if len(calls) != 1:  # the layer loses the first one
            real_broadcast(board_id, message)

    monkeypatch.setattr(events, "broadcast", lossy)
    await alice.request("card.create", **card_fields(text="verloren"))
    await alice.request("card.create", **card_fields(text="danach"))
    received = await bob.events(2)
    assert [(e["seq"], e["data"]["card"]["text"]) for e in received] == [(1, "verloren"), (2, "danach")]


async def test_events_reach_the_sockets_while_the_workers_database_thread_is_busy(connect, world, channel_layer):
    """At a worker's restart hundreds of connects queue their queries in its one database
    thread; the sockets already there still hear their board meanwhile."""
    alice = await connect("alice")
    busy = asyncio.ensure_future(sync_to_async(time.sleep)(3))  # the thread every database call runs in
    await asyncio.sleep(0.1)
    event = {"seq": 1, "name": "participant.done_writing", "data": {"_user": {"id": 0}, "done": True}}
    started = time.monotonic()
    await channel_layer.group_send(events.group_name(world.board.pk), {"type": "board.event", "event": event})
    [relayed] = await alice.events(1, timeout=5)
    waited = time.monotonic() - started
    await busy
    assert relayed["seq"] == 1
    assert waited < 1.5, f"the event waited {waited:.1f} s for the database thread"


async def test_every_operation_is_acked_and_reaches_others_in_order(connect, world):
    facilitator, alice, bob = await connect("facilitator"), await connect("alice"), await connect("bob")
    need = (await alice.request("card.create", **card_fields(kind="need", text="Bedarf")))["id"]
    gap = (await alice.request("card.create", **card_fields(kind="gap", text="Lücke")))["id"]
    draft = (await bob.request("card.create", **card_fields(kind="draft", text="Entwurf")))["id"]
    twin = (await bob.request("card.create", **card_fields(kind="need", text="Bedarf, doppelt")))["id"]
    steps = [
        (alice, "card.edit", {"card_id": need, "version": 1, "text": "Bedarf, genauer", "tags": ["Sprache"]}),
        (alice, "card.move", {"card_id": need, "before": None}),
        (alice, "link.create", {"from_card_id": gap, "to_card_id": need, "relation": "answers"}),
        (bob, "comment.create", {"card_id": need, "text": "Stimmt."}),
        (alice, "participant.done_writing", {"done": True}),
        (facilitator, "board.set_timer", {"seconds": 120}),
        (facilitator, "board.set_phase", {"phase": "cluster"}),
        (bob, "cluster.create", {"title": "Sprache"}),
    ]
    for client, kind, fields in steps:
        reply = await client.request(kind, **fields)
        assert reply["type"] == "ack", (kind, reply)
    cluster = await database_sync_to_async(lambda: Cluster.objects.get().pk)()
    link = await database_sync_to_async(lambda: CardLink.objects.get().pk)()
    steps = [
        (bob, "cluster.rename", {"cluster_id": cluster, "title": "Sprache & Kita"}),
        (bob, "card.cluster", {"card_id": need, "cluster_id": cluster}),
        (bob, "cluster.delete", {"cluster_id": cluster}),
        (alice, "link.delete", {"link_id": link}),
        (facilitator, "card.merge", {"card_id": need, "other_id": twin}),
        (facilitator, "card.unmerge", {"card_id": twin}),
        (facilitator, "card.delete", {"card_id": draft}),
        (facilitator, "card.restore", {"card_id": draft}),
        (facilitator, "board.set_phase", {"phase": "vote"}),
        (bob, "vote.cast", {"card_id": need}),
        (bob, "vote.retract", {"card_id": need}),
        (facilitator, "vote.cast", {"card_id": need, "proxy_person_name": "Frau Kaya"}),
        (facilitator, "board.set_lock", {"locked": True}),
    ]
    for client, kind, fields in steps:
        reply = await client.request(kind, **fields)
        assert reply["type"] == "ack", (kind, reply)
    events = await bob.events(25)
    assert [e["seq"] for e in events] == list(range(1, 26))
    assert [e["name"] for e in events][4:] == [
        "card.updated", "card.moved", "link.created", "comment.created", "participant.done_writing",
        "board.timer_set", "board.phase_changed", "cluster.created", "cluster.renamed", "card.clustered",
        "cluster.deleted", "link.deleted", "card.merged", "card.unmerged", "card.deleted", "card.restored", "board.phase_changed",
        "vote.cast", "vote.retracted", "vote.cast", "board.lock_changed",
    ]
    vote_events = [e for e in events if e["name"] == "vote.cast"]
    assert vote_events[0]["data"]["my_votes"] == 1 and "my_votes" not in vote_events[1]["data"]


# --- hidden phase and anonymity -------------------------------------------------------------------


async def test_hidden_card_is_not_sent_to_other_members(connect, world):
    await update_board(world.board, silent_collect=True)
    alice, bob, facilitator = await connect("alice"), await connect("bob"), await connect("facilitator")
    await alice.request("card.create", **card_fields(text="Streng geheimer Bedarf", tags=["Geheimtag"]))
    [stub] = await bob.events(1)
    assert stub == {"type": "event", "seq": 1, "name": "card.hidden_created", "data": {"id": stub["data"]["id"]}}
    [full] = await facilitator.events(1)
    assert full["data"]["card"]["text"] == "Streng geheimer Bedarf"
    late = await connect("bob")
    assert late.initial[0]["cards"] == [] and late.initial[0]["board"]["hidden_cards"] == 1
    everything_bob_got = texts(bob.inbox + [stub] + late.initial)
    assert "geheim" not in everything_bob_got.lower() and "alice" not in everything_bob_got.lower()
    await facilitator.request("board.set_phase", phase="reveal")
    [reveal] = await bob.events(1)
    assert [c["text"] for c in reveal["data"]["revealed"]] == ["Streng geheimer Bedarf"]


async def test_organisation_only_card_does_not_send_the_author_to_others(connect, world):
    alice, bob = await connect("alice"), await connect("bob")
    await alice.request("card.create", **card_fields(text="Pseudonym", display="organisation_only"))
    [event] = await bob.events(1)
    card = event["data"]["card"]
    assert card["author"] is None and card["organisation"]["name"] == world.organisations[0].name
    assert "alice" not in texts(event).lower()
    [own] = await alice.events(1)
    assert own["data"]["card"]["author"]["name"] == "Alice"


# --- votes ------------------------------------------------------------------------------------------


async def test_vote_budget_holds_against_double_clicks_from_two_tabs(connect, world):
    """The protocol's answer to a burst of dots: three acks, then over_budget, nothing more stored.

    This cannot see a missing row lock: the consumer's database calls run one after
    another in one thread, and SQLite ignores select_for_update. The race itself runs
    with real threads on PostgreSQL: test_board_operations.py::test_vote_budget_holds_under_concurrent_transactions.
    """
    await update_board(world.board, vote_budget=3)
    alice = await connect("alice")
    card = (await alice.request("card.create", **card_fields()))["id"]
    await update_board(world.board, phase=Board.Phase.VOTE)
    tab1, tab2 = await connect("bob"), await connect("bob")
    refs = await asyncio.gather(*[tab.send("vote.cast", card_id=card) for _ in range(5) for tab in (tab1, tab2)])
    replies = await tab1.replies(refs[0::2]) + await tab2.replies(refs[1::2])
    assert sorted(r["type"] for r in replies) == ["ack"] * 3 + ["error"] * 7
    assert {r["code"] for r in replies if r["type"] == "error"} == {"over_budget"}
    assert await database_sync_to_async(Vote.objects.count)() == 3


async def test_a_facilitator_enters_dots_for_a_named_person_and_takes_one_back_members_see_only_the_count(connect, world):
    alice = await connect("alice")
    card = (await alice.request("card.create", **card_fields()))["id"]
    await alice.events(1)
    await update_board(world.board, phase=Board.Phase.VOTE, vote_budget=2)
    facilitator = await connect("facilitator")
    first = await facilitator.request("vote.cast", card_id=card, proxy_person_name="Frau Kaya")
    assert first["type"] == "ack"
    [event] = await facilitator.events(1)
    proxy_person = event["data"]["proxy_person"]
    assert proxy_person["name"] == "Frau Kaya"
    assert (event["data"]["proxy_person_votes"], event["data"]["proxy_person_votes_left"], event["data"]["on_behalf"]) == (1, 1, True)
    [seen] = await alice.events(1)
    assert (seen["data"]["votes"], seen["data"]["proxy_votes"]) == (1, 1)
    assert "proxy_person" not in seen["data"] and "Kaya" not in json.dumps(seen), "how a person voted stays with the facilitators"
    assert (await facilitator.request("vote.cast", card_id=card, proxy_person_id=proxy_person["id"]))["type"] == "ack"
    over = await facilitator.request("vote.cast", card_id=card, proxy_person_id=proxy_person["id"])
    assert (over["type"], over["code"]) == ("error", "over_budget") and "Frau Kaya" in over["message"]
    refused = await alice.request("vote.retract", card_id=card, proxy_person_id=proxy_person["id"])
    assert refused["code"] == "facilitator_only"
    assert (await facilitator.request("vote.retract", card_id=card, proxy_person_id=proxy_person["id"]))["type"] == "ack"
    events_seen = await alice.events(2)
    assert [e["name"] for e in events_seen] == ["vote.cast", "vote.retracted"]
    assert events_seen[-1]["data"]["votes"] == 1
    snapshot = (await connect("facilitator")).initial[0]
    assert snapshot["proxy_people"][0]["votes"] == {str(card): 1} and snapshot["proxy_people"][0]["votes_left"] == 1


# --- merge and undo ---------------------------------------------------------------------------------


async def test_a_facilitator_undoes_a_merge_and_everyone_gets_both_cards_back(connect, world):
    alice, bob = await connect("alice"), await connect("bob")
    kept = (await alice.request("card.create", **card_fields(text="Sprachkurs abends")))["id"]
    merged = (await bob.request("card.create", **card_fields(text="Abendkurse Deutsch", display="organisation_only")))["id"]
    comment = (await alice.request("comment.create", card_id=merged, text="Ja, unbedingt"))["id"]
    await alice.events(3)
    facilitator = await connect("facilitator")
    assert (await facilitator.request("card.merge", card_id=kept, other_id=merged))["type"] == "ack"
    [merge] = await alice.events(1)
    [source] = merge["data"]["card"]["merged_from"]
    assert source["author"] is None and source["organisation"]["name"] == world.organisations[1].name
    refused = await alice.request("card.unmerge", card_id=merged)
    assert refused["code"] == "facilitator_only"
    ack = await facilitator.request("card.unmerge", card_id=merged)
    assert ack["type"] == "ack" and ack["id"] == merged
    [undo] = await alice.events(1)
    assert undo["name"] == "card.unmerged" and undo["seq"] == merge["seq"] + 1
    assert undo["data"]["card"]["id"] == kept and undo["data"]["card"]["merged_from"] == []
    assert undo["data"]["restored"]["id"] == merged and undo["data"]["restored"]["author"] is None
    assert undo["data"]["moved_comments"] == [comment]
    again = await facilitator.request("card.unmerge", card_id=merged)
    assert again["code"] == "not_merged"


# --- bad input changes nothing ------------------------------------------------------------------------


async def test_bad_messages_get_an_error_and_change_nothing(connect, world):
    alice = await connect("alice")
    card = (await alice.request("card.create", **card_fields()))["id"]
    await alice.events(1)
    bob = await connect("bob")
    before = await fingerprint(world.board)
    cases = [
        ("x" * 9000, "too_large"),
        ("{not json", "malformed"),
        ("[1, 2]", "malformed"),
        (json.dumps({"type": "card.explode", "ref": "a"}), "unknown_type"),
        (json.dumps({"ref": "a"}), "unknown_type"),
        (json.dumps({"type": "card.create", "ref": "a", "kind": "need", "text": "x"}), "missing_field"),
        (json.dumps({"type": "card.create", "ref": "a", **card_fields(), "sneaky": 1}), "unknown_field"),
        (json.dumps({"type": "card.create", "ref": "a", **card_fields(kind="wish")}), "invalid_field"),
        (json.dumps({"type": "card.create", "ref": "a", **card_fields(text=["x"])}), "invalid_field"),
        (json.dumps({"type": "card.create", "ref": "a", **card_fields(), "client_id": "nope"}), "invalid_field"),
        (json.dumps({"type": "card.edit", "ref": "a", "card_id": str(card), "version": 1}), "invalid_field"),
        (json.dumps({"type": "card.create", "ref": "a", **card_fields(text="x" * 1001)}), "too_long"),
        (json.dumps({"type": "card.edit", "ref": "a", "card_id": card, "version": 1, "text": "meins"}), "not_author"),
        (json.dumps({"type": "card.delete", "ref": "a", "card_id": card}), "not_author"),
        (json.dumps({"type": "vote.cast", "ref": "a", "card_id": card}), "wrong_phase"),
        (json.dumps({"type": "board.set_phase", "ref": "a", "phase": "vote"}), "facilitator_only"),
        (json.dumps({"type": "resume", "since": -1}), "invalid_field"),
    ]
    for frame, code in cases:
        await bob.communicator.send_to(text_data=frame)
        reply = (await bob.until("error"))[-1]
        assert reply["type"] == "error" and reply["code"] == code, (frame[:80], reply)
        assert reply["message"]
    await bob.communicator.send_to(bytes_data=b"\x00\x01")
    assert (await bob.until("error"))[-1]["code"] == "malformed"
    assert await fingerprint(world.board) == before
    await alice.assert_no_event()


async def test_wrong_phase_locked_and_over_budget_change_nothing(connect, world):
    alice, facilitator = await connect("alice"), await connect("facilitator")
    card = (await alice.request("card.create", **card_fields()))["id"]
    await facilitator.request("board.set_lock", locked=True)
    before = await fingerprint(world.board)
    assert (await alice.request("card.create", **card_fields()))["code"] == "locked"
    assert await fingerprint(world.board) == before
    await facilitator.request("board.set_lock", locked=False)
    await facilitator.request("board.set_phase", phase="vote")
    await update_board(world.board, vote_budget=1)
    assert (await alice.request("card.create", **card_fields()))["code"] == "wrong_phase"
    assert (await alice.request("vote.cast", card_id=card))["type"] == "ack"
    before = await fingerprint(world.board)
    assert (await alice.request("vote.cast", card_id=card))["code"] == "over_budget"
    assert await fingerprint(world.board) == before


async def test_error_messages_follow_the_readers_language(application, world):
    client = BoardClient(application, world.board.pk, world.cookies["alice"])
    client.communicator.scope["headers"].append((b"accept-language", b"en"))
    await client.connect()
    reply = await client.request("card.explode")
    assert reply["message"] == "Unknown message type “card.explode”."
    await client.disconnect()


async def test_a_flooding_connection_is_throttled_not_dropped(connect, world, settings):
    alice = await connect("alice")
    for i in range(60):
        await alice.communicator.send_json_to({"type": "ping", "ref": i})
    replies = [await alice.receive() for _ in range(60)]
    limited = [r for r in replies if r["type"] == "error"]
    assert limited and {r["code"] for r in limited} == {"rate_limited"}
    assert len(replies) - len(limited) >= settings.BOARD_RATE_BURST
    await asyncio.sleep(0.2)
    assert (await alice.request("card.create", **card_fields()))["type"] == "ack"


# --- access that ends while connected ----------------------------------------------------------------


async def closed_with(client):
    """The close code the server ends this socket with (other messages before it are skipped)."""
    while (output := await client.communicator.receive_output())["type"] != "websocket.close":
        pass
    return output["code"]


async def test_cancelling_a_registration_ends_live_access_to_a_participants_board(connect, world):
    from workshops.registrations import cancel

    await update_board(world.board, visibility=Board.Visibility.PARTICIPANTS)
    bob, facilitator = await connect("bob"), await connect("facilitator")
    await database_sync_to_async(cancel)(world.users.bob, world.workshop)
    assert await closed_with(bob) == 4403
    await facilitator.assert_no_event()


async def test_a_visibility_change_closes_a_member_who_lost_access_and_keeps_the_others(connect, world):
    alice, bob, facilitator = await connect("alice"), await connect("bob"), await connect("facilitator")
    reply = await database_sync_to_async(ops.configure_board)(
        world.users.facilitator, world.board.pk, visibility=Board.Visibility.PARTICIPANTS
    )
    assert reply.seq == 1
    assert await closed_with(alice) == 4403
    [event] = await bob.events(1)
    assert event["name"] == "board.configured" and event["data"]["board"]["visibility"] == "participants"
    assert (await bob.request("card.create", **card_fields()))["type"] == "ack"


async def test_losing_the_member_role_ends_live_access(connect, world):
    from django.contrib.auth.models import Group

    from network import roles

    alice = await connect("alice")
    group = await database_sync_to_async(Group.objects.get)(name=roles.MEMBER)
    await database_sync_to_async(world.users.alice.groups.remove)(group)
    assert await closed_with(alice) == 4403


async def test_every_change_to_a_hidden_card_reaches_other_members_as_a_stub_without_content(connect, world):
    await update_board(world.board, silent_collect=True)
    alice, bob, facilitator = await connect("alice"), await connect("bob"), await connect("facilitator")
    need = (await alice.request("card.create", **card_fields(kind="need", text="Geheimer Bedarf", tags=["Geheimtag"])))["id"]
    gap = (await alice.request("card.create", **card_fields(kind="gap", text="Geheime Lücke")))["id"]
    cluster = (await facilitator.request("cluster.create", title="Sammlung"))["id"]
    steps = [
        ("card.edit", {"card_id": need, "version": 1, "text": "Geheimer Bedarf, genauer"}, "card.hidden_updated", need),
        ("card.move", {"card_id": need, "before": None}, "card.hidden_moved", need),
        ("comment.create", {"card_id": need, "text": "Geheimer Kommentar"}, "card.hidden_changed", need),
        ("link.create", {"from_card_id": gap, "to_card_id": need, "relation": "answers"}, "card.hidden_changed", gap),
        ("card.cluster", {"card_id": need, "cluster_id": cluster}, "card.hidden_clustered", need),
        ("card.delete", {"card_id": gap}, "card.hidden_deleted", gap),
        ("card.restore", {"card_id": gap}, "card.hidden_restored", gap),
    ]
    for kind, fields, _, _ in steps:
        assert (await alice.request(kind, **fields))["type"] == "ack", kind
    link = await database_sync_to_async(lambda: CardLink.objects.get().pk)()
    assert (await alice.request("link.delete", link_id=link))["type"] == "ack"
    received = await bob.events(11)
    stubs = [event for event in received if event["name"] != "cluster.created"]
    expected = [("card.hidden_created", need), ("card.hidden_created", gap)] + [(name, card) for *_, name, card in steps]
    assert [(e["name"], e["data"]) for e in stubs] == [(name, {"id": card}) for name, card in expected + [("card.hidden_changed", gap)]]
    assert "geheim" not in texts(received).lower() and "alice" not in texts(received).lower()
    # The facilitator got the full events.
    assert "Geheimer Kommentar" in texts(await facilitator.events(11))


@pytest.mark.parametrize("ref", [{"a": 1}, True, "x" * 101, 1.5])
async def test_a_bad_ref_is_refused_and_changes_nothing(connect, world, ref):
    alice = await connect("alice")
    await alice.communicator.send_json_to({"type": "card.create", "ref": ref, **card_fields()})
    reply = (await alice.until("error"))[-1]
    assert reply == {"type": "error", "ref": None, "code": "invalid_field", "message": reply["message"]}
    assert "ref" in reply["message"]
    assert await database_sync_to_async(Card.objects.count)() == 0


@pytest.mark.parametrize("seconds", [0, 14401])
async def test_an_impossible_timer_is_refused(connect, world, seconds):
    facilitator = await connect("facilitator")
    reply = await facilitator.request("board.set_timer", seconds=seconds)
    assert reply["code"] == "invalid_field"


async def test_the_facilitator_switches_silent_collect_over_the_socket_and_members_get_only_stubs_after(connect, world):
    alice, bob, facilitator = await connect("alice"), await connect("bob"), await connect("facilitator")
    card = (await alice.request("card.create", **card_fields(text="Vorher sichtbar")))["id"]
    assert (await alice.request("board.set_silent_collect", silent_collect=True))["code"] == "facilitator_only"
    assert (await facilitator.request("board.set_silent_collect", silent_collect=True))["type"] == "ack"
    [_, switched] = await bob.events(2)
    assert switched["name"] == "board.silent_collect_changed"
    assert switched["data"]["hidden"] == [card] and switched["data"]["cards_hidden"] is True
    assert switched["data"]["allowed"]["post"] is True
    await alice.request("card.create", **card_fields(text="Jetzt geheim"))
    [stub] = await bob.events(1)
    assert stub["name"] == "card.hidden_created"


async def test_a_new_role_while_connected_sends_a_snapshot_with_what_they_may_do_now(connect, world):
    from django.contrib.auth.models import Group

    from network import roles

    alice = await connect("alice")
    assert alice.initial[0]["me"]["allowed"]["merge"] is False
    group = await database_sync_to_async(Group.objects.get)(name=roles.FACILITATOR)
    await database_sync_to_async(world.users.alice.groups.add)(group)
    snapshot = (await alice.until("snapshot"))[-1]
    assert snapshot["me"]["facilitator"] is True and snapshot["me"]["allowed"]["merge"] is True


async def test_deleting_the_account_of_someone_connected_closes_their_socket(connect, world):
    alice = await connect("alice")  # has not taken part yet, so the account may be deleted
    await database_sync_to_async(world.users.alice.delete)()
    assert await closed_with(alice) == 4403


async def test_a_secret_vote_keeps_the_dots_from_members_until_it_is_over(connect, world):
    from ideas.models import Board as BoardModel

    card = await sync_to_async(lambda: ops.create_card(
        world.users.alice, world.board.pk, **card_fields(text="Abendkurse")).id)()
    await sync_to_async(BoardModel.objects.filter(pk=world.board.pk).update)(secret_vote=True)
    await sync_to_async(ops.set_phase)(world.users.facilitator, world.board.pk, phase=BoardModel.Phase.VOTE)
    bob, mona = await connect("bob"), await connect("facilitator")
    [snapshot] = [m for m in bob.initial if m["type"] == "snapshot"]
    assert snapshot["board"]["votes_hidden"] and snapshot["cards"][0]["votes"] is None

    reply = await bob.request("vote.cast", card_id=card)
    assert reply["type"] == "ack"
    [to_bob] = await bob.events(1)
    assert "votes" not in to_bob["data"] and to_bob["data"]["my_votes"] == 1  # his own dot, not the total
    [to_mona] = await mona.events(1)
    assert to_mona["data"]["votes"] == 1  # facilitators see the vote as it goes

    await sync_to_async(ops.set_phase)(world.users.facilitator, world.board.pk, phase=BoardModel.Phase.CLOSED)
    [over] = await bob.events(1)
    assert over["data"]["revealed_votes"] == {str(card): [1, 0]}
