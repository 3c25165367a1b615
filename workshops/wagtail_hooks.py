"""Admin integration: editors and facilitators see who registered for which session."""
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from workshops.models import Registration


class RegistrationViewSet(SnippetViewSet):
    model = Registration
    icon = "list-ul"
    menu_label = _("Registrations")
    add_to_admin_menu = True
    menu_order = 210
    list_display = ["workshop", "user", "status", "created_at"]
    list_filter = ["status", "workshop"]


register_snippet(RegistrationViewSet)
