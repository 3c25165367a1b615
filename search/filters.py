"""The filters every filter form starts from: topic tag and building block (django-filter).

Each list adds what is its own: SessionFilterSet in workshops/models.py (kind), PaperFilterSet in ideas/models.py (status),
home/search.py (search term, page type). All are rendered by one template,
templates/includes/filter_form.html. A value that is not offered (an old link, a typo)
is left out of the filtering and shown as an error next to its field.
"""
import hashlib

import django_filters
from django.forms import ModelChoiceField
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from base.generation_cache import current_generation
from network.models import BuildingBlock


class BuildingBlockField(ModelChoiceField):
    def label_from_instance(self, block):
        return f"{block.code} – {block.title}"


class BuildingBlockChoice(django_filters.ModelChoiceFilter):
    """Building blocks by code ("F2"), labelled "F2 – Qualifizierung und Sprachförderung"."""

    field_class = BuildingBlockField

    def __init__(self, **kwargs):
        super().__init__(
            queryset=BuildingBlock.objects.all(), to_field_name="code",
            label=_("Building block"), empty_label=_("All building blocks"), **kwargs,
        )


class TopicFilterSet(django_filters.FilterSet):
    """Tag (by slug) and building block (by code). Subclasses say which pages' tags are offered."""

    tag = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.none(), to_field_name="slug", label=_("Topic"), empty_label=_("All topics"),
        method="filter_tag",
    )
    block = BuildingBlockChoice(method="filter_block")

    # The ids of the form's fields start with this ("sessions-tag"), so two forms never share one.
    id_prefix = "filter"
    # True: the rendered form is kept in the cache (templates/includes/filter_form.html), because what it
    # offers comes only from what sets a new page cache generation (pages, their tags, building blocks).
    keep_form = False

    def __init__(self, data=None, queryset=None, **kwargs):
        # An empty query string is an unbound form: nothing to validate, nothing filtered.
        super().__init__(data or None, queryset, **kwargs)
        self.filters["tag"].queryset = self.tags_offered()
        self.form.auto_id = f"{self.id_prefix}-%s"

    def tags_offered(self):
        """The tags to choose from: those in use on the listed pages."""
        raise NotImplementedError

    def filter_tag(self, queryset, name, tag):
        return queryset.filter(tags=tag).distinct() if tag else queryset

    def filter_block(self, queryset, name, block):
        return queryset.filter(building_blocks=block).distinct() if block else queryset

    @cached_property
    def kept_form_version(self):
        """The key of the kept rendered form (None: not kept): the generation, the filters, the language, the choice."""
        if not self.keep_form:
            return None
        chosen = sorted((name, self.data.get(name, "")) for name in self.filters) if self.is_bound else []
        parts = ["filter-form", str(current_generation()), type(self).__name__, translation.get_language() or "", repr(chosen)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    @property
    def active(self):
        """True when the reader chose any filter (even one that was not valid)."""
        return self.is_bound and any(self.data.get(name) for name in self.filters)


def tags_in_use(*tag_through_models):
    """Tags used by any of the given taggit through models, by name."""
    ids = set()
    for through in tag_through_models:
        ids.update(through.objects.values_list("tag_id", flat=True))
    return Tag.objects.filter(id__in=ids).order_by("name")
