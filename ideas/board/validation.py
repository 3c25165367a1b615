"""What a board change may contain: plain texts, tags, known choices and objects, a sane timer.

The length limits come from the model fields that store the values, so a form,
the protocol schema and the database never disagree.
"""
import re

from django.utils.translation import gettext as _

from ideas.board.errors import BoardError
from ideas.models import Card, Cluster, ProxyPerson

TEXT_MAX_LENGTH = Card.TEXT_MAX_LENGTH  # cards and comments
TITLE_MAX_LENGTH = Cluster._meta.get_field("title").max_length
NAME_MAX_LENGTH = ProxyPerson.NAME_MAX_LENGTH  # also Card.on_behalf_name
MAX_TAGS = 10
TAG_MAX_LENGTH = 50
TIMER_MAX_SECONDS = 4 * 60 * 60
# What PostgreSQL cannot store in a text column: NUL, and lone surrogates (valid in JSON, no character in UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text):
    """True unless the text holds a NUL or a lone surrogate, which no text column (nor a UTF-8 reply) can carry."""
    return _UNSTORABLE.search(text) is None


def check_storable(text, field):
    """Refuse text the database cannot store, naming `field`, before it reaches the database."""
    if not storable(text):
        raise BoardError(
            "invalid_field",
            _("The field “%(field)s” contains characters that cannot be saved (a NUL character or an incomplete "
              "Unicode character).") % {"field": printable(field)},
        )
    return text


def printable(text):
    """Text safe to put into a reply: lone surrogates become “?”."""
    return text.encode("utf-8", "replace").decode("utf-8")


def clean_text(text, *, max_length=TEXT_MAX_LENGTH, field="text"):
    """Plain text, stripped, not empty, within max_length characters. Never HTML: stored as given."""
    text = check_storable(text, field).strip()
    if not text:
        raise BoardError("empty_text", _("Please write something."))
    if len(text) > max_length:
        raise BoardError(
            "too_long", _("The text is %(length)d characters long; at most %(max)d are allowed.")
            % {"length": len(text), "max": max_length},
        )
    return text


def clean_tags(tags):
    """Stripped tags without duplicates (in any case), each 1 to TAG_MAX_LENGTH characters, at most MAX_TAGS."""
    cleaned = []
    for tag in tags:
        tag = check_storable(tag, "tags").strip()
        if not tag or len(tag) > TAG_MAX_LENGTH:
            raise BoardError("invalid_tags", _("Tags must have 1 to %(max)d characters.") % {"max": TAG_MAX_LENGTH})
        if tag.lower() not in (t.lower() for t in cleaned):
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise BoardError("invalid_tags", _("A card can have at most %(max)d tags.") % {"max": MAX_TAGS})
    return cleaned


def clean_on_behalf_name(name):
    """The name of someone a facilitator enters a card or dot for; cut to what the field holds."""
    return check_storable(name, "on_behalf_name").strip()[:NAME_MAX_LENGTH]


def clean_choice(value, choices, field):
    """One of a TextChoices' values; `field` names it in the error message."""
    if value not in choices.values:
        raise BoardError("invalid_field", _("Unknown %(field)s.") % {"field": field})
    return value


def get_optional(model, pk, field):
    """The object with this id, None for no id; an unknown id is an error naming `field`."""
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise BoardError("invalid_field", _("Unknown %(field)s.") % {"field": field})
    return obj


def clean_timer(seconds):
    """Seconds from now for a board timer (None stops it): more than 0, at most TIMER_MAX_SECONDS."""
    if seconds is not None and not 0 < seconds <= TIMER_MAX_SECONDS:
        raise BoardError(
            "invalid_field",
            _("The timer must run between 1 second and %(hours)d hours.") % {"hours": TIMER_MAX_SECONDS // 3600},
        )
    return seconds
