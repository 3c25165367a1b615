"""`manage.py load_demo` shows a finished kick-off board and a live idea-lab board, written the way
a real session writes them (every change an event through a board operation), and loads them only once."""
import logging
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser, User

from demo.tests import loaded_demo
from demo.tests.loaded_demo import demo, demo_for_class  # noqa: F401 (fixtures)
from ideas.board import guest_codes, reading, rules
from ideas.board import operations as ops
from ideas.models import Board, BoardEvent, Card, CardHistory, CardLink, Cluster, Comment, ProxyPerson, SameTopicLink, Vote
from workshops.models import WorkshopPage

pytestmark = pytest.mark.django_db

BOARD_MODELS = [Board, Card, CardLink, Cluster, Comment, Vote, BoardEvent, CardHistory]


def run_load_demo():
    run = loaded_demo.run_load_demo()
    return run.output, run.errors


def kickoff_board():
    return Board.objects.get(workshop__kind=WorkshopPage.Kind.WORKSHOP)


def idea_lab_board():
    """The upcoming idea lab's board, still collecting."""
    return Board.objects.get(workshop__kind=WorkshopPage.Kind.IDEA_LAB, phase=Board.Phase.COLLECT)


def language_lab_board():
    """The past idea lab's board, published; one of its needs the kick-off named before."""
    return Board.objects.get(workshop__slug="sprachfoerderung-waehrend-der-ausbildung")


def live_cards(board):
    return Card.objects.filter(board=board, deleted_at__isnull=True, merged_into__isnull=True)


def user(username):
    return User.objects.get(username=username)


def post(username, board, text="Eine Karte aus dem Test"):
    change = ops.create_card(user(username), board.pk, client_id=uuid.uuid4(), kind=Card.Kind.NEED, text=text)
    return Card.objects.get(pk=change.id)


def board_counts():
    return {model.__name__: model.objects.count() for model in BOARD_MODELS}


class TestTheLoadedDemo:
    """One load_demo run in development settings, shared by these tests (demo/tests/loaded_demo.py)."""

    # --- the kick-off workshop's board: finished and published ----------------------------------------

    def test_kick_off_board_is_closed_and_published_for_the_public(self, demo):
        board = kickoff_board()
        assert board.phase == Board.Phase.CLOSED and not board.locked
        assert board.prompt
        assert rules.is_published(board)
        assert rules.viewer_for(AnonymousUser(), board) is not None, "visitors may read the outcome"
        member_view = rules.viewer_for(user("mitglied1"), board)
        assert member_view.participant and not member_view.facilitator

    def test_kick_off_board_collects_needs_gaps_and_drafts_mapped_to_blocks_and_target_groups(self, demo):
        cards = live_cards(kickoff_board())
        assert cards.count() >= 35
        kinds = {kind: cards.filter(kind=kind).count() for kind in Card.Kind.values}
        assert all(count >= 5 for count in kinds.values()), kinds
        assert set(cards.values_list("building_block__code", flat=True)) >= {"F1", "F2", "F3", "F4", "F5", "F6"}
        assert len(set(cards.exclude(target_group=None).values_list("target_group", flat=True))) >= 4
        assert cards.filter(tags__name="Aufenthaltsrecht").exists() and cards.filter(tags__name="Sprache").exists()
        assert all(len(card.text) <= Card.TEXT_MAX_LENGTH for card in cards)

    def test_kick_off_cards_come_from_several_people_and_organisations(self, demo):
        cards = live_cards(kickoff_board())
        assert len(set(cards.values_list("author", flat=True))) >= 4
        assert len(set(cards.values_list("author_organisation", flat=True))) >= 6
        assert all("(fiktiv)" in card.author_organisation.name for card in cards)
        assert cards.filter(display=Card.Display.ORGANISATION_ONLY).count() >= 2
        on_behalf = cards.filter(entered_on_behalf=True)
        assert on_behalf.count() >= 2
        for card in on_behalf:
            assert card.on_behalf_name and rules.is_facilitator(card.author)
            assert card.author_organisation != card.author.member_profile.organisation

    def test_kick_off_cards_are_linked_clustered_commented_and_a_duplicate_is_merged(self, demo):
        board = kickoff_board()
        cards = live_cards(board)
        links = CardLink.objects.filter(from_card__board=board).select_related("from_card", "to_card")
        assert links.count() >= 15
        for link in links:
            assert CardLink.relation_for(link.from_card.kind, link.to_card.kind) == link.relation
            assert link.from_card in cards and link.to_card in cards
        assert {link.relation for link in links} == {CardLink.Relation.ANSWERS, CardLink.Relation.ADDRESSES}

        clusters = Cluster.objects.filter(board=board)
        assert clusters.count() >= 3
        for cluster in clusters:
            assert cluster.title and cluster.cards.count() >= 3
        assert cards.filter(cluster__isnull=False).count() >= cards.count() * 3 // 4

        assert len(set(Comment.objects.filter(card__board=board).values_list("card", flat=True))) >= 5

        [merged] = Card.objects.filter(board=board, merged_into__isnull=False)
        kept = merged.merged_into
        assert kept in cards and merged.kind == kept.kind
        assert kept.history.filter(action=CardHistory.Action.MERGED, text=merged.text).exists()
        assert not merged.comments.exists() and not merged.links_to.exists() and not merged.links_from.exists()

    def test_kick_off_dots_stay_within_each_budget_and_point_at_the_idea_lab_topics(self, demo):
        board = kickoff_board()
        own_dots = Vote.objects.filter(board=board, entered_on_behalf=False)
        voters = set(own_dots.values_list("user", flat=True))
        assert len(voters) >= 3
        for voter in voters:
            assert ops.votes_used(board, User.objects.get(pk=voter)) <= board.vote_budget
        paper_dots = Vote.objects.filter(board=board, entered_on_behalf=True)
        assert paper_dots.exists()
        assert all(dot.proxy_person and rules.is_facilitator(dot.user) for dot in paper_dots)
        for proxy_person in ProxyPerson.objects.filter(board=board):
            assert Vote.objects.filter(proxy_person=proxy_person).count() <= board.vote_budget, proxy_person.name
        assert not Vote.objects.filter(board=board, card__merged_into__isnull=False).exists()

        state = reading.snapshot(board, user("mitglied1"))
        top = sorted(state["cards"], key=lambda card: -card["votes"])[:3]
        assert all(card["kind"] == Card.Kind.DRAFT and card["votes"] > 1 for card in top)

    def test_kick_off_board_was_played_through_every_phase_as_events(self, demo):
        board = kickoff_board()
        events = list(BoardEvent.objects.filter(board=board).order_by("seq"))
        assert [event.seq for event in events] == list(range(1, board.last_seq + 1)), "gap-free from 1"
        names = [event.name for event in events]
        assert names.count("card.created") == Card.objects.filter(board=board).count()
        assert names.count("link.created") >= CardLink.objects.filter(from_card__board=board).count()
        assert names.count("vote.cast") == Vote.objects.filter(board=board).count()
        phases = [event.data["phase"] for event in events if event.name == "board.phase_changed"]
        assert phases == ["reveal", "cluster", "vote", "closed"]
        assert names[-1] == "board.phase_changed"

    def test_the_public_sees_organisations_never_names_on_the_kick_off_board(self, demo):
        state = reading.snapshot(kickoff_board(), AnonymousUser())
        assert len(state["cards"]) >= 35 and state["links"] and state["clusters"] and state["comments"]
        assert state["me"] is None
        assert all(card["author"] is None and card["on_behalf_name"] == "" for card in state["cards"])
        assert all(card["organisation"] for card in state["cards"])
        merged = [source for card in state["cards"] for source in card["merged_from"]]
        assert merged and all(source["author"] is None and source["organisation"] for source in merged)
        assert "proxy_people" not in state, "nor the names of the people dots were entered for"
        assert all(comment["author"] is None for comment in state["comments"])

    def test_nobody_can_post_on_the_closed_kick_off_board(self, demo):
        board = kickoff_board()
        for username in ("mitglied1", "moderation"):
            with pytest.raises(ops.BoardError) as refused:
                post(username, board)
            assert refused.value.code == "closed"

    # --- the idea lab's board: live, collecting --------------------------------------------------------

    def test_idea_lab_board_is_open_and_collecting_with_starter_cards(self, demo):
        board = idea_lab_board()
        assert board.phase == Board.Phase.COLLECT and not board.cards_hidden and not board.locked
        assert board.workshop.kind == WorkshopPage.Kind.IDEA_LAB and not board.workshop.is_past
        assert "?" in board.prompt
        assert 3 <= live_cards(board).count() <= 10
        assert {Card.Kind.NEED, Card.Kind.GAP} <= set(live_cards(board).values_list("kind", flat=True))
        assert rules.viewer_for(AnonymousUser(), board) is None, "not public while it runs"

    def test_both_demo_members_can_post_on_the_idea_lab_board_and_see_each_other(self, demo):
        board = idea_lab_board()
        first = post("mitglied1", board, "Kurse in den Schulferien pausieren – dann fehlt die Betreuung.")
        second = post("mitglied2", board, "Eine Betreuerin, die die Sprache der Mütter spricht.")
        assert first.author_organisation != second.author_organisation
        for username, other in (("mitglied1", second), ("mitglied2", first)):
            assert rules.can_post(user(username), board)
            assert other.pk in {card["id"] for card in reading.snapshot(board, user(username))["cards"]}

    def test_guests_can_try_the_idea_lab_board_with_the_code_make_run_prints(self, demo, client):
        board = idea_lab_board()
        code = guest_codes.shown(board.guest_code)
        assert f"with the code {code}: http://" in demo.output and f"/g/{code}/" in demo.output
        response = client.post("/g/", {"code": code, "name": "Probe"})
        assert response.status_code == 302 and response["Location"] == f"/boards/{board.pk}/"
        assert "Probe" in client.get(response["Location"]).content.decode()

    # --- running it again, and without demo users --------------------------------------------------------

    def test_running_it_twice_changes_no_board(self, demo):
        before = board_counts()
        output, _errors = run_load_demo()
        assert board_counts() == before
        assert "demo boards: 0 created, 3 already there" in output

    def test_running_it_again_keeps_what_happened_on_the_boards_since(self, demo):
        lab = idea_lab_board()
        card = post("mitglied2", lab)
        ops.configure_board(user("moderation"), kickoff_board().pk, title="Auftakt 2019: Ergebnisse")
        before = board_counts()
        run_load_demo()
        assert board_counts() == before
        assert Card.objects.get(pk=card.pk).board == lab
        assert kickoff_board().title == "Auftakt 2019: Ergebnisse"

    def test_a_past_idea_lab_board_is_published_with_a_need_the_kick_off_named_before(self, demo):
        board = language_lab_board()
        assert board.phase == Board.Phase.CLOSED and board.visibility == Board.Visibility.PUBLIC
        link = SameTopicLink.objects.get(card__board=board)
        assert link.earlier_card.board == kickoff_board()
        assert BoardEvent.objects.filter(board=board, name="card.same_topic_marked").count() == 1

    def test_a_board_whose_authors_cannot_post_is_skipped_and_the_other_board_still_loads(self, demo):
        Board.objects.all().delete()
        user("redaktion").groups.clear()  # writes on the kick-off board only
        output, errors = run_load_demo()
        assert "Demo board “Bedarfe, Angebotslücken und erste Konzeptideen” skipped" in errors
        assert not Board.objects.filter(workshop__kind=WorkshopPage.Kind.WORKSHOP).exists(), "nothing half-written"
        assert not Card.objects.filter(board__workshop__kind=WorkshopPage.Kind.WORKSHOP).exists()
        board = idea_lab_board()
        assert board.phase == Board.Phase.COLLECT and live_cards(board).count() >= 3
        assert "demo boards: 2 created" in output


# --- without the demo users ---------------------------------------------------------------------------


def test_no_demo_boards_outside_development(settings):
    settings.DEBUG = False
    output, _errors = run_load_demo()
    assert not Board.objects.exists() and not User.objects.exists()
    assert "Demo boards skipped" in output


def test_broadcasts_after_commit_do_not_fail(settings, django_capture_on_commit_callbacks, caplog):
    settings.DEBUG = True
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True) as callbacks:
        run_load_demo()
    assert len(callbacks) >= BoardEvent.objects.count()
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
