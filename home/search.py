"""Site search over all public pages, with filters for page type, topic tag and building block.

A query finds pages by their words, topic tags and target groups, by parts of German
compound words and by a few synonyms (search/german.py); editors add promoted results
for frequent queries in the admin (Wagtail's search promotions).
"""
import django_filters
from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page
from wagtail.search.query import And, Or, PlainText
from wagtail.search.utils import normalise_query_string

from home.models import ContentPage
from ideas.models import ConceptPaperPage, ConceptPaperPageTag
from search.filters import TopicFilterSet, tags_in_use
from search.german import MIN_TERM_LENGTH, query_terms, variants
from workshops.models import WorkshopPage, WorkshopPageTag

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
MAX_QUERY_LENGTH = 200


class SearchInput(forms.TextInput):
    input_type = "search"


class SearchFilterSet(TopicFilterSet):
    """The search page's form: a search term, the page type, and the topic filters."""

    q = django_filters.CharFilter(
        label=_("Search term"), max_length=MAX_QUERY_LENGTH, method="filter_nothing",
        widget=SearchInput(attrs={"autocomplete": "off"}),
    )
    type = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (_model, label) in PAGE_TYPES.items()],
        label=_("Type"), empty_label=_("All types"), method="filter_type",
    )
    id_prefix = "search"

    class Meta:
        model = Page
        fields = ["q", "type", "tag", "block"]

    def tags_offered(self):
        return tags_in_use(WorkshopPageTag, ConceptPaperPageTag)

    @property
    def query(self):
        """The search term, trimmed; "" when there is none or it is not valid (too long)."""
        if not self.is_bound or "q" in self.form.errors:
            return ""
        return (self.form.cleaned_data.get("q") or "").strip()

    def filter_nothing(self, queryset, name, value):
        # The term is not a filter: search_page_ids() ranks by it.
        return queryset

    def filter_type(self, queryset, name, page_type):
        return queryset.type(PAGE_TYPES[page_type][0]) if page_type else queryset

    def filter_tag(self, queryset, name, tag):
        return queryset.filter(id__in=_ids_of_tagged_pages(tags=tag)) if tag else queryset

    def filter_block(self, queryset, name, block):
        return queryset.filter(id__in=_ids_of_tagged_pages(building_blocks=block)) if block else queryset


def _ids_of_tagged_pages(**lookup):
    """Ids of the pages of the tagged types matching lookup (tags=tag or building_blocks=block)."""
    ids = set()
    for model in TAGGED_MODELS:
        ids.update(model.objects.filter(**lookup).values_list("id", flat=True))
    return ids


def search_page_ids(filters):
    """Ids of the public, live pages the filters let through: best match first with a query, else by title."""
    pages = filters.qs
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
    """The search page's context: the form, this page of results and the editors' promoted results."""
    filters = SearchFilterSet(params, queryset=Page.objects.live().public().exclude(depth__lte=1))
    # A search term that is not valid (too long) shows its error and no results, not every page.
    ids = search_page_ids(filters) if filters.active and "q" not in filters.form.errors else []
    paginator = Paginator(ids, RESULTS_PER_PAGE)
    results_page = paginator.get_page(page_number)
    first_page = results_page.number == 1
    if first_page:
        record_query(filters.query)
    # Load the specific pages of this result page in one query per type.
    by_id = {page.id: page for page in Page.objects.filter(id__in=results_page.object_list).specific()}
    return {
        "filters": filters,
        "query": filters.query,
        "results": [by_id[page_id] for page_id in results_page.object_list if page_id in by_id],
        "results_page": results_page,
        "promotions": promotions(filters.query) if first_page else [],
    }
