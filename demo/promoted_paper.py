"""The demo's concept paper promoted from a kick-off cluster, and published through the core group's review.

It is made the way the site makes one: the cluster is promoted by ideas.outcomes.promotion
(so its origin on the board is data, PaperOrigin), the demo editor ("redaktion") works the
summary out and submits the draft to the review workflow of the concept paper section
(ideas/review.py), and the core group ("kerngruppe") approves it, which publishes it.
Both steps go through Wagtail's workflow API and are checked against the users' permissions,
as the admin's buttons would be.

The kick-off board and the demo users exist only in development (demo/boards.py,
demo/users.py), so this runs after the boards. Running it again changes nothing: promoting
the same cluster returns the paper made before, and a paper that already existed is left
exactly as it is (an editor may have taken it further since).
"""
from django.contrib.auth import get_user_model

from demo.boards import KICKOFF_BOARD, existing_board
from ideas.models import Cluster, ConceptPaperPage
from ideas.outcomes.promotion import promote_cluster

CLUSTER_TITLE = "Begleitung und Teilhabemanagement"
EDITOR = "redaktion"
REVIEWER = "kerngruppe"

# What the editor writes in place of the promotion's placeholder summary before submitting.
WORKED_OUT = {
    "summary": (
        "Junge Geflüchtete brauchen auf dem Weg in die Ausbildung eine feste Ansprechperson, die auch beim "
        "Wechsel der Zuständigkeit bleibt. Ein kommunales Teilhabemanagement bündelt Beratung, Mentoring und "
        "die Begleitung im ersten Ausbildungsjahr; Ausbildungspaten und psychosoziale Angebote sind "
        "eingebunden."
    ),
    # The core group approved its publication; whether the network adopts it is still being discussed.
    "status": ConceptPaperPage.Status.IN_REVIEW,
}


def ensure_promoted_paper(tally, workshops):
    """The promoted, reviewed and published paper; returns why it was skipped, or None."""
    workshop = workshops.get(KICKOFF_BOARD["workshop"])
    board = existing_board(workshop, KICKOFF_BOARD) if workshop else None
    if board is None:
        return "the kick-off board is missing."
    cluster = Cluster.objects.filter(board=board, title=CLUSTER_TITLE).first()
    if cluster is None:
        return f"the kick-off board has no cluster “{CLUSTER_TITLE}”."
    users = {user.username: user for user in get_user_model().objects.filter(username__in=[EDITOR, REVIEWER])}
    if len(users) < 2:
        return f"the demo users {EDITOR} and {REVIEWER} are missing (they are created only when DEBUG is on)."

    promotion = promote_cluster(users[EDITOR], board.pk, cluster.pk)
    tally.note("concept paper promoted from the kick-off board", promotion.created)
    if promotion.created:
        paper = ConceptPaperPage.objects.get(pk=promotion.paper.pk)
        submit_for_review(paper, users[EDITOR])
        approve(paper, users[REVIEWER])
    return None


def submit_for_review(paper, editor):
    """The editor's "submit to the core group's review": a revision with the worked-out text, and the workflow started."""
    if not paper.permissions_for_user(editor).can_submit_for_moderation():
        raise PermissionError(f"{editor.username} may not submit “{paper.title}” for review.")
    for field, value in WORKED_OUT.items():
        setattr(paper, field, value)
    paper.save_revision(user=editor, log_action=True)
    workflow = paper.get_workflow()
    if workflow is None:
        raise LookupError("The concept paper section has no review workflow (ideas/review.py).")
    workflow.start(paper, editor)


def approve(paper, reviewer):
    """The core group's "approve" on its current task; approving the last task publishes the paper as the reviewer."""
    paper.refresh_from_db()
    task_state = paper.current_workflow_task_state
    task = task_state.task.specific
    if "approve" not in [name for name, _label, _modal in task.get_actions(paper, reviewer)]:
        raise PermissionError(f"{reviewer.username} may not approve “{paper.title}”.")
    task.on_action(task_state, reviewer, "approve")
