"""The page cache's generation, and data kept in the cache under it until it changes.

home/page_cache.py sets a new generation whenever something the public sees changes (its
docstring lists what) and stores the pages under it; any app may keep computed data the
same way (generation_cached), so that data is recomputed after exactly those changes: the
main navigation and the footer, the kept routes of the page tree, a board as the public
reads it (keyed by its seq too). It lives here, at the bottom of the apps, because apps
below home (ideas) keep data under it as well.

A part of the site that changes more often than the rest (a board, with every event) has a
version of its own besides (version_of, renew): its pages are kept under the generation and
that version, so a board's event outdates its pages and nothing else.
"""
import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches

GENERATION_KEY = "public-page-cache:generation"


def cache():
    return caches[settings.PUBLIC_PAGE_CACHE_ALIAS]


DATA_PREFIX = "public-page-cache:data:"


def _data_key(name, parts):
    return DATA_PREFIX + hashlib.sha256("\n".join([name, *parts]).encode()).hexdigest()


def current_generation():
    """The generation now (None before the first clear): a key part of what is kept otherwise, e.g. by {% keep_fragment %}."""
    return cache().get(GENERATION_KEY)


def generation_cached_entry(name, parts):
    """(the value kept for name and parts under the current generation or None, the current generation)."""
    key = _data_key(name, parts)
    found = cache().get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    entry = found.get(key)
    if entry is not None and entry["generation"] == generation:
        return entry["value"], generation
    return None, generation


def keep(name, parts, generation, value):
    """Keeps value for name and parts under `generation` (the one read before value was computed)."""
    cache().set(_data_key(name, parts), {"generation": generation, "value": value}, settings.PUBLIC_PAGE_CACHE_SECONDS)


def generation_cached(name, parts, build):
    """build()'s value, kept in the cache until the generation changes (one cache round trip on a hit).

    For data every visitor of a site sees alike (no user, no session in `parts` or in build()).
    """
    value, generation = generation_cached_entry(name, parts)
    if value is None:
        value = build()
        keep(name, parts, generation, value)
    return value


VERSION_PREFIX = "public-page-cache:version:"
# A version only has to outlive what was kept under it; should it expire, the next one outdates those too.
VERSION_SECONDS = 24 * 60 * 60


def version_key(part):
    return VERSION_PREFIX + part


def version_of(part, found):
    """The version of `part` (e.g. "board:3") from `found`, a get_many answer that asked version_key(part);
    when it was not there, a new one (the first to add it wins, so concurrent readers agree)."""
    version = found.get(version_key(part))
    if version is None:
        cache().add(version_key(part), uuid.uuid4().hex, VERSION_SECONDS)
        version = cache().get(version_key(part))
    return version


def current_version(part):
    """The version of `part` now (a new one if it has none yet)."""
    return version_of(part, cache().get_many([version_key(part)]))


def renew(part):
    """What was kept under `part`'s version so far is outdated from now on."""
    cache().set(version_key(part), uuid.uuid4().hex, VERSION_SECONDS)


def clear():
    """Every page stored so far is outdated from now on (a new generation; the old entries expire)."""
    cache().set(GENERATION_KEY, uuid.uuid4().hex, None)


