"""What a board's record names, and why it may not be deleted from under the boards.

Cards, comments, dots and "done writing" name people, their organisations,
building blocks and target groups. Deleting one of those would change open
boards with no event, so the models PROTECT them, and the admin (ideas/wagtail_hooks.py)
says why before anything is deleted: deactivate a person instead; keep, or rename,
an organisation, building block or target group the boards name.
"""
from django.contrib.auth import get_user_model
from django.utils.translation import ngettext

from ideas.models import BoardParticipant, Card, Comment, ProxyPerson, Vote
from network.models import BuildingBlock, Organisation, TargetGroup


def _traces_of_person(user):
    return (
        Card.objects.filter(author=user).count() + Comment.objects.filter(author=user).count()
        + Vote.objects.filter(user=user).count() + BoardParticipant.objects.filter(user=user).count()
    )


def _traces(instance):
    """How many cards (comments, dots, …) of boards name this object; None for objects boards never name."""
    if isinstance(instance, get_user_model()):
        return _traces_of_person(instance)
    if isinstance(instance, Organisation):
        return (
            Card.objects.filter(author_organisation=instance).count()
            + Comment.objects.filter(author_organisation=instance).count()
            + ProxyPerson.objects.filter(organisation=instance).count()
        )
    if isinstance(instance, BuildingBlock):
        return Card.objects.filter(building_block=instance).count()
    if isinstance(instance, TargetGroup):
        return Card.objects.filter(target_group=instance).count()
    return None


def why_not_delete(instance):
    """A message for people saying why this object may not be deleted, or None when nothing on a board names it."""
    count = _traces(instance)
    if not count:
        return None
    if isinstance(instance, get_user_model()):
        return ngettext(
            "%(name)s cannot be deleted: they took part in live boards (%(count)d card, comment, dot or “done writing”). "
            "Deactivate the account instead (untick “active”): they can no longer sign in and the boards stay as they were.",
            "%(name)s cannot be deleted: they took part in live boards (%(count)d cards, comments, dots or “done writing”). "
            "Deactivate the account instead (untick “active”): they can no longer sign in and the boards stay as they were.",
            count,
        ) % {"name": instance.get_username(), "count": count}
    return ngettext(
        "“%(name)s” cannot be deleted: %(count)d card or comment on live boards names it, and the boards would change "
        "without anyone seeing it. Rename it instead if it is out of date.",
        "“%(name)s” cannot be deleted: %(count)d cards or comments on live boards name it, and the boards would change "
        "without anyone seeing it. Rename it instead if it is out of date.",
        count,
    ) % {"name": str(instance), "count": count}


def refusals(instances):
    """The messages for those of these objects that may not be deleted."""
    return [message for message in map(why_not_delete, instances) if message]


