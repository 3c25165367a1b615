"""Admin integration of the network's data: one snippet viewset per model, grouped in a menu."""
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from network.models import BuildingBlock, ContactPerson, MemberProfile, Organisation, TargetGroup


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "kind", "in_core_group", "listed"]
    list_filter = ["kind", "in_core_group", "listed"]  # "not listed": typed by guests, for an editor to check
    search_fields = ["name"]


class BuildingBlockViewSet(SnippetViewSet):
    model = BuildingBlock
    icon = "table"
    list_display = ["code", "title"]


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "user"


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "mail"
    list_display = ["name", "role", "organisation"]


class MemberProfileViewSet(SnippetViewSet):
    model = MemberProfile
    icon = "user"
    list_display = ["user", "organisation"]


class NetworkViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Network")
    menu_icon = "group"
    menu_order = 200
    items = (OrganisationViewSet, ContactPersonViewSet, MemberProfileViewSet, BuildingBlockViewSet, TargetGroupViewSet)


register_snippet(NetworkViewSetGroup)
