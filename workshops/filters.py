"""The workshop index's filters: kind, topic tag, building block (search/filters.py)."""
import django_filters
from django.utils.translation import gettext_lazy as _

from search.filters import TopicFilterSet, tags_in_use
from workshops.models import WorkshopPage, WorkshopPageTag


class SessionFilterSet(TopicFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=WorkshopPage.Kind.choices, label=_("Kind"), empty_label=_("All kinds"),
    )
    id_prefix = "sessions"

    class Meta:
        model = WorkshopPage
        fields = ["kind", "tag", "block"]

    def tags_offered(self):
        return tags_in_use(WorkshopPageTag)
