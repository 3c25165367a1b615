"""What a page with topics puts into the search index besides its own text fields.

Its topic tags (so "Sprache" finds a paper tagged "Sprache" that never says the word),
its target groups, and the word parts of its title, summary and tags, which let a
term find the compound words it is part of (search/german.py).
"""
from wagtail.search import index

from search.german import word_parts


def topic_search_fields():
    """Search fields for a page model with `tags`, `target_groups` and a TopicSearchMixin."""
    return [
        index.RelatedFields("tags", [index.SearchField("name", boost=2), index.AutocompleteField("name")]),
        index.RelatedFields("target_groups", [index.SearchField("name")]),
        index.AutocompleteField("search_word_parts"),
    ]


class TopicSearchMixin:
    """Gives a page with `summary` and `tags` the indexed word parts."""

    def search_word_parts(self):
        return word_parts(self.title, self.summary, *(tag.name for tag in self.tags.all()))
