"""Site search over all public pages, with filters for page type, topic tag and building block.

A query finds pages by their words, topic tags and target groups, by parts of German
compound words and by a few synonyms (search/german.py); editors add promoted results
for frequent queries in the admin (Wagtail's search promotions).
"""
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page
from wagtail.search.query import And, Or, PlainText
from wagtail.search.utils import normalise_query_string

from home.models import ContentPage
from ideas.models import ConceptPaperPage
from network.models import BuildingBlock
from search.german import MIN_TERM_LENGTH, query_terms, variants
from workshops.models import WorkshopPage

PAGE_TYPES = {
    "workshop": (WorkshopPage, _("Workshops and idea labs")),
    "concept": (ConceptPaperPage, _("Concept papers")),
    "content": (ContentPage, _("Information pages")),
}
# Page types that carry topic tags and building blocks.
TAGGED_MODELS = (WorkshopPage, ConceptPaperPage)
RESULTS_PER_PAGE = 20
# Nobody reads past this many results; it bounds the work of one search.
MAX_RESULTS = 500


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


def search_page_ids(filters):
    """Ids of the public, live pages matching the filters: best match first with a query, else by title."""
    pages = Page.objects.live().public().exclude(depth__lte=1)
    if filters.page_type:
        pages = pages.type(PAGE_TYPES[filters.page_type][0])
    if filters.tag or filters.block:
        pages = pages.filter(id__in=_ids_matching_topic(filters))
    if filters.query:
        return ranked_ids(pages, filters.query)
    return list(pages.order_by("title").values_list("id", flat=True)[:MAX_RESULTS])


def ranked_ids(pages, query):
    """Ids of the pages matching every term of the query (or a synonym of it), best first.

    Full-text matches come first (title, text, tags; German stemming on PostgreSQL),
    then pages that match only through parts of compound words (search/german.py).
    """
    terms = query_terms(query)
    if not terms:
        return []
    ids = [page.pk for page in pages.search(_every_term(terms))[:MAX_RESULTS]]
    if all(len(term) >= MIN_TERM_LENGTH for term in terms):
        found = set(ids)
        for page in pages.autocomplete(_every_term(terms))[:MAX_RESULTS]:
            if page.pk not in found:
                ids.append(page.pk)
                found.add(page.pk)
    return ids[:MAX_RESULTS]


def _every_term(terms):
    """A query object: each term, or one of its synonyms, must match."""
    return And([Or([PlainText(word) for word in variants(term)]) for term in terms])


def promotions(query):
    """The editors' promoted results for this query (Wagtail's search promotions), live public pages only."""
    if not query:
        return []
    stored = Query.objects.filter(query_string=normalise_query_string(query)).first()
    if stored is None:
        return []
    public_ids = set(Page.objects.live().public().values_list("id", flat=True))
    return [
        promotion for promotion in stored.editors_picks.select_related("page")
        if promotion.page_id is None and promotion.external_link_url or promotion.page_id in public_ids
    ]


def record_query(query):
    """Count the query, so editors see the frequent ones when they promote results."""
    if query:
        Query.get(query).add_hit()


def search(params, page_number):
    filters = SearchFilters.from_request(params)
    ids = search_page_ids(filters) if filters.active else []
    paginator = Paginator(ids, RESULTS_PER_PAGE)
    results_page = paginator.get_page(page_number)
    if results_page.number == 1:
        record_query(filters.query)
    # Load the specific pages of this result page in one query per type.
    by_id = {page.id: page for page in Page.objects.filter(id__in=results_page.object_list).specific()}
    return {
        "filters": filters,
        "results": [by_id[page_id] for page_id in results_page.object_list if page_id in by_id],
        "results_page": results_page,
        "promotions": promotions(filters.query) if results_page.number == 1 else [],
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
