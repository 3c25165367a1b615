"""The demo's concept paper promoted from a kick-off cluster: live, with its origin on the board as data,
published through the core group's review (not a plain publish), and made only once."""
import pytest
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import TaskState, WorkflowState

from demo.promoted_paper import CLUSTER_TITLE
from demo.tests import loaded_demo
from demo.tests.loaded_demo import demo, demo_for_class  # noqa: F401 (fixtures)
from demo.users import DEMO_USERS
from ideas.models import Board, Card, ConceptPaperPage, PaperOrigin
from workshops.models import WorkshopPage

pytestmark = pytest.mark.django_db


def promoted_paper():
    return PaperOrigin.objects.select_related("paper", "board", "cluster").get(cluster__title=CLUSTER_TITLE)


def state():
    """What the promotion and its review leave behind, to compare before and after another run."""
    return {
        "origins": list(PaperOrigin.objects.values()),
        "papers": list(ConceptPaperPage.objects.order_by("pk").values(
            "pk", "title", "summary", "status", "live", "live_revision_id", "latest_revision_id", "last_published_at",
        )),
        "workflow_states": list(WorkflowState.objects.values()),
        "task_states": list(TaskState.objects.values()),
    }


class TestThePromotedPaper:
    def test_it_is_live_and_came_out_of_the_kick_off_boards_cluster(self, demo):
        origin = promoted_paper()
        kickoff_board = Board.objects.get(workshop__slug="auftaktworkshop")
        assert origin.board == kickoff_board and origin.cluster.board == kickoff_board
        assert origin.paper.live and origin.paper.title == CLUSTER_TITLE
        cluster_cards = set(Card.objects.filter(cluster=origin.cluster, merged_into__isnull=True, deleted_at__isnull=True).values_list("pk", flat=True))
        assert set(origin.cards.values_list("pk", flat=True)) == cluster_cards and origin.card_count == len(cluster_cards)
        assert 0 < origin.board_seq <= kickoff_board.last_seq
        assert origin.created_by.username == "redaktion"

    def test_it_went_through_the_core_groups_review(self, demo):
        paper = promoted_paper().paper
        [workflow_state] = WorkflowState.objects.for_instance(paper)
        assert workflow_state.status == WorkflowState.STATUS_APPROVED
        assert workflow_state.requested_by.username == "redaktion"
        [task_state] = workflow_state.task_states.all()
        assert task_state.status == TaskState.STATUS_APPROVED and task_state.finished_by.username == "kerngruppe"
        assert paper.live_revision_id == task_state.revision_id, "the approved revision is the one that is live"
        assert paper.live_revision.user.username == "redaktion"
        assert "Teilhabemanagement bündelt Beratung" in paper.summary, "the editor's worked-out summary"

    def test_the_public_reads_where_it_came_from_and_no_name_of_an_organisation_only_author(self, demo, client):
        origin = promoted_paper()
        html = client.get(origin.paper.url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        assert "Entstanden aus:" in html and "Auftaktworkshop" in html
        assert f'href="{reverse("board_results", args=[origin.board.pk])}"' in html
        # Cards whose author chose "organisation only" are in the cluster: their line names the organisation, not
        # the author (who is named on the cards they signed with their name).
        hidden = Card.objects.filter(cluster=origin.cluster, display=Card.Display.ORGANISATION_ONLY, merged_into__isnull=True)
        assert hidden.exists()
        for card in hidden.select_related("author"):
            person = next(user for user in DEMO_USERS if user["username"] == card.author.username)
            [line] = [item for item in html.split("<li>") if item.startswith(escape(card.text))]
            line = line.split("</li>")[0]
            assert "(fiktiv)" in line, "the organisation is named"
            assert person["first_name"] not in line and person["last_name"] not in line
        results = client.get(reverse("board_results", args=[origin.board.pk]), HTTP_ACCEPT_LANGUAGE="de")
        assert f'href="{origin.paper.url}"' in results.content.decode()
        assert origin.paper in WorkshopPage.objects.get(slug="auftaktworkshop").concept_papers.all()

    def test_running_load_demo_again_changes_nothing(self, demo):
        before = state()
        run = loaded_demo.run_load_demo()
        assert state() == before
        assert "concept paper promoted from the kick-off board: 0 created, 1 already there" in run.output
        assert "skipped" not in run.errors
