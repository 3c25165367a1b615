"""The network's roles, as Django groups; permissions are granted in a data migration.

A user may hold several roles; every role implies network membership.
"""
from django.utils.translation import gettext_lazy as _

MEMBER = "Netzwerkmitglieder"
FACILITATOR = "Moderation"
EDITOR = "Redaktion"
CORE_GROUP = "Bündniskerngruppe"

ROLE_LABELS = {
    MEMBER: _("Network member"),
    FACILITATOR: _("Facilitator"),
    EDITOR: _("Editor"),
    CORE_GROUP: _("Core group"),
}
ALL_ROLES = list(ROLE_LABELS)


def has_role(user, role):
    """True when the user holds the role (superusers hold every role)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role).exists()


def is_member(user):
    """Every role counts as membership: a facilitator is a member too."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=ALL_ROLES).exists()
