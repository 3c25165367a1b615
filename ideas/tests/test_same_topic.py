"""Continuity across sessions: suggestions from earlier, published boards and the same-topic mark (issue 9)."""
import random
import uuid
from datetime import timedelta

import pytest
from rapidfuzz import fuzz, utils

from ideas.board import operations as ops
from ideas.board import reading
from ideas.board.rules import Viewer
from ideas.board.similar_cards import CandidateIndex, _wratio_bound
from ideas.models import Board, BoardEvent, Card, SameTopicLink
from ideas.tests.conftest import make_board_world


def post(user, board, text, **extra):
    return ops.create_card(user, board.pk, client_id=uuid.uuid4(), kind="need", text=text, **extra).id


@pytest.fixture
def world(db):
    CandidateIndex.forget()
    world = make_board_world()
    earlier_workshop = world.workshop.get_parent().add_child(instance=type(world.workshop)(
        title="Auftaktworkshop", slug=f"auftakt-{uuid.uuid4().hex[:6]}",
        start=world.workshop.start - timedelta(days=90), end=world.workshop.start - timedelta(days=90, hours=-3),
    ))
    world.kickoff = Board.objects.create(workshop=earlier_workshop, title="Bedarfe", visibility=Board.Visibility.PUBLIC)
    alice, mona = world.users.alice, world.users.facilitator
    world.earlier = post(alice, world.kickoff, "Kinderbetreuung während der Sprachkurse fehlt")
    world.hidden_author = post(alice, world.kickoff, "Kinderbetreuung am Nachmittag", display=Card.Display.ORGANISATION_ONLY)
    ops.set_phase(mona, world.kickoff.pk, phase=Board.Phase.CLOSED)
    # A members board: never offered, whoever reads it.
    world.members_board = Board.objects.create(workshop=earlier_workshop, title="Intern")
    post(mona, world.members_board, "Kinderbetreuung während der Sprachkurse fehlt intern")
    world.later = post(world.users.bob, world.board, "Wir brauchen Kinderbetreuung während der Kurse")
    return world


def suggest(client, world, text, user=None):
    client.force_login(user or world.users.bob)
    return client.get(f"/boards/{world.board.pk}/similar.json", {"text": text})


def test_suggestions_come_from_published_boards_only_and_name_no_person(client, world):
    response = suggest(client, world, "Kinderbetreuung während der Sprachkurse")
    assert response.status_code == 200
    found = response.json()["suggestions"]
    assert [s["id"] for s in found][0] == world.earlier
    assert {s["board"]["title"] for s in found} == {"Bedarfe"}  # not the members board, not this board
    assert found[0]["workshop"]["title"] == "Auftaktworkshop" and found[0]["url"].endswith(f"#card-{world.earlier}")
    assert all("author" not in s for s in found)
    assert "Alice" not in response.content.decode()


def test_suggestions_refuse_odd_input_and_readers_who_do_not_take_part(client, world):
    assert suggest(client, world, "Kita").json() == {"suggestions": []}  # too short to help
    assert suggest(client, world, "x" * 1001).json()["code"] == "too_long"
    assert suggest(client, world, "Kinder\x00betreuung").json()["code"] == "invalid_field"
    assert suggest(client, world, "Kinderbetreuung", user=world.users.outsider).status_code == 404


def test_the_index_follows_a_board_that_is_reopened(client, world):
    assert suggest(client, world, "Kinderbetreuung während der Sprachkurse").json()["suggestions"]
    ops.set_phase(world.users.facilitator, world.kickoff.pk, phase=Board.Phase.VOTE)
    assert suggest(client, world, "Kinderbetreuung während der Sprachkurse").json()["suggestions"] == []


def add_earlier_cards(world, texts):
    """Cards on the published kick-off board, written straight to the database before the first suggestion."""
    return [card.pk for card in Card.objects.bulk_create([
        Card(board=world.kickoff, client_id=uuid.uuid4(), kind="need", text=text, author=world.users.alice,
             position=100 + i, created_seq=world.kickoff.last_seq + 1 + i)
        for i, text in enumerate(texts)
    ])]


def test_a_short_need_inside_a_longer_card_is_found_and_unrelated_text_is_not(client, world):
    [longer] = add_earlier_cards(world, [
        "Im Jobcenter fehlt eine Beratung zur Anerkennung ausländischer Zeugnisse, gerade für Mütter mit kleinen Kindern",
    ])
    found = suggest(client, world, "Anerkennung ausländischer Zeugnisse").json()["suggestions"]
    assert [s["id"] for s in found] == [longer]
    assert suggest(client, world, "Fahrradwerkstatt im Stadtteil").json()["suggestions"] == []


def test_among_many_alike_cards_the_best_scoring_ones_are_offered(client, world):
    # Suggestions skip scoring cards that cannot make the best three; they must still be the
    # three that scoring every card would give: the mean of WRatio (at least 55) and token_set_ratio.
    words = ("Kinderbetreuung Sprachkurs Abend Beratung Anerkennung Zeugnisse Wohnung Fahrtkosten Praktikum "
             "Betrieb Mütter Termin Jobcenter Ausbildung Nachhilfe").split()
    rng = random.Random(9)
    add_earlier_cards(world, [" ".join(rng.choice(words) for _ in range(rng.choice([1, 2, 3, 6, 12, 30])))
                              for _ in range(120)])
    published = list(Card.objects.live().filter(board=world.kickoff))
    for typed in ["Sprachkurs am Abend", "Kinderbetreuung", "Anerkennung der Zeugnisse im Betrieb",
                  "Wohnung Fahrtkosten Termin Jobcenter Mütter Beratung Praktikum Abend", "Kinderbetreung Sprachkrs"]:
        query = utils.default_process(typed)
        scored = sorted(
            (-(first + fuzz.token_set_ratio(query, utils.default_process(card.text))) / 2, card.pk)
            for card in published
            if (first := fuzz.WRatio(query, utils.default_process(card.text))) >= 55
        )
        best = [(pk, round(-score)) for score, pk in scored if -score >= 62][:3]
        found = suggest(client, world, typed).json()["suggestions"]
        assert [(s["id"], s["score"]) for s in found] == best, typed


def test_no_card_scores_above_the_bound_by_which_suggestions_skip_cards():
    # Suggestions leave cards unscored whose WRatio could not reach the best; that bound follows
    # rapidfuzz's weighting by lengths and must hold whatever rapidfuzz version is installed.
    # A text containing the typed one reaches it exactly once the lengths differ by 1.5 times.
    typed = "kinderbetreuung am abend"
    filler = " wohnung fahrtkosten termin" * 20
    for length in (len(typed), 30, 35, 36, 37, 100, 191, 192, 193, 194, 400):
        containing = (typed + filler)[:length].rstrip()
        bound = _wratio_bound(len(typed), len(containing))
        assert fuzz.WRatio(typed, containing) <= bound, length
        if len(containing) >= 1.5 * len(typed):
            assert fuzz.WRatio(typed, containing) == bound, length
        unrelated = ("qualifizierung" + filler)[:length]
        assert fuzz.WRatio(typed, unrelated) <= _wratio_bound(len(typed), len(unrelated)), length


def test_mark_and_unmark_are_events_with_the_earlier_card_on_the_card(world):
    bob = world.users.bob
    change = ops.mark_same_topic(bob, world.board.pk, world.later, world.earlier)
    event = BoardEvent.objects.get(board=world.board, seq=change.seq)
    assert event.name == "card.same_topic_marked"
    [same] = event.data["card"]["same_topic"]
    assert same["text"].startswith("Kinderbetreuung") and same["workshop"]["title"] == "Auftaktworkshop"
    public = reading.card_for(Viewer(None), event.data["card"])
    assert public["same_topic"] == [same]
    with pytest.raises(ops.BoardError) as again:
        ops.mark_same_topic(bob, world.board.pk, world.later, world.earlier)
    assert again.value.code == "already_same_topic"
    undo = ops.unmark_same_topic(bob, world.board.pk, world.later, world.earlier)
    assert BoardEvent.objects.get(board=world.board, seq=undo.seq).data["card"]["same_topic"] == []
    assert not SameTopicLink.objects.exists()


def test_who_may_mark_and_what_counts_as_earlier(world):
    alice, mona = world.users.alice, world.users.facilitator
    with pytest.raises(ops.BoardError) as not_author:
        ops.mark_same_topic(alice, world.board.pk, world.later, world.earlier)
    assert not_author.value.code == "not_author"
    ops.mark_same_topic(mona, world.board.pk, world.later, world.earlier)  # a facilitator may
    mine = post(alice, world.board, "Kinderbetreuung")
    for earlier, code in [
        (world.later, "invalid_same_topic"),  # same board
        (Card.objects.get(board=world.members_board).pk, "invalid_same_topic"),  # not published
        (10**9, "not_found"),
    ]:
        with pytest.raises(ops.BoardError) as refused:
            ops.mark_same_topic(alice, world.board.pk, mine, earlier)
        assert refused.value.code == code
    with pytest.raises(ops.BoardError) as unreadable:
        ops.mark_same_topic(world.users.bob, world.board.pk, world.later, Card.objects.get(board=world.members_board).pk)
    assert unreadable.value.code in ("invalid_same_topic", "not_found")
