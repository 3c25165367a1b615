"""Who may read a board and who may do what on it.

`viewer_for` answers who someone is on a board (a participant, a facilitator, or
a public reader; None: may not read it), `viewers_for` the same for many. Each
rule is a `why_not_*` function returning the BoardError to raise, or None when
the action is allowed; `check` raises it, `can_post` wraps one rule for
templates and views.
"""
from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Value
from django.utils.translation import gettext as _

from ideas.board.errors import BoardError
from ideas.models import Board, BoardGuest
from network import roles
from workshops.models import Registration

# The roles that may run boards (is_facilitator).
FACILITATOR_ROLES = (roles.FACILITATOR, roles.EDITOR)


@dataclass(frozen=True)
class Viewer:
    """Who receives board data. `participant` readers take part; everyone else reads as the public."""

    user_id: int | None
    participant: bool = False
    facilitator: bool = False

    @property
    def public(self):
        return not self.participant


def is_facilitator(user):
    """Facilitators run boards; editors and superusers may too."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=FACILITATOR_ROLES).exists()


def is_published(board):
    """The public may read a board once it is closed and its visibility is public."""
    return board.visibility == Board.Visibility.PUBLIC and board.phase == Board.Phase.CLOSED


def _guest_of(board_id, user_id):
    """The user joined this board by its guest code and was not removed."""
    return BoardGuest.objects.filter(board_id=board_id, user_id=user_id, removed_at__isnull=True)


def _confirmed_registration(workshop_id, user_id):
    return Registration.objects.filter(workshop_id=workshop_id, user_id=user_id, status=Registration.Status.CONFIRMED)


def with_viewer_facts(boards, user):
    """Annotate a Board queryset with what viewer_for needs to know about this user (no extra query).

    The same rules as _roles_of, answered by the query that reads (and locks) the
    board. Not for anonymous, inactive or superusers: their answers need no query at all.
    """
    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return boards
    groups = Group.objects.filter(user=user.pk)
    return boards.annotate(
        viewer_facts_user_id=Value(user.pk),
        viewer_is_facilitator=Exists(groups.filter(name__in=FACILITATOR_ROLES)),
        viewer_is_member=Exists(groups.filter(name__in=roles.ALL_ROLES)),
        viewer_is_registered=Exists(_confirmed_registration(OuterRef("workshop_id"), user.pk)),
        viewer_is_guest=Exists(_guest_of(OuterRef("pk"), user.pk)),
    )


def _decide(board, facilitator, member, registered, guest):
    """(facilitator, participant) from what is known of an authenticated, active user.

    Facilitators take part in every board; members in members and public boards;
    on a participants board, those with a confirmed registration for its workshop;
    a guest (no roles) in the one board they joined by code. `registered` and `guest`
    are called only when needed, so that they may query.
    """
    if facilitator:
        return True, True
    participant = registered() if board.visibility == Board.Visibility.PARTICIPANTS else member
    return False, participant or (not member and guest())


def _roles_of(user, board):
    """(facilitator, participant) for an authenticated, active user; from the board's annotations when present."""
    if getattr(board, "viewer_facts_user_id", None) == user.pk:
        return _decide(
            board, board.viewer_is_facilitator, board.viewer_is_member,
            lambda: board.viewer_is_registered, lambda: board.viewer_is_guest,
        )
    if user.is_superuser:
        return True, True
    # One query for both role checks (facilitator and member each ask for a subset).
    names = set(user.groups.filter(name__in=roles.ALL_ROLES).values_list("name", flat=True))
    return _decide(
        board, bool(names.intersection(FACILITATOR_ROLES)), bool(names),
        lambda: _confirmed_registration(board.workshop_id, user.pk).exists(),
        lambda: _guest_of(board.pk, user.pk).exists(),
    )


def _viewer(user, board, roles_of):
    if user.is_authenticated and user.is_active:
        facilitator, participant = roles_of(user)
    else:
        facilitator = participant = False
    if not participant and not is_published(board):
        return None
    return Viewer(user_id=user.pk if user.is_authenticated else None, participant=participant, facilitator=facilitator)


def viewer_for(user, board):
    """The Viewer for this user on this board, or None when they may not read it.

    In at most one query (two for a participants-only board), none when `board`
    was read through with_viewer_facts for this user.
    """
    return _viewer(user, board, lambda user: _roles_of(user, board))


def viewers_for(users, board):
    """viewer_for of each of these users on one board, in at most three queries however many they are.

    For a wave of sockets connecting to one board at once.
    """
    asking = {user.pk for user in users if user.is_authenticated and user.is_active and not user.is_superuser}
    names = defaultdict(set)  # user id -> their roles
    if asking:
        memberships = get_user_model().groups.through.objects.filter(user_id__in=asking, group__name__in=roles.ALL_ROLES)
        for user_id, name in memberships.values_list("user_id", "group__name"):
            names[user_id].add(name)
    registered = set()
    if board.visibility == Board.Visibility.PARTICIPANTS and asking:
        registrations = Registration.objects.filter(
            workshop_id=board.workshop_id, user_id__in=asking, status=Registration.Status.CONFIRMED
        )
        registered = set(registrations.order_by().values_list("user_id", flat=True))
    without_roles = asking - set(names)
    guests = set()
    if without_roles:  # guests have no roles
        joined = BoardGuest.objects.filter(board_id=board.pk, user_id__in=without_roles, removed_at__isnull=True)
        guests = set(joined.values_list("user_id", flat=True))

    def roles_of(user):
        if user.is_superuser:
            return True, True
        mine = names[user.pk]
        return _decide(
            board, bool(mine.intersection(FACILITATOR_ROLES)), bool(mine),
            lambda: user.pk in registered, lambda: user.pk in guests,
        )

    return [_viewer(user, board, roles_of) for user in users]


def check(error):
    """Raise the BoardError a why_not_* rule returned, if any."""
    if error is not None:
        raise error


def why_not_take_part(viewer, board):
    if not viewer.participant:
        return BoardError("forbidden", _("You are not taking part in this board."))
    if board.phase == Board.Phase.CLOSED:
        return BoardError("closed", _("This board is closed."))
    if board.locked and not viewer.facilitator:
        return BoardError("locked", _("The facilitator has locked this board for the moment."))
    return None


def why_not_post(viewer, board):
    """Members post while collecting; facilitators may add cards in any open phase."""
    if error := why_not_take_part(viewer, board):
        return error
    if board.phase != Board.Phase.COLLECT and not viewer.facilitator:
        return BoardError("wrong_phase", _("Cards can only be posted while the board is collecting."))
    return None


def why_not_change_card(viewer, board, card):
    """Edit, delete, restore or move to another column: the author until voting starts, or a facilitator."""
    if error := why_not_take_part(viewer, board):
        return error
    if viewer.facilitator:
        return None
    if card.author_id != viewer.user_id or card.entered_on_behalf:
        return BoardError("not_author", _("You can only change your own cards."))
    if board.phase not in (Board.Phase.COLLECT, Board.Phase.REVEAL, Board.Phase.CLUSTER):
        return BoardError("wrong_phase", _("Cards can no longer be changed in this phase."))
    return None


def why_not_arrange(viewer, board, card):
    """Reorder a card or put it in a cluster: anyone in the cluster phase, otherwise as for changes."""
    if board.phase == Board.Phase.CLUSTER:
        return why_not_take_part(viewer, board)
    return why_not_change_card(viewer, board, card)


def why_not_manage_clusters(viewer, board):
    if error := why_not_take_part(viewer, board):
        return error
    if board.phase != Board.Phase.CLUSTER and not viewer.facilitator:
        return BoardError("wrong_phase", _("Clusters can only be changed in the cluster phase."))
    return None


def why_not_vote(viewer, board):
    """Dots are given in the vote phase only, by facilitators too."""
    if error := why_not_take_part(viewer, board):
        return error
    if board.phase != Board.Phase.VOTE:
        return BoardError("wrong_phase", _("Voting is only possible in the vote phase."))
    return None


def why_not_mark_done(viewer, board):
    if error := why_not_take_part(viewer, board):
        return error
    if board.phase != Board.Phase.COLLECT:
        return BoardError("wrong_phase", _("“Done writing” only applies while collecting."))
    return None


def why_not_facilitate(viewer, board):
    if not viewer.facilitator:
        return BoardError("facilitator_only", _("Only a facilitator can do this."))
    return None


def why_not_manage_guests(viewer, board, *, closed_too=False):
    """Facilitators open and end guest access while the board is open; they may remove a guest at any time."""
    if error := why_not_facilitate(viewer, board):
        return error
    if board.phase == Board.Phase.CLOSED and not closed_too:
        return BoardError("closed", _("This board is closed."))
    return None


def why_not_merge(viewer, board):
    """Facilitators merge duplicates, but not while cards are hidden (nobody could check what merges)."""
    if error := why_not_facilitate(viewer, board) or why_not_take_part(viewer, board):
        return error
    if board.cards_hidden:
        return BoardError("wrong_phase", _("Cards cannot be merged while they are hidden."))
    return None


def why_not_unlink(viewer, board, link_author_id, first_card_author_id):
    """A link is removed by whoever made it, the author of its first card, or a facilitator."""
    if error := why_not_take_part(viewer, board):
        return error
    if not viewer.facilitator and viewer.user_id not in (link_author_id, first_card_author_id):
        return BoardError("not_author", _("You can only remove links you made or links of your own cards."))
    return None


def why_not_mark_same_topic(viewer, board, card):
    """Mark a card as the same topic as a card of an earlier board (or undo it): its author or a facilitator, board open.

    Like links it is not a change of the card's content, so any open phase will do.
    """
    if error := why_not_take_part(viewer, board):
        return error
    if not viewer.facilitator and (card.author_id != viewer.user_id or card.entered_on_behalf):
        return BoardError("not_author", _("Only the card's author or a facilitator can say it is the same topic."))
    return None


def why_not_see_card(viewer, board, card):
    """Deleted cards are seen by their author and facilitators; hidden cards by their author and facilitators."""
    own = card.author_id == viewer.user_id or viewer.facilitator
    if (card.deleted_at is not None or board.cards_hidden) and not own:
        return BoardError("not_found", _("This card does not exist."))
    return None


def board_state(phase, locked, silent_collect):
    """What the rules read of a board, for a board state an event describes (no database row needed)."""
    return SimpleNamespace(
        phase=phase, locked=locked, cards_hidden=phase == Board.Phase.COLLECT and silent_collect,
    )


def allowed_actions(viewer, board):
    """What this reader may do on the board as it is: the client offers exactly these (static/js/board/state.js).

    Per-card rules are answered for the reader's own cards and for everyone else's,
    which is all they depend on besides the board.
    """
    own = SimpleNamespace(author_id=viewer.user_id, entered_on_behalf=False)
    others = SimpleNamespace(author_id=None, entered_on_behalf=False)
    checks = {
        "take_part": why_not_take_part(viewer, board),  # comment, link
        "post": why_not_post(viewer, board),
        "change_own": why_not_change_card(viewer, board, own),  # edit, delete, restore, other column
        "change_others": why_not_change_card(viewer, board, others),
        "arrange_own": why_not_arrange(viewer, board, own),  # reorder, put in a cluster
        "arrange_others": why_not_arrange(viewer, board, others),
        "unlink_own": why_not_unlink(viewer, board, None, viewer.user_id),  # links from the reader's cards
        "unlink_others": why_not_unlink(viewer, board, None, None),
        "manage_clusters": why_not_manage_clusters(viewer, board),
        "same_topic_own": why_not_mark_same_topic(viewer, board, own),  # mark or unmark as the same topic
        "same_topic_others": why_not_mark_same_topic(viewer, board, others),
        "vote": why_not_vote(viewer, board),
        "vote_on_behalf": why_not_vote(viewer, board) or why_not_facilitate(viewer, board),
        "mark_done": why_not_mark_done(viewer, board),
        "merge": why_not_merge(viewer, board),
        "facilitate": why_not_facilitate(viewer, board),
        "manage_guests": why_not_manage_guests(viewer, board),
    }
    return {name: error is None for name, error in checks.items()}


def can_post(user, board):
    viewer = viewer_for(user, board)
    return viewer is not None and why_not_post(viewer, board) is None
