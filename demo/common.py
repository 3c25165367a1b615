"""What every part of the demo loader shares: the tally of what a run did, finding or adding pages, dates,
and the shorthands the content uses for StreamField values ("block type", value).
"""
from collections import Counter
from datetime import datetime, time, timedelta

from django.core.management.base import CommandError
from django.utils import timezone


class Tally:
    """What a run created and what it found already there, for the summary at the end."""

    def __init__(self):
        self.created = Counter()
        self.existing = Counter()
        self.labels = []

    def note(self, label, created):
        if label not in self.labels:
            self.labels.append(label)
        (self.created if created else self.existing)[label] += 1

    def lines(self):
        return [
            f"  {label}: {self.created[label]} created, {self.existing[label]} already there"
            for label in self.labels
        ]


def find_child(parent, model, slug):
    """The page of this type with this slug under parent; for one-per-site types, wherever it is."""
    page = parent.get_children().filter(slug=slug).first()
    if page is None and model.max_count == 1:
        page = model.objects.first()
    if page is None:
        return None
    page = page.specific
    if not isinstance(page, model):
        raise CommandError(
            f"The page {page.url_path} is a {type(page).__name__}, not a {model.__name__}. "
            "Rename or move it, then run load_demo again."
        )
    return page


def add_and_publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_page(tally, label, parent, model, slug, build):
    """The existing page, or a new one made by build() and published under parent."""
    page = find_child(parent, model, slug)
    tally.note(label, page is None)
    return page or add_and_publish(parent, build())


def local_datetime(text):
    return timezone.make_aware(datetime.fromisoformat(text))


def upcoming_datetime(days_from_now, clock):
    day = timezone.localdate() + timedelta(days=days_from_now)
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(clock)))



def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(html):
    return ("paragraph", html)


def agenda_item(time, title, description=""):
    return ("item", {"time": time, "title": title, "description": description})
