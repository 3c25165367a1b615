"""Admin integration of the live boards: editors and facilitators create and configure boards here.

Creating a board is not a board change (it starts at seq 0); editing one goes
through the same board operations as the live board's facilitation panel (phase,
lock, silent collect have their own; configure_board the rest), in one
transaction, so connected clients see each change as its own event.

Deleting a person, organisation, building block or target group that boards
name is refused here with the reason (ideas/board/records.py; the models PROTECT them).
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from ideas.board import operations as ops
from ideas.board import records
from ideas.models import Board


# The fields with an operation of their own, in the order they are applied.
LIVE_FIELDS = {
    "silent_collect": lambda user, board_id, value: ops.set_silent_collect(user, board_id, silent_collect=value),
    "phase": lambda user, board_id, value: ops.set_phase(user, board_id, phase=value),
    "locked": lambda user, board_id, value: ops.set_lock(user, board_id, locked=value),
}


class BoardEditView(EditView):
    def save_instance(self):
        data, changed, user, board_id = self.form.cleaned_data, self.form.changed_data, self.request.user, self.object.pk
        settings = {name: data[name] for name in changed if name in ops.CONFIGURABLE_FIELDS}
        try:
            with transaction.atomic():
                if settings:
                    ops.configure_board(user, board_id, **settings)
                for name, operation in LIVE_FIELDS.items():
                    if name in changed:
                        operation(user, board_id, data[name])
        except ops.BoardError as error:
            raise PermissionDenied(error.message) from error
        self.object.refresh_from_db()
        return self.object


class BoardViewSet(SnippetViewSet):
    model = Board
    icon = "table"
    menu_label = _("Boards")
    add_to_admin_menu = True
    menu_order = 220
    edit_view_class = BoardEditView
    list_display = ["title", "workshop", "phase", "visibility", "locked"]
    list_filter = ["phase", "visibility"]
    search_fields = ["title"]
    panels = [
        PageChooserPanel("workshop", page_type="workshops.WorkshopPage"),
        FieldPanel("title"),
        FieldPanel("prompt"),
        MultiFieldPanel(
            [FieldPanel("visibility"), FieldPanel("silent_collect"), FieldPanel("vote_budget"), FieldPanel("secret_vote")],
            heading=_("Rules"),
        ),
        MultiFieldPanel([FieldPanel("phase"), FieldPanel("locked")], heading=_("Live state")),
    ]


register_snippet(BoardViewSet)


# --- Deleting what boards name: refused with the reason (ideas/board/records.py) ---------------


def _refuse(request, instances):
    messages_for_people = records.refusals(instances)
    if not messages_for_people:
        return None
    for message in messages_for_people:
        messages.error(request, message)
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = ""
    return redirect(get_valid_next_url_from_request(request) or back or "wagtailadmin_home")


@hooks.register("before_delete_snippet")
def refuse_deleting_what_boards_name(request, instances):
    return _refuse(request, instances)


@hooks.register("before_delete_user")
def refuse_deleting_people_who_took_part(request, user):
    return _refuse(request, [user])


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_what_boards_name(request, action_type, objects, action_class_instance):
    if action_type == "delete":
        return _refuse(request, objects)
    return None
