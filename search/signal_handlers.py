"""Keeps a published page's topics in the search index.

Wagtail indexes a page when it is saved, but a page's tags and target groups
(modelcluster relations) are written just after that save, so the index would hold
the topics of the previous version. Publishing indexes the page again, topics included.
"""
from wagtail.search import index
from wagtail.signals import page_published

from search.indexing import TopicSearchMixin


def reindex_published_page(sender, instance, **kwargs):
    if isinstance(instance, TopicSearchMixin):
        index.insert_or_update_object(instance)


def register_signal_handlers():
    page_published.connect(reindex_published_page, dispatch_uid="search.reindex_published_page")
