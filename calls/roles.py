"""The office's role (Geschäftsstelle, the KI in the glossary): it alone moves a call through its later states.

A Django group like the roles in network/roles.py; calls/migrations/0002_office_role.py creates it.
"""
from network.roles import has_role

OFFICE = "Geschäftsstelle"


def is_office(user):
    """Office members and superusers (who hold every role)."""
    return has_role(user, OFFICE)
