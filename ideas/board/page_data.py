"""What the board page shows: the reader's snapshot arranged in columns, and the boot data of the live client.

The server-rendered page and static/js/board/ (the live client) both start from the same
snapshot (reading.snapshot), so a reader sees the same board with and
without JavaScript. Every text the client shows comes from client_strings(),
through Django's translation machinery.
"""
import functools
from datetime import date

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from base.generation_cache import current_generation
from ideas.board.public_reading import public_snapshot
from ideas.board.reading import snapshot
from ideas.board.results import may_see_results, results_from
from ideas.board.rules import why_not_post
from ideas.models import Board, Card
from network.models import BuildingBlock, Organisation, TargetGroup


def _plural(forms_of):
    """Both plural forms for the client, which picks the first for a count of 1 (as German and English do).

    `forms_of(n)` calls ngettext with literal strings, so that makemessages finds them.
    """
    return [forms_of(1), forms_of(2)]


def client_strings():
    return {
        # connection indicator
        "connection_connecting": _("Connecting…"),
        "connection_connected": _("Live: connected"),
        "connection_reconnecting": _("Connection lost, reconnecting…"),
        "connection_offline": _("Offline: your cards are kept and sent when you are back online"),
        "connection_refused": _("You can no longer take part in this board. Please reload the page."),
        "not_connected": _("Not connected right now. Please try again in a moment."),
        # status line
        "phase": _("Phase: %(phase)s"),
        "phase_now": _("The board is now in the phase: %(phase)s"),
        "locked": _("Locked by the facilitator"),
        "locked_now": _("The facilitator has locked the board."),
        "unlocked_now": _("The board is open again."),
        "hidden_cards": _plural(lambda n: ngettext("%(count)s card by others is hidden until reveal", "%(count)s cards by others are hidden until reveal", n)),
        "online": _plural(lambda n: ngettext("%(count)s person online", "%(count)s people online", n)),
        "done_count": _plural(lambda n: ngettext("%(count)s person is done writing", "%(count)s people are done writing", n)),
        "votes_left": _plural(lambda n: ngettext("You have %(count)s dot left", "You have %(count)s dots left", n)),
        "time_left": _("Time left: %(time)s"),
        "time_up": _("Time is up."),
        "next_phase": _("Next phase: %(phase)s"),
        # posting
        "empty_text": _("Please write something on your card."),
        "queued_offline": _("You are offline. Your card is kept and sent when the connection is back."),
        "card_saved": _("Your card is saved."),
        "card_not_saved": _("Your card was not saved: %(message)s"),
        "post_as": _("Your card will appear as: %(byline)s"),
        "post_closed": _("Cards can be posted while the board is collecting."),
        "show_card": _("Show the card"),
        "pending_sending": _("Sending…"),
        "pending_offline": _("Waiting for the connection; sent automatically."),
        "pending_failed": _("Not saved: %(message)s"),
        "back_to_form": _("Back to the form"),
        "discard": _("Discard"),
        # cards
        "new_card": _("New card in %(kind)s: %(text)s"),
        "new_cards": _plural(lambda n: ngettext("%(count)s new card", "%(count)s new cards", n)),
        "card_count": _plural(lambda n: ngettext("%(count)s card", "%(count)s cards", n)),
        "anonymous": _("without a name"),
        "entered_for": _("entered for %(name)s"),
        "entered_for_someone": _("entered by the facilitator"),
        "in_cluster": _("Cluster: %(title)s"),
        "merged_texts": _("Texts merged into this card"),
        "links": _("Links"),
        "answers_to": _("answers"),
        "answers_from": _("answered by"),
        "addresses_to": _("addresses"),
        "addresses_from": _("addressed by"),
        "unlink": _("Remove link"),
        "unlink_from": _("Remove the link to %(text)s"),
        "dots_secret": _("Secret vote: the dots are shown when the vote is over"),
        "yours_secret": _plural(lambda n: ngettext("(you gave it %(count)s dot)", "(you gave it %(count)s dots)", n)),
        "dots": _plural(lambda n: ngettext("%(count)s dot", "%(count)s dots", n)),
        "of_them_mine": _plural(lambda n: ngettext("(%(count)s of them yours)", "(%(count)s of them yours)", n)),
        "comments": _plural(lambda n: ngettext("Comments (%(count)s)", "Comments (%(count)s)", n)),
        "your_comment": _("Your comment"),
        "send_comment": _("Add comment"),
        "give_dot": _("Give a dot"),
        "give_dot_on": _("Give a dot to: %(text)s"),
        "take_dot_back": _("Take a dot back"),
        "take_dot_back_from": _("Take a dot back from: %(text)s"),
        "of_them_entered": _plural(lambda n: ngettext(
            "(%(count)s of them entered for people without a device)",
            "(%(count)s of them entered for people without a device)", n)),
        "entered_dots_for": _("Entered for: %(people)s"),
        "give_dot_for": _("Dot for %(name)s"),
        "give_dot_for_on": _("Give a dot for %(name)s to: %(text)s"),
        "take_dot_back_for": _("Take back a dot of %(name)s"),
        "take_dot_back_for_on": _("Take back a dot of %(name)s from: %(text)s"),
        "proxy_myself": _("myself (my own dots)"),
        "proxy_own": _("The dot buttons give your own dots."),
        "proxy_for": _plural(lambda n: ngettext(
            "The dot buttons give dots for %(name)s: %(count)s dot left.",
            "The dot buttons give dots for %(name)s: %(count)s dots left.", n)),
        "proxy_new": _("The dot buttons give dots for %(name)s (new on this board)."),
        "proxy_option": _plural(lambda n: ngettext(
            "%(name)s (%(count)s dot left)", "%(name)s (%(count)s dots left)", n)),
        "proxy_option_new": _("%(name)s (new)"),
        "actions": _("Edit, move, link …"),
        "actions_for": _("Edit, move, link: %(text)s"),
        "edit": _("Edit"),
        "edit_text": _("Text of the card"),
        "save": _("Save"),
        "cancel": _("Cancel"),
        "delete": _("Delete"),
        "restore": _("Restore"),
        "restore_card": _("Restore: %(text)s"),
        "move_up": _("Move up"),
        "move_down": _("Move down"),
        "move_to": _("Move to: %(column)s"),
        "cluster": _("Cluster"),
        "no_cluster": _("(no cluster)"),
        "no_cluster_group": _("In no cluster"),
        "drag_hint": _("Drag to move the card (or use the buttons under “Edit, move, link …”)"),
        "cluster_up": _("Move the cluster %(title)s up"),
        "cluster_down": _("Move the cluster %(title)s down"),
        "assign_cluster": _("Put in cluster"),
        "link_with": _("Link with"),
        "link": _("Create link"),
        "merge_into_this": _("Duplicate to merge into this card"),
        "merge": _("Merge"),
        "merge_question": _("Merge „%(other)s“ into „%(text)s“? Its dots, comments and links move here, both authors stay shown, and a facilitator can undo it."),
        "merge_confirm": _("Yes, merge"),
        "unmerge": _("Undo merge"),
        "unmerge_card": _("Undo the merge of: %(text)s"),
        "tags": _("Keywords, separated by commas"),
        "building_block": _("Building block"),
        "target_group": _("Target group"),
        "none": _("(none)"),
        # clusters and facilitation
        "rename": _("Rename"),
        "new_title_for": _("New title for %(title)s"),
        "delete_cluster": _("Delete cluster %(title)s"),
        "lock": _("Lock board"),
        "unlock": _("Unlock board"),
        "done": _("done"),
        "silent_collect_on": _("Silent collect: on"),
        "silent_collect_off": _("Silent collect: off"),
        "silent_help_on_collecting": _("Each member sees only their own cards until you move on to the next phase."),
        "silent_help_on_later": _("When the board collects again, each member sees only their own cards."),
        "silent_help_off": _("Everyone sees every card as it is posted."),
        "silent_on": _("Silent collect is on: while collecting, each member sees only their own cards."),
        "silent_off": _("Silent collect is off: everyone sees every card."),
        # guests, and the projector
        "guests_code": _("Code: %(code)s"),
        "most_dots": _("Most dots: %(kind)s"),
        "secret_vote": _("secret vote"),
        "guests_open": _("Guest access is open: people without an account join with this code."),
        "guests_closed": _("Guest access is closed."),
        "guests_start": _("Open guest access"),
        "guests_end": _("End guest access"),
        "guest_count": _plural(lambda n: ngettext("%(count)s guest on the board", "%(count)s guests on the board", n)),
        "guest_remove": _("Remove"),
        "guest_remove_named": _("Remove the guest %(name)s"),
        # continuity across sessions: the same topic on earlier boards
        "similar_heading": _("Already raised on earlier boards. Is your card the same topic? Then tick it:"),
        "similar_found": _plural(lambda n: ngettext(
            "%(count)s similar card from earlier boards, below the text field",
            "%(count)s similar cards from earlier boards, below the text field", n)),
        "raised_at": _("Already raised: %(workshop)s, %(date)s"),
        "raised_before": _("Raised before"),
        "unmark_same_topic": _("Not the same topic"),
        "unmark_same_topic_as": _("Not the same topic as: %(text)s"),
        "search_same_topic": _("Search earlier boards"),
        "searching": _("Searching…"),
        "similar_none": _("No similar card on earlier boards."),
        "similar_failed": _("The earlier boards could not be searched. Please try again."),
        "mark_same_topic": _("Same topic"),
        "mark_same_topic_as": _("Same topic as: %(text)s"),
    }


def column_headings():
    return {Card.Kind.NEED: _("Needs"), Card.Kind.GAP: _("Service gaps"), Card.Kind.DRAFT: _("Concept drafts")}


def byline(card):
    """Who wrote a card (or a card merged into it), as the reader may see it: as static/js/board/cards.js writes it."""
    parts = []
    if card["entered_on_behalf"]:
        name = card["on_behalf_name"]
        parts.append(_("entered for %(name)s") % {"name": name} if name else _("entered by the facilitator"))
    elif card["author"]:
        parts.append(card["author"]["name"])
    if card["organisation"]:
        parts.append(card["organisation"]["name"])
    return " · ".join(parts) or _("without a name")


def _arranged(state):
    """The snapshot's cards per column, each with its cluster title, links and comments, for the template."""
    texts = {card["id"]: card["text"] for card in state["cards"]}
    clusters = {cluster["id"]: cluster["title"] for cluster in state["clusters"]}
    relation_labels = {
        ("answers", True): _("answers"), ("answers", False): _("answered by"),
        ("addresses", True): _("addresses"), ("addresses", False): _("addressed by"),
    }
    columns = []
    for kind, label in column_headings().items():
        cards = []
        for card in sorted((c for c in state["cards"] if c["kind"] == kind), key=lambda c: (c["position"], c["id"])):
            links = []
            for link in state["links"]:
                outgoing = link["from_card_id"] == card["id"]
                if outgoing or link["to_card_id"] == card["id"]:
                    other = link["to_card_id"] if outgoing else link["from_card_id"]
                    links.append({"label": relation_labels[link["relation"], outgoing], "card_id": other, "text": texts[other]})
            cards.append({
                **card,
                "cluster": clusters.get(card["cluster_id"]),
                "links": links,
                "comments": [comment for comment in state["comments"] if comment["card_id"] == card["id"]],
                "merged_from": [{**merged, "byline": byline(merged)} for merged in card["merged_from"]],
                "same_topic": [
                    {**earlier, "date": date.fromisoformat(earlier["workshop"]["date"])} for earlier in card["same_topic"]
                ],
            })
        columns.append({"kind": kind, "label": label, "cards": cards})
    return columns


def socket_url(board, state):
    """The socket's address as connection.js builds it for a page's snapshot: the events after its seq."""
    return f"/ws/boards/{board.pk}/" + (f"?since={state['seq']}" if state.get("seq") else "")


def _boot(board, viewer, state):
    """What the live client starts from (json_script): the snapshot, the texts, the addresses it uses."""
    return {
        "board_id": board.pk,
        "user_id": viewer.user_id,
        "socket_path": f"/ws/boards/{board.pk}/",
        # Those who write cards are offered similar ones of earlier boards (ideas/board/similar_cards.py).
        "similar_url": reverse("board_similar_cards", args=[board.pk]) if viewer.participant else None,
        "guest_qr_url": reverse("board_guest_qr_code", args=[board.pk]),
        "state": state,
        "kinds": list(column_headings().items()),
        "phases": dict(Board.Phase.choices),
        "strings": client_strings(),
        "building_blocks": [[block.pk, f"{block.code} – {block.title}"] for block in BuildingBlock.objects.all()],
        "target_groups": [[group.pk, group.name] for group in TargetGroup.objects.all()],
    }


def beamer_page_context(request, board, viewer):
    """The projector's view of the board (board_beamer.html, static/js/board/beamer.js): no controls."""
    state = snapshot(board, request.user, viewer=viewer)
    boot = {**_boot(board, viewer, state), "results_chart_url": reverse("board_results_chart", args=[board.pk, "clusters"])}
    return {"board": board, "page": board.workshop, "state": state, "boot": boot}


def public_page_version(board, state, request):
    """The key of the board page's content as every public reader sees it at the snapshot's seq ({% keep_fragment %}):
    the seq (every change of the board's cards), the page generation (the board's row, pages, organisations),
    the language and the host. The page's socket address is made from the same snapshot, so it asks for
    exactly the events after what the kept content shows."""
    parts = ["board-page", str(board.pk), board.created_at.isoformat(), str(state["seq"]), str(current_generation()),
             translation.get_language() or "", request.get_host()]
    return ":".join(parts)


def board_page_context(request, board, viewer, form):
    # The public's board is read from the material kept under its seq (public_reading.py): a few queries, not a dozen.
    state = public_snapshot(board, viewer) if viewer.public else snapshot(board, request.user, viewer=viewer)
    # Made only when the template reads them (a template calls what it is given): for the public the content
    # is kept (kept_version), and then neither the columns, nor the boot data, nor the results are made.
    lazy = functools.cache
    return {
        "kept_version": public_page_version(board, state, request) if viewer.public else None,
        "board": board,
        "page": board.workshop,
        "state": state,
        "viewer": viewer,
        "columns": lazy(lambda: _arranged(state)),
        "form": form,
        "can_post": viewer.participant and why_not_post(viewer, board) is None,
        "phases": Board.Phase.choices,
        # For the facilitators' "someone new" in the dots for people without a device.
        "organisations": Organisation.objects.all() if viewer.facilitator else (),
        "boot": lazy(lambda: _boot(board, viewer, state)),
        "socket_url": socket_url(board, state),
        "beamer_url": reverse("board_beamer", args=[board.pk]) if viewer.facilitator else None,
        "export_csv_url": reverse("board_export_csv", args=[board.pk]),
        "export_markdown_url": reverse("board_export_markdown", args=[board.pk]),
        "results_url": reverse("board_results", args=[board.pk]) if may_see_results(board, viewer) else None,
        # A closed board shows what came out of it before its columns (the whole results on their own page).
        "results": lazy(lambda: results_from(board, state)
                        if board.phase == Board.Phase.CLOSED and may_see_results(board, viewer) else None),
    }
