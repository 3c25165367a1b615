"""Admin integration of the live boards: editors and facilitators create and configure boards here.

Creating a board is not a board change (it starts at seq 0); editing one goes
through operations.configure_board, so connected clients see the change.
"""
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from ideas.board import operations as ops
from ideas.models import Board


class BoardEditView(EditView):
    def save_instance(self):
        changes = {
            name: self.form.cleaned_data[name]
            for name in self.form.changed_data if name in ops.CONFIGURABLE_FIELDS
        }
        if changes:
            try:
                ops.configure_board(self.request.user, self.object.pk, **changes)
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
            [FieldPanel("visibility"), FieldPanel("silent_collect"), FieldPanel("vote_budget")],
            heading=_("Rules"),
        ),
        MultiFieldPanel([FieldPanel("phase"), FieldPanel("locked")], heading=_("Live state")),
    ]


register_snippet(BoardViewSet)
