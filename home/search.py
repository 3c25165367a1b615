"""Site search over all public pages, with filters for page type, topic tag and building block."""
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.models import Page

from home.models import ContentPage
from ideas.models import ConceptPaperPage
from network.models import BuildingBlock
from workshops.models import WorkshopPage

PAGE_TYPES = {
    "workshop": (WorkshopPage, _("Workshops and idea labs")),
    "concept": (ConceptPaperPage, _("Concept papers")),
    "content": (ContentPage, _("Information pages")),
}
# Page types that carry topic tags and building blocks.
TAGGED_MODELS = (WorkshopPage, ConceptPaperPage)
RESULTS_PER_PAGE = 20


@dataclass
class SearchFilters:
    query: str = ""
    page_type: str = ""
    tag: str = ""
    block: str = ""

    @classmethod
    def from_request(cls, params):
        page_type = params.get("type", "")
        return cls(
            query=params.get("q", "").strip()[:200],
            page_type=page_type if page_type in PAGE_TYPES else "",
            tag=params.get("tag", "")[:100],
            block=params.get("block", "")[:4],
        )

    @property
    def active(self):
        return bool(self.query or self.page_type or self.tag or self.block)


def _ids_matching_topic(filters):
    """Ids of tagged pages matching the tag and building-block filters."""
    ids = set()
    for model in TAGGED_MODELS:
        pages = model.objects.all()
        if filters.tag:
            pages = pages.filter(tags__slug=filters.tag)
        if filters.block:
            pages = pages.filter(building_blocks__code=filters.block)
        ids.update(pages.values_list("id", flat=True))
    return ids


def search_pages(filters):
    """Public, live pages matching the filters; ranked by relevance when there is a query."""
    pages = Page.objects.live().public().exclude(depth__lte=1)
    if filters.page_type:
        pages = pages.type(PAGE_TYPES[filters.page_type][0])
    if filters.tag or filters.block:
        pages = pages.filter(id__in=_ids_matching_topic(filters))
    if filters.query:
        return pages.search(filters.query)
    return pages.order_by("title")


def search(params, page_number):
    filters = SearchFilters.from_request(params)
    results = search_pages(filters) if filters.active else Page.objects.none()
    paginator = Paginator(results, RESULTS_PER_PAGE)
    results_page = paginator.get_page(page_number)
    # Load the specific pages of this result page in one query per type.
    specific = Page.objects.filter(id__in=[p.id for p in results_page.object_list]).specific()
    by_id = {p.id: p for p in specific}
    return {
        "filters": filters,
        "results": [by_id[p.id] for p in results_page.object_list if p.id in by_id],
        "results_page": results_page,
        "page_types": [(key, label) for key, (_model, label) in PAGE_TYPES.items()],
        "tags": Tag.objects.filter(
            id__in=_tag_ids_in_use()
        ).order_by("name"),
        "building_blocks": BuildingBlock.objects.all(),
    }


def _tag_ids_in_use():
    from ideas.models import ConceptPaperPageTag
    from workshops.models import WorkshopPageTag

    ids = set(WorkshopPageTag.objects.values_list("tag_id", flat=True))
    ids.update(ConceptPaperPageTag.objects.values_list("tag_id", flat=True))
    return ids
