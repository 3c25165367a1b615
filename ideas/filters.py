"""The concept paper index's filters: status, topic tag, building block (search/filters.py)."""
import django_filters
from django.utils.translation import gettext_lazy as _

from ideas.models import ConceptPaperPage, ConceptPaperPageTag
from search.filters import TopicFilterSet, tags_in_use


class PaperFilterSet(TopicFilterSet):
    status = django_filters.ChoiceFilter(
        choices=ConceptPaperPage.Status.choices, label=_("Status"), empty_label=_("All statuses"),
    )
    id_prefix = "papers"

    class Meta:
        model = ConceptPaperPage
        fields = ["status", "tag", "block"]

    def tags_offered(self):
        return tags_in_use(ConceptPaperPageTag)
