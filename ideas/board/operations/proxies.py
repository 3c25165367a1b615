"""The people without a device a facilitator enters cards and dots for: typed once, then picked by id.

Not an operation of its own: a person is created by the first card or dot entered for
them (create_card, cast_vote), inside that operation's transaction, and announced to
facilitators with that operation's event (`_proxy_person`, see payloads.proxy_person_data).
"""
from django.utils.translation import gettext as _

from ideas.board.errors import BoardError
from ideas.board.validation import clean_on_behalf_name, get_optional
from ideas.models import ProxyPerson
from network.models import Organisation


def pick_proxy_person(board, proxy_person_id):
    """The person with this id on this board; another board's person or an unknown id is not_found."""
    proxy_person = ProxyPerson.objects.filter(board=board, pk=proxy_person_id).select_related("organisation").first()
    if proxy_person is None:
        raise BoardError("not_found", _("This person is not among the people entered for on this board."))
    return proxy_person


def proxy_person_named(board, user, name, organisation=None):
    """The board's person of this name (in any case), created on first use; None for an empty name.

    `organisation` (an id) is stored with a new person; an existing person keeps theirs.
    """
    name = clean_on_behalf_name(name)
    if not name:
        return None
    proxy_person = ProxyPerson.objects.filter(board=board, name__iexact=name).select_related("organisation").first()
    if proxy_person is None:
        proxy_person = ProxyPerson.objects.create(
            board=board, name=name, created_by=user,
            organisation=get_optional(Organisation, organisation, _("organisation")),
        )
    return proxy_person


def proxy_person_for(board, user, *, proxy_person_id=None, name="", organisation=None):
    """The person a facilitator means: picked by id, or typed by name (then created on first use)."""
    if proxy_person_id is not None:
        return pick_proxy_person(board, proxy_person_id)
    return proxy_person_named(board, user, name, organisation)
