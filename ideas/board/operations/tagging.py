"""Tags for a new card in as few queries as taggit allows: one lookup, one INSERT for all taggings."""
from django.db.models import Q
from django.db.models.signals import m2m_changed
from taggit.models import Tag


def tags_by_name(names):
    """Tag objects for these names (TAGGIT_CASE_INSENSITIVE: an existing tag matches in any case).

    Same result as taggit's own lookup, in one query for the existing tags
    (taggit asks once per name) plus a get_or_create per new tag.
    """
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(name__iexact=name)
    existing = {}
    for tag in Tag.objects.filter(query).order_by("pk"):
        existing.setdefault(tag.name.lower(), tag)
    tags = []
    for name in names:
        tag = existing.get(name.lower())
        if tag is None:
            tag, _created = Tag.objects.get_or_create(name__iexact=name, defaults={"name": name})
        tags.append(tag)
    return tags


def tag_new_card(card, names):
    """Tag a card that was just created (it has no tags yet): one INSERT for all its tags.

    Sends the m2m_changed signals taggit's add() sends. Leaves the tags in the
    card's prefetch cache, so card_data needs no query for them.
    """
    tags = tags_by_name(names)
    if tags:
        through = card.tags.through
        pk_set = {tag.pk for tag in tags}
        signal = {"sender": through, "instance": card, "reverse": False, "model": Tag, "pk_set": pk_set, "using": card._state.db}
        m2m_changed.send(action="pre_add", **signal)
        through.objects.bulk_create([through(tag=tag, content_object=card) for tag in tags])
        m2m_changed.send(action="post_add", **signal)
    return tags

