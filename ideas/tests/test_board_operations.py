"""Board operations: every change writes one gap-free event; every rule refuses bad changes and writes nothing."""
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from ideas.board import reading, rules
from ideas.board import operations as ops
from ideas.board.errors import BoardError
from ideas.board.rules import Viewer
from ideas.models import Board, BoardEvent, Card, CardHistory, CardLink, Cluster, Comment, ProxyPerson, Vote
from ideas.tests.conftest import make_board_world
from network.models import BuildingBlock, TargetGroup


@pytest.fixture
def world(db):
    return make_board_world()


def fingerprint(board):
    """Everything an operation could have changed on the board."""
    board = Board.objects.get(pk=board.pk)
    return (
        board.last_seq, board.phase, board.locked, board.timer_ends_at,
        list(Card.objects.filter(board=board).values_list(
            "id", "kind", "text", "version", "position", "cluster", "deleted_at", "merged_into")),
        list(Vote.objects.filter(board=board).values_list("id", "card", "proxy_person")),
        list(Comment.objects.filter(card__board=board).values_list("id", "card")),
        list(CardLink.objects.filter(from_card__board=board).values_list("id", "from_card", "to_card")),
        Cluster.objects.filter(board=board).count(), ProxyPerson.objects.filter(board=board).count(),
        list(CardHistory.objects.filter(card__board=board).values_list("id", "card")),
        BoardEvent.objects.filter(board=board).count(),
    )


def refused(code, call, user, *args, board, **kwargs):
    """call(user, board, *args, **kwargs) raises BoardError(code) and changes nothing."""
    before = fingerprint(board)
    with pytest.raises(BoardError) as info:
        call(user, board.pk, *args, **kwargs)
    assert info.value.code == code, info.value.message
    assert info.value.message
    assert fingerprint(board) == before


def post(world, user=None, kind="need", text="Sprachkurs am Abend", **extra):
    user = user or world.users.alice
    change = ops.create_card(user, world.board.pk, client_id=uuid.uuid4(), kind=kind, text=text, **extra)
    return Card.objects.get(pk=change.id)


def set_phase(world, phase):
    ops.set_phase(world.users.facilitator, world.board.pk, phase=phase)
    world.board.refresh_from_db()


def events(board):
    return list(BoardEvent.objects.filter(board=board).order_by("seq").values_list("seq", "name"))


# --- events and seq ---------------------------------------------------------------


def test_every_change_appends_one_event_with_the_next_seq(world):
    card = post(world)
    ops.edit_card(world.users.alice, world.board.pk, card.pk, version=1, text="Sprachkurs am Abend, mit Kita")
    ops.add_comment(world.users.bob, world.board.pk, card.pk, text="Gibt es in Talstadt nicht.")
    assert events(world.board) == [(1, "card.created"), (2, "card.updated"), (3, "comment.created")]
    assert Board.objects.get(pk=world.board.pk).last_seq == 3


def test_create_card_takes_the_organisation_from_the_member_profile(world):
    card = post(world, tags=["Sprache", "sprache", "Kita"])
    assert card.author_organisation == world.organisations[0]
    assert sorted(t.name for t in card.tags.all()) == ["Kita", "Sprache"]
    assert card.created_seq == 1


def test_retrying_create_card_with_the_same_client_id_returns_the_original(world):
    client_id = uuid.uuid4()
    first = ops.create_card(world.users.alice, world.board.pk, client_id=client_id, kind="need", text="A")
    set_phase(world, "reveal")  # a queued retry may arrive after the phase moved on
    again = ops.create_card(world.users.alice, world.board.pk, client_id=client_id, kind="need", text="A")
    assert again == first
    assert Card.objects.filter(board=world.board).count() == 1
    assert Board.objects.get(pk=world.board.pk).last_seq == 2


def test_someone_elses_client_id_is_a_conflict(world):
    card = post(world)
    refused("conflict", ops.create_card, world.users.bob, board=world.board, client_id=card.client_id, kind="need", text="B")


# --- validation ---------------------------------------------------------------------


@pytest.mark.parametrize("fields, code", [
    ({"text": "x" * 1001}, "too_long"),
    ({"text": "   "}, "empty_text"),
    ({"kind": "wish"}, "invalid_field"),
    ({"display": "nobody"}, "invalid_field"),
    ({"tags": ["x" * 51]}, "invalid_tags"),
    ({"tags": [f"t{i}" for i in range(11)]}, "invalid_tags"),
    ({"building_block": 999999}, "invalid_field"),
    ({"target_group": 999999}, "invalid_field"),
])
def test_invalid_cards_are_refused_and_change_nothing(world, fields, code):
    refused(code, ops.create_card, world.users.alice, board=world.board,
            **{"client_id": uuid.uuid4(), "kind": "need", "text": "ok", **fields})


def test_text_is_stored_as_given_never_as_html(world):
    card = post(world, text="<script>alert(1)</script> & <b>fett</b>")
    assert card.text == "<script>alert(1)</script> & <b>fett</b>"
    assert reading.snapshot(world.board, world.users.bob)["cards"][0]["text"] == card.text


def test_building_block_and_target_group_are_kept(world):
    block = BuildingBlock.objects.create(code="F2", title="Sprachförderung")
    group = TargetGroup.objects.create(name="Geduldete 18–27")
    card = post(world, building_block=block.pk, target_group=group.pk)
    data = reading.snapshot(world.board, world.users.bob)["cards"][0]
    assert data["building_block"]["code"] == "F2" and data["target_group"]["name"] == group.name
    ops.edit_card(world.users.alice, world.board.pk, card.pk, version=1, building_block=None)
    assert Card.objects.get(pk=card.pk).building_block is None


# --- permissions --------------------------------------------------------------------


def test_outsiders_cannot_post(world):
    refused("forbidden", ops.create_card, world.users.outsider, board=world.board, client_id=uuid.uuid4(), kind="need", text="x")


def test_participants_board_admits_registered_users_and_facilitators_only(world):
    Board.objects.filter(pk=world.board.pk).update(visibility=Board.Visibility.PARTICIPANTS)
    world.board.refresh_from_db()
    refused("forbidden", ops.create_card, world.users.alice, board=world.board, client_id=uuid.uuid4(), kind="need", text="x")
    post(world, user=world.users.bob)
    post(world, user=world.users.facilitator)


def test_public_sees_a_public_board_only_once_closed_and_never_author_names(world):
    from django.contrib.auth.models import AnonymousUser

    post(world, text="öffentlich")
    anonymous = AnonymousUser()
    assert rules.viewer_for(anonymous, world.board) is None
    Board.objects.filter(pk=world.board.pk).update(visibility=Board.Visibility.PUBLIC)
    world.board.refresh_from_db()
    assert rules.viewer_for(anonymous, world.board) is None
    set_phase(world, "closed")
    state = reading.snapshot(world.board, anonymous)
    [card] = state["cards"]
    assert card["author"] is None and card["organisation"]["name"] == world.organisations[0].name
    assert state["me"] is None
    assert "alice" not in str(state) and "Alice" not in str(state)
    refused("forbidden", ops.create_card, anonymous, board=world.board, client_id=uuid.uuid4(), kind="need", text="x")


def test_posting_only_while_collecting(world):
    set_phase(world, "reveal")
    refused("wrong_phase", ops.create_card, world.users.alice, board=world.board, client_id=uuid.uuid4(), kind="need", text="x")
    post(world, user=world.users.facilitator)  # facilitators may add late cards


def test_locked_board_refuses_members_but_not_facilitators(world):
    ops.set_lock(world.users.facilitator, world.board.pk, locked=True)
    refused("locked", ops.create_card, world.users.alice, board=world.board, client_id=uuid.uuid4(), kind="need", text="x")
    post(world, user=world.users.facilitator)


def test_closed_board_is_read_only(world):
    card = post(world)
    set_phase(world, "closed")
    refused("closed", ops.edit_card, world.users.facilitator, card.pk, board=world.board, version=1, text="neu")
    refused("closed", ops.add_comment, world.users.bob, card.pk, board=world.board, text="x")


def test_members_cannot_edit_someone_elses_card(world):
    card = post(world)
    refused("not_author", ops.edit_card, world.users.bob, card.pk, board=world.board, version=1, text="übernommen")
    refused("not_author", ops.delete_card, world.users.bob, card.pk, board=world.board)
    refused("not_author", ops.move_card, world.users.bob, card.pk, board=world.board, kind="gap")


def test_facilitators_may_edit_delete_and_restore_any_card(world):
    card = post(world)
    ops.edit_card(world.users.facilitator, world.board.pk, card.pk, version=1, text="korrigiert")
    ops.delete_card(world.users.facilitator, world.board.pk, card.pk)
    assert reading.snapshot(world.board, world.users.bob)["cards"] == []
    ops.restore_card(world.users.facilitator, world.board.pk, card.pk)
    assert Card.objects.get(pk=card.pk).deleted_at is None
    assert events(world.board)[-2:] == [(3, "card.deleted"), (4, "card.restored")]


def test_stale_version_is_a_conflict(world):
    card = post(world)
    ops.edit_card(world.users.alice, world.board.pk, card.pk, version=1, text="zweite Fassung")
    refused("version_conflict", ops.edit_card, world.users.alice, card.pk, board=world.board, version=1, text="dritte")
    assert CardHistory.objects.get(card=card).text == "Sprachkurs am Abend"


def test_facilitator_only_operations(world):
    card, other = post(world), post(world)
    for call, kwargs in [
        (ops.set_phase, {"phase": "vote"}), (ops.set_lock, {"locked": True}), (ops.set_timer, {"seconds": 60}),
    ]:
        refused("facilitator_only", call, world.users.alice, board=world.board, **kwargs)
    refused("facilitator_only", ops.merge_cards, world.users.alice, card.pk, board=world.board, other=other.pk)
    refused("facilitator_only", ops.create_card, world.users.alice, board=world.board,
            client_id=uuid.uuid4(), kind="need", text="x", on_behalf=True)


def test_a_card_of_another_board_cannot_be_touched(world):
    card = post(world)
    other_board = Board.objects.create(workshop=world.workshop, title="Zweites Board")
    refused("not_found", ops.delete_card, world.users.facilitator, card.pk, board=other_board)


# --- cards: move, link, comment, clusters, merge -------------------------------------------


def test_move_card_renumbers_the_column_and_changes_the_kind(world):
    a, b, c = post(world, text="a"), post(world, text="b"), post(world, text="c")
    ops.move_card(world.users.alice, world.board.pk, c.pk, before=a.pk)
    assert list(Card.objects.filter(kind="need").order_by("position").values_list("text", flat=True)) == ["c", "a", "b"]
    ops.move_card(world.users.alice, world.board.pk, a.pk, kind="gap")
    assert Card.objects.get(pk=a.pk).kind == "gap"
    event = BoardEvent.objects.filter(board=world.board).last()
    assert event.name == "card.moved" and event.data["order"] == [a.pk]
    refused("not_found", ops.move_card, world.users.alice, b.pk, board=world.board, before=999999)


def test_links_follow_the_rules_of_needs_gaps_and_drafts(world):
    need, draft = post(world, kind="need"), post(world, kind="draft")
    gap = post(world, user=world.users.bob, kind="gap")
    ops.link_cards(world.users.bob, world.board.pk, gap.pk, to_card=need.pk, relation="answers")
    ops.link_cards(world.users.bob, world.board.pk, draft.pk, to_card=gap.pk, relation="addresses")
    ops.link_cards(world.users.bob, world.board.pk, draft.pk, to_card=need.pk, relation="addresses")
    refused("invalid_link", ops.link_cards, world.users.bob, need.pk, board=world.board, to_card=gap.pk, relation="answers")
    refused("invalid_link", ops.link_cards, world.users.bob, gap.pk, board=world.board, to_card=need.pk, relation="addresses")
    refused("already_linked", ops.link_cards, world.users.bob, gap.pk, board=world.board, to_card=need.pk, relation="answers")
    link = CardLink.objects.get(from_card=gap)
    refused("not_author", ops.unlink_cards, world.users.alice, link.pk, board=world.board)
    ops.unlink_cards(world.users.bob, world.board.pk, link.pk)
    # Moving the gap into the needs column drops the link that no longer makes sense.
    ops.link_cards(world.users.bob, world.board.pk, gap.pk, to_card=need.pk, relation="answers")
    ops.move_card(world.users.bob, world.board.pk, gap.pk, kind="need")
    assert not CardLink.objects.filter(from_card=gap, to_card=need).exists()


def test_clusters_are_made_in_the_cluster_phase(world):
    card = post(world)
    refused("wrong_phase", ops.create_cluster, world.users.alice, board=world.board, title="Sprache")
    set_phase(world, "cluster")
    cluster = Cluster.objects.get(pk=ops.create_cluster(world.users.alice, world.board.pk, title="Sprache").id)
    ops.rename_cluster(world.users.bob, world.board.pk, cluster.pk, title="Sprache & Kita")
    ops.assign_cluster(world.users.bob, world.board.pk, card.pk, cluster=cluster.pk)  # anyone arranges in this phase
    assert Card.objects.get(pk=card.pk).cluster == cluster
    ops.delete_cluster(world.users.facilitator, world.board.pk, cluster.pk)
    assert Card.objects.get(pk=card.pk).cluster is None
    assert [name for _, name in events(world.board)][-4:] == ["cluster.created", "cluster.renamed", "card.clustered", "cluster.deleted"]


def test_clusters_are_reordered_for_everyone_as_one_event(world):
    set_phase(world, "cluster")
    first, second, third = (ops.create_cluster(world.users.alice, world.board.pk, title=t).id for t in ("A", "B", "C"))
    ops.move_cluster(world.users.bob, world.board.pk, third, before=first)
    assert list(Cluster.objects.filter(board=world.board).order_by("position").values_list("title", flat=True)) == ["C", "A", "B"]
    ops.move_cluster(world.users.bob, world.board.pk, third)  # to the end
    event = BoardEvent.objects.filter(board=world.board).latest("seq")
    assert event.name == "cluster.moved" and event.data == {"order": [first, second, third]}
    refused("not_found", ops.move_cluster, world.users.bob, first, board=world.board, before=10**9)
    set_phase(world, "vote")
    refused("wrong_phase", ops.move_cluster, world.users.bob, first, board=world.board, before=second)


def test_merge_keeps_one_card_sums_votes_and_keeps_both_texts(world):
    kept = post(world, text="Sprachkurs abends")
    merged = post(world, user=world.users.bob, text="Abendkurse Deutsch")
    ops.add_comment(world.users.alice, world.board.pk, merged.pk, text="Ja!")
    set_phase(world, "vote")
    ops.cast_vote(world.users.alice, world.board.pk, kept.pk)
    ops.cast_vote(world.users.bob, world.board.pk, merged.pk)
    ops.cast_vote(world.users.bob, world.board.pk, merged.pk)
    ops.merge_cards(world.users.facilitator, world.board.pk, kept.pk, other=merged.pk)
    [card] = reading.snapshot(world.board, world.users.alice)["cards"]
    assert card["id"] == kept.pk and card["votes"] == 3
    assert card["merged_texts"] == ["Abendkurse Deutsch"]
    assert Comment.objects.get().card_id == kept.pk
    assert Card.objects.get(pk=merged.pk).merged_into_id == kept.pk


def test_a_merged_card_shows_both_authors_as_each_chose(world):
    kept = post(world, text="Sprachkurs abends")
    merged = post(world, user=world.users.bob, text="Abendkurse Deutsch", display=Card.Display.ORGANISATION_ONLY)
    ops.merge_cards(world.users.facilitator, world.board.pk, kept.pk, other=merged.pk)
    [card] = reading.snapshot(world.board, world.users.alice)["cards"]
    assert card["author"]["name"] == "Alice"
    [source] = card["merged_from"]
    assert source["text"] == "Abendkurse Deutsch" and source["undoable"]
    assert source["author"] is None and source["organisation"]["name"] == world.organisations[1].name
    [source] = reading.snapshot(world.board, world.users.bob)["cards"][0]["merged_from"]
    assert source["author"]["name"] == "Bob" and source["mine"], "the author sees their own name"
    [source] = reading.snapshot(world.board, world.users.facilitator)["cards"][0]["merged_from"]
    assert source["author"] is None, "organisation only means: also for facilitators"
    assert "_author_id" not in source


def test_a_facilitator_undoes_a_merge_and_both_cards_get_their_dots_comments_links_and_tags_back(world):
    need = post(world, text="Deutschkurse für Mütter")
    kept = post(world, kind="gap", text="Sprachkurs abends", tags=["Sprache"])
    merged = post(world, kind="gap", user=world.users.bob, text="Abendkurse Deutsch", tags=["Abend", "sprache"])
    ops.link_cards(world.users.bob, world.board.pk, merged.pk, to_card=need.pk, relation="answers")
    ops.link_cards(world.users.alice, world.board.pk, kept.pk, to_card=need.pk, relation="answers")
    comment = ops.add_comment(world.users.alice, world.board.pk, merged.pk, text="Ja!").id
    set_phase(world, "vote")
    ops.cast_vote(world.users.alice, world.board.pk, kept.pk)
    ops.cast_vote(world.users.bob, world.board.pk, merged.pk)
    ops.cast_vote(world.users.facilitator, world.board.pk, merged.pk, proxy_person_name="Frau Kaya")
    before = {card["id"]: card for card in reading.snapshot(world.board, world.users.alice)["cards"]}
    ops.merge_cards(world.users.facilitator, world.board.pk, kept.pk, other=merged.pk)
    merged_state = {card["id"]: card for card in reading.snapshot(world.board, world.users.alice)["cards"]}
    assert merged_state[kept.pk]["votes"] == 3 and merged.pk not in merged_state

    change = ops.unmerge_card(world.users.facilitator, world.board.pk, merged.pk)

    assert change.id == merged.pk
    state = reading.snapshot(world.board, world.users.alice)
    after = {card["id"]: card for card in state["cards"]}
    assert set(after) == {need.pk, kept.pk, merged.pk}
    for card_id in (kept.pk, merged.pk):
        assert after[card_id]["votes"] == before[card_id]["votes"]
        assert after[card_id]["proxy_votes"] == before[card_id]["proxy_votes"]
        assert after[card_id]["tags"] == before[card_id]["tags"]
        assert after[card_id]["merged_from"] == []
    assert Comment.objects.get(pk=comment).card_id == merged.pk
    assert {(link["from_card_id"], link["to_card_id"]) for link in state["links"]} == {(merged.pk, need.pk), (kept.pk, need.pk)}
    assert reading.snapshot(world.board, world.users.bob)["me"]["my_votes"] == {str(merged.pk): 1}
    event = BoardEvent.objects.get(board=world.board, seq=change.seq)
    assert event.name == "card.unmerged"
    assert event.data["card"]["id"] == kept.pk and event.data["restored"]["id"] == merged.pk
    assert event.data["moved_comments"] == [comment]
    assert {link["from_card_id"] for link in event.data["links"]} == {kept.pk, merged.pk}


def test_undoing_a_merge_brings_back_the_link_between_the_two_cards(world):
    need = post(world, text="Deutschkurse für Mütter")
    gap = post(world, kind="gap", text="Keine Kurse mit Kinderbetreuung")
    ops.link_cards(world.users.alice, world.board.pk, gap.pk, to_card=need.pk, relation="answers")
    ops.merge_cards(world.users.facilitator, world.board.pk, need.pk, other=gap.pk)
    assert not CardLink.objects.exists()
    ops.unmerge_card(world.users.facilitator, world.board.pk, gap.pk)
    assert list(CardLink.objects.values_list("from_card", "to_card", "relation", "created_by")) == [
        (gap.pk, need.pk, "answers", world.users.alice.pk)]


def test_undoing_a_merge_is_refused_to_members_for_unmerged_cards_and_before_a_later_merge_is_undone(world):
    first, second, third = (post(world, text=f"Sprachkurs {n}") for n in (1, 2, 3))
    refused("not_merged", ops.unmerge_card, world.users.facilitator, second.pk, board=world.board)
    refused("not_found", ops.unmerge_card, world.users.facilitator, 999999, board=world.board)
    ops.merge_cards(world.users.facilitator, world.board.pk, second.pk, other=third.pk)
    ops.merge_cards(world.users.facilitator, world.board.pk, first.pk, other=second.pk)
    refused("facilitator_only", ops.unmerge_card, world.users.alice, second.pk, board=world.board)
    refused("not_merged", ops.unmerge_card, world.users.facilitator, third.pk, board=world.board)
    [card] = reading.snapshot(world.board, world.users.alice)["cards"]
    assert [(m["id"], m["undoable"]) for m in card["merged_from"]] == [(third.pk, False), (second.pk, True)]
    ops.unmerge_card(world.users.facilitator, world.board.pk, second.pk)
    ops.unmerge_card(world.users.facilitator, world.board.pk, third.pk)
    assert Card.objects.live().count() == 3
    ops.merge_cards(world.users.facilitator, world.board.pk, first.pk, other=second.pk)
    set_phase(world, "closed")
    refused("closed", ops.unmerge_card, world.users.facilitator, second.pk, board=world.board)


# --- votes -----------------------------------------------------------------------------------


def test_votes_only_in_the_vote_phase_and_within_budget(world):
    card = post(world)
    refused("wrong_phase", ops.cast_vote, world.users.bob, card.pk, board=world.board)
    Board.objects.filter(pk=world.board.pk).update(vote_budget=2)
    set_phase(world, "vote")
    ops.cast_vote(world.users.bob, world.board.pk, card.pk)
    ops.cast_vote(world.users.bob, world.board.pk, card.pk)  # several dots on one card
    refused("over_budget", ops.cast_vote, world.users.bob, card.pk, board=world.board)
    ops.retract_vote(world.users.bob, world.board.pk, card.pk)
    ops.cast_vote(world.users.bob, world.board.pk, card.pk)
    refused("no_vote", ops.retract_vote, world.users.alice, card.pk, board=world.board)
    assert reading.snapshot(world.board, world.users.bob)["me"]["votes_left"] == 0


def test_dots_entered_for_a_named_person_count_against_that_persons_budget_not_the_facilitators(world):
    card, other = post(world), post(world, text="Kinderbetreuung während der Kurse")
    Board.objects.filter(pk=world.board.pk).update(vote_budget=2)
    set_phase(world, "vote")
    ops.cast_vote(world.users.facilitator, world.board.pk, card.pk, proxy_person_name="Frau Kaya")
    proxy_person = ProxyPerson.objects.get()
    ops.cast_vote(world.users.facilitator, world.board.pk, other.pk, proxy_person_id=proxy_person.pk)  # picked by id
    refused("over_budget", ops.cast_vote, world.users.facilitator, card.pk, board=world.board, proxy_person_id=proxy_person.pk)
    # Typed again in another case, the name is the same person: no second budget.
    refused("over_budget", ops.cast_vote, world.users.facilitator, card.pk, board=world.board, proxy_person_name="frau kaya")
    ops.cast_vote(world.users.facilitator, world.board.pk, card.pk, proxy_person_name="Herr Omar")
    ops.cast_vote(world.users.facilitator, world.board.pk, card.pk)  # the facilitator's own budget is untouched
    assert ops.votes_used(world.board, world.users.facilitator) == 1
    assert list(ProxyPerson.objects.values_list("name", flat=True)) == ["Frau Kaya", "Herr Omar"]
    assert Vote.objects.filter(proxy_person=proxy_person).count() == 2


def test_only_facilitators_enter_dots_for_someone_and_only_for_people_of_this_board(world):
    card = post(world)
    set_phase(world, "vote")
    refused("facilitator_only", ops.cast_vote, world.users.alice, card.pk, board=world.board, proxy_person_name="Frau Kaya")
    elsewhere = Board.objects.create(workshop=world.workshop, title="Zweites Board", phase=Board.Phase.VOTE)
    stranger = ProxyPerson.objects.create(board=elsewhere, name="Frau Kaya")
    refused("not_found", ops.cast_vote, world.users.facilitator, card.pk, board=world.board, proxy_person_id=stranger.pk)
    refused("invalid_field", ops.cast_vote, world.users.facilitator, card.pk, board=world.board,
            proxy_person_name="Frau Kaya", proxy_person_organisation=999999)
    refused("empty_text", ops.cast_vote, world.users.facilitator, card.pk, board=world.board, proxy_person_name="   ")


def test_a_dot_entered_for_someone_can_be_taken_back_by_a_facilitator(world):
    card = post(world)
    set_phase(world, "vote")
    ops.cast_vote(world.users.facilitator, world.board.pk, card.pk, proxy_person_name="Frau Kaya")
    ops.cast_vote(world.users.alice, world.board.pk, card.pk)
    proxy_person = ProxyPerson.objects.get()
    refused("facilitator_only", ops.retract_vote, world.users.alice, card.pk, board=world.board, proxy_person_id=proxy_person.pk)
    refused("no_vote", ops.retract_vote, world.users.facilitator, card.pk, board=world.board)  # none of their own
    change = ops.retract_vote(world.users.facilitator, world.board.pk, card.pk, proxy_person_id=proxy_person.pk)
    assert list(Vote.objects.values_list("user", "proxy_person")) == [(world.users.alice.pk, None)]
    data = BoardEvent.objects.get(board=world.board, seq=change.seq).data
    assert (data["votes"], data["proxy_votes"], data["_proxy_person_votes"], data["_proxy_person_votes_left"]) == (1, 0, 0, 5)
    refused("no_vote", ops.retract_vote, world.users.facilitator, card.pk, board=world.board, proxy_person_id=proxy_person.pk)


def test_facilitators_see_whom_dots_were_entered_for_members_see_how_many_and_the_public_no_names(world):
    card = post(world)
    set_phase(world, "vote")
    change = ops.cast_vote(world.users.facilitator, world.board.pk, card.pk, proxy_person_name="Frau Kaya",
                           proxy_person_organisation=world.organisations[1].pk)
    event = BoardEvent.objects.get(board=world.board, seq=change.seq)
    event = {"seq": event.seq, "name": event.name, "data": event.data}
    facilitator = rules.viewer_for(world.users.facilitator, world.board)
    member = rules.viewer_for(world.users.alice, world.board)
    shaped = reading.event_for(facilitator, event)["data"]
    assert shaped["proxy_person"]["name"] == "Frau Kaya" and shaped["proxy_person_votes"] == 1 and shaped["proxy_person_votes_left"] == 4
    assert "proxy_person" not in reading.event_for(member, event)["data"]
    assert reading.event_for(member, event)["data"]["proxy_votes"] == 1

    [proxy_person] = reading.snapshot(world.board, world.users.facilitator)["proxy_people"]
    assert proxy_person["name"] == "Frau Kaya" and proxy_person["organisation"]["name"] == world.organisations[1].name
    assert proxy_person["votes"] == {str(card.pk): 1} and proxy_person["votes_left"] == 4
    state = reading.snapshot(world.board, world.users.alice)
    assert "proxy_people" not in state
    assert state["cards"][0]["votes"] == 1 and state["cards"][0]["proxy_votes"] == 1
    assert state["me"]["votes_left"] == 5


def test_a_card_entered_for_a_person_belongs_to_them_and_carries_their_organisation(world):
    brueckenhaus = world.organisations[1]
    first = post(world, user=world.users.facilitator, on_behalf=True, on_behalf_name=" Frau Kaya ",
                 organisation=brueckenhaus.pk)
    second = post(world, user=world.users.facilitator, on_behalf=True, on_behalf_name="frau kaya")
    proxy_person = ProxyPerson.objects.get()
    assert (proxy_person.name, proxy_person.organisation) == ("Frau Kaya", brueckenhaus)
    assert first.on_behalf_of == second.on_behalf_of == proxy_person
    assert second.on_behalf_name == "Frau Kaya" and second.author_organisation == brueckenhaus
    created = BoardEvent.objects.filter(board=world.board, name="card.created").first().data
    assert created["_proxy_person"]["name"] == "Frau Kaya"


def test_facilitator_enters_a_card_on_behalf_of_someone_without_a_device(world):
    brueckenhaus = world.organisations[1]
    card = post(world, user=world.users.facilitator, on_behalf=True, on_behalf_name="Frau K.", organisation=brueckenhaus.pk)
    assert card.entered_on_behalf and card.author_organisation == brueckenhaus
    data = reading.snapshot(world.board, world.users.bob)["cards"][0]
    assert data["entered_on_behalf"] and data["on_behalf_name"] == "Frau K."


@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="SQLite has no row locks, so it cannot show the race; run with DATABASE_URL=postgres://…",
)
@pytest.mark.django_db(transaction=True)
def test_vote_budget_holds_under_concurrent_transactions():
    """Twelve dots at the same moment from twelve threads (connections): the board row lock lets three through."""
    world = make_board_world(phase=Board.Phase.VOTE, vote_budget=3)
    card = Card.objects.create(board=world.board, client_id=uuid.uuid4(), kind="need", text="x",
                               author=world.users.alice, created_seq=0)
    start = threading.Barrier(12)

    def vote(_):
        try:
            start.wait(timeout=20)  # all at once, each in its own transaction
            ops.cast_vote(world.users.bob, world.board.pk, card.pk)
            return "ok"
        except BoardError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(vote, range(12)))
    assert results.count("ok") == 3 and results.count("over_budget") == 9
    assert Vote.objects.filter(user=world.users.bob).count() == 3
    assert list(BoardEvent.objects.filter(board=world.board).values_list("seq", flat=True)) == [1, 2, 3]


# --- hidden phase, anonymity, done writing ---------------------------------------------------------


def test_silent_collect_hides_cards_from_other_members_until_reveal(world):
    Board.objects.filter(pk=world.board.pk).update(silent_collect=True)
    world.board.refresh_from_db()
    card = post(world, text="geheim bis zur Aufdeckung")
    bob_state = reading.snapshot(world.board, world.users.bob)
    assert bob_state["cards"] == [] and bob_state["board"]["hidden_cards"] == 1
    assert "geheim" not in str(bob_state)
    assert reading.snapshot(world.board, world.users.alice)["cards"][0]["text"] == card.text
    assert reading.snapshot(world.board, world.users.facilitator)["cards"][0]["text"] == card.text
    refused("not_found", ops.add_comment, world.users.bob, card.pk, board=world.board, text="?")
    set_phase(world, "reveal")
    reveal = BoardEvent.objects.get(board=world.board, name="board.phase_changed")
    shaped = reading.event_for(Viewer(user_id=world.users.bob.pk, participant=True), {"seq": reveal.seq, "name": reveal.name, "data": reveal.data})
    assert [c["text"] for c in shaped["data"]["revealed"]] == [card.text]


def test_event_for_strips_hidden_cards_to_a_stub(world):
    Board.objects.filter(pk=world.board.pk).update(silent_collect=True)
    card = post(world, text="geheim")
    event = BoardEvent.objects.get(board=world.board)
    raw = {"seq": event.seq, "name": event.name, "data": event.data}
    for_bob = reading.event_for(Viewer(user_id=world.users.bob.pk, participant=True), raw)
    assert for_bob == {"seq": 1, "name": "card.hidden_created", "data": {"id": card.pk}}
    for_alice = reading.event_for(Viewer(user_id=world.users.alice.pk, participant=True), raw)
    assert for_alice["data"]["card"]["text"] == "geheim" and for_alice["data"]["card"]["mine"]
    assert "_hidden" not in for_alice["data"]


def test_organisation_only_cards_hide_the_author_from_everyone_else(world):
    post(world, display="organisation_only", text="anonym")
    for reader in (world.users.bob, world.users.facilitator):
        [card] = reading.snapshot(world.board, reader)["cards"]
        assert card["author"] is None and card["organisation"]["name"] == world.organisations[0].name
        assert "alice" not in str(reading.snapshot(world.board, reader)).lower()
    assert reading.snapshot(world.board, world.users.alice)["cards"][0]["author"]["id"] == world.users.alice.pk
    event = BoardEvent.objects.get(board=world.board)
    shaped = reading.event_for(Viewer(user_id=world.users.bob.pk, participant=True), {"seq": 1, "name": event.name, "data": event.data})
    assert "alice" not in str(shaped).lower() and str(world.users.alice.pk) not in str(shaped["data"]["card"]["author"])


def test_done_writing_is_counted_and_named_to_facilitators_only(world):
    ops.mark_done_writing(world.users.alice, world.board.pk, done=True)
    event = BoardEvent.objects.get(board=world.board)
    raw = {"seq": 1, "name": event.name, "data": event.data}
    assert reading.event_for(Viewer(world.users.facilitator.pk, True, True), raw)["data"]["user"]["id"] == world.users.alice.pk
    for_bob = reading.event_for(Viewer(world.users.bob.pk, True), raw)["data"]
    assert for_bob == {"done_count": 1}
    assert reading.snapshot(world.board, world.users.facilitator)["board"]["done_users"] == [world.users.alice.pk]
    set_phase(world, "reveal")
    refused("wrong_phase", ops.mark_done_writing, world.users.alice, board=world.board, done=True)


def test_timer_and_configuration(world):
    ops.set_timer(world.users.facilitator, world.board.pk, seconds=300)
    assert Board.objects.get(pk=world.board.pk).timer_ends_at is not None
    refused("invalid_field", ops.set_timer, world.users.facilitator, board=world.board, seconds=-5)
    ops.set_timer(world.users.facilitator, world.board.pk, seconds=None)
    ops.configure_board(world.users.facilitator, world.board.pk, title="Neu", vote_budget=3)
    assert BoardEvent.objects.filter(board=world.board).last().data["board"]["title"] == "Neu"


def test_events_since_returns_missed_events_or_none_when_too_old(world, settings):
    settings.BOARD_RESUMABLE_EVENTS = 3
    for _ in range(5):
        post(world)
    viewer = Viewer(world.users.bob.pk, True)
    assert [e["seq"] for e in reading.events_since(Board.objects.get(pk=world.board.pk), viewer, 2)] == [3, 4, 5]
    assert reading.events_since(Board.objects.get(pk=world.board.pk), viewer, 5) == []
    assert reading.events_since(Board.objects.get(pk=world.board.pk), viewer, 1) is None
    assert reading.events_since(Board.objects.get(pk=world.board.pk), viewer, 9) is None


# --- silent collect from the board, and what each reader may do ----------------------------------


def shaped(event, user, facilitator=False):
    raw = {"seq": event.seq, "name": event.name, "data": event.data}
    return reading.event_for(Viewer(user.pk, True, facilitator), raw)["data"]


def test_switching_silent_collect_on_hides_others_cards_and_off_reveals_them(world):
    card = post(world, text="schon geschrieben")
    ops.set_silent_collect(world.users.facilitator, world.board.pk, silent_collect=True)
    hide = BoardEvent.objects.get(board=world.board, name="board.silent_collect_changed")
    assert shaped(hide, world.users.bob)["hidden"] == [card.pk]
    assert shaped(hide, world.users.alice)["hidden"] == []
    assert reading.snapshot(world.board, world.users.bob)["cards"] == []
    ops.set_silent_collect(world.users.facilitator, world.board.pk, silent_collect=False)
    reveal = BoardEvent.objects.filter(board=world.board, name="board.silent_collect_changed").last()
    assert [c["text"] for c in shaped(reveal, world.users.bob)["revealed"]] == ["schon geschrieben"]
    assert shaped(reveal, world.users.bob)["cards_hidden"] is False


def test_silent_collect_is_switched_by_facilitators_only_and_twice_changes_nothing(world):
    refused("facilitator_only", ops.set_silent_collect, world.users.alice, board=world.board, silent_collect=True)
    ops.set_silent_collect(world.users.facilitator, world.board.pk, silent_collect=True)
    before = fingerprint(world.board)
    assert ops.set_silent_collect(world.users.facilitator, world.board.pk, silent_collect=True).seq == before[0]
    assert fingerprint(world.board) == before


def test_the_snapshot_tells_each_reader_what_they_may_do(world):
    allowed = reading.snapshot(world.board, world.users.alice)["me"]["allowed"]
    assert allowed["post"] and allowed["change_own"] and not allowed["change_others"] and not allowed["merge"]
    facilitator = reading.snapshot(world.board, world.users.facilitator)["me"]["allowed"]
    assert facilitator["mark_done"] and facilitator["merge"] and facilitator["change_others"]
    ops.mark_done_writing(world.users.facilitator, world.board.pk, done=True)  # what the client now offers works


def test_phase_and_lock_events_tell_each_reader_what_they_may_do_now(world):
    set_phase(world, "vote")
    [phase] = BoardEvent.objects.filter(board=world.board, name="board.phase_changed")
    alice = shaped(phase, world.users.alice)["allowed"]
    assert alice["vote"] and not alice["post"] and not alice["change_own"] and not alice["mark_done"]
    ops.set_lock(world.users.facilitator, world.board.pk, locked=True)
    lock = BoardEvent.objects.get(board=world.board, name="board.lock_changed")
    assert not shaped(lock, world.users.alice)["allowed"]["vote"]
    assert shaped(lock, world.users.facilitator, facilitator=True)["allowed"]["vote"]
    public = reading.event_for(Viewer(None), {"seq": lock.seq, "name": lock.name, "data": lock.data})["data"]
    assert "allowed" not in public


def test_a_member_may_only_do_what_the_snapshot_allows(world):
    """The snapshot's `allowed` and the operations agree, phase by phase, for the author and for others."""
    card = post(world, user=world.users.bob)
    for phase in ("collect", "reveal", "cluster", "vote"):
        set_phase(world, phase)
        allowed = reading.snapshot(world.board, world.users.alice)["me"]["allowed"]
        before = fingerprint(world.board)
        try:
            ops.move_card(world.users.alice, world.board.pk, card.pk, kind="gap")
        except BoardError:
            moved = False
        else:
            moved = True
        assert moved == allowed["change_others"], phase
        if moved:
            ops.move_card(world.users.facilitator, world.board.pk, card.pk, kind="need")
        else:
            assert fingerprint(world.board) == before


# --- rules the protocol states, tried against ---------------------------------------------------------


def test_a_non_author_cannot_move_a_card_to_another_column_even_in_the_cluster_phase(world):
    card = post(world)
    set_phase(world, "cluster")
    refused("not_author", ops.move_card, world.users.bob, card.pk, board=world.board, kind="gap")
    ops.move_card(world.users.bob, world.board.pk, card.pk, before=None)  # reordering is anyone's


def test_the_author_cannot_edit_in_the_vote_phase(world):
    card = post(world)
    set_phase(world, "vote")
    refused("wrong_phase", ops.edit_card, world.users.alice, card.pk, board=world.board, version=card.version, text="später")


def test_cards_are_not_merged_while_hidden_nor_with_themselves(world):
    Board.objects.filter(pk=world.board.pk).update(silent_collect=True)
    world.board.refresh_from_db()
    first, second = post(world, text="eins"), post(world, user=world.users.bob, text="zwei")
    refused("wrong_phase", ops.merge_cards, world.users.facilitator, first.pk, board=world.board, other=second.pk)
    set_phase(world, "reveal")
    refused("invalid_field", ops.merge_cards, world.users.facilitator, first.pk, board=world.board, other=first.pk)


@pytest.mark.parametrize("seconds", [0, 14401])
def test_a_timer_outside_one_second_to_four_hours_is_refused(world, seconds):
    refused("invalid_field", ops.set_timer, world.users.facilitator, board=world.board, seconds=seconds)


def test_a_timer_of_exactly_four_hours_runs(world):
    ops.set_timer(world.users.facilitator, world.board.pk, seconds=14400)
    assert Board.objects.get(pk=world.board.pk).timer_ends_at is not None


def test_on_behalf_names_stay_hidden_on_organisation_only_cards(world):
    post(world, user=world.users.facilitator, display="organisation_only", on_behalf=True,
         on_behalf_name="Frau Karimi", organisation=world.organisations[1].pk)
    event = BoardEvent.objects.get(board=world.board)
    other_facilitator = Viewer(world.users.alice.pk + 1000, True, True)
    for viewer in (Viewer(world.users.bob.pk, True), other_facilitator, Viewer(None)):
        shown = reading.event_for(viewer, {"seq": 1, "name": event.name, "data": event.data})
        assert "Karimi" not in str(shown) and shown["data"]["card"]["on_behalf_name"] == ""
    for user in (world.users.bob, world.users.alice):
        assert "Karimi" not in str(reading.snapshot(world.board, user))
    assert reading.snapshot(world.board, world.users.facilitator)["cards"][0]["on_behalf_name"] == "Frau Karimi"
