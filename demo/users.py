"""The demo users, one per role (created only when settings.DEBUG is True), and the table of their logins."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from calls.roles import OFFICE
from demo.network import KI
from network import roles
from network.models import MemberProfile

DEMO_PASSWORD = "demo1234"

DEMO_USERS = [
    {
        "username": "mitglied1",
        "first_name": "Aylin",
        "last_name": "Kaya",
        "role": "Netzwerkmitglied",
        "groups": [roles.MEMBER],
        "organisation": "Jugendmigrationsdienst Talstadt (fiktiv)",
    },
    {
        "username": "mitglied2",
        "first_name": "Jonas",
        "last_name": "Berger",
        "role": "Netzwerkmitglied",
        "groups": [roles.MEMBER],
        "organisation": "Bildungswerk Talblick (fiktiv)",
    },
    {
        "username": "moderation",
        "first_name": "Lena",
        "last_name": "Brückner",
        "role": "Moderation",
        "groups": [roles.FACILITATOR, roles.MEMBER],
        "organisation": KI,
    },
    {
        "username": "redaktion",
        "first_name": "Tobias",
        "last_name": "Lange",
        "role": "Redaktion",
        "groups": [roles.EDITOR, roles.MEMBER],
        "organisation": KI,
    },
    {
        "username": "kerngruppe",
        "first_name": "Thomas",
        "last_name": "Riedel",
        "role": "Bündniskerngruppe",
        "groups": [roles.CORE_GROUP, roles.MEMBER],
        "organisation": "Jobcenter Talstadt (fiktiv)",
    },
    {
        "username": "geschaeftsstelle",
        "first_name": "Miriam",
        "last_name": "Scholz",
        "role": "Geschäftsstelle",
        "groups": [OFFICE, roles.MEMBER],
        "organisation": KI,
    },
    {
        "username": "admin",
        "first_name": "Sam",
        "last_name": "Verwalter",
        "role": "Administration (alle Rechte)",
        "groups": [],
        "organisation": KI,
        "superuser": True,
    },
]


def ensure_demo_users(tally, organisations):
    User = get_user_model()
    for data in DEMO_USERS:
        if User.objects.filter(username=data["username"]).exists():
            tally.note("demo users", False)
            continue
        create_demo_user(User, data, organisations[data["organisation"]])
        tally.note("demo users", True)


def create_demo_user(User, data, organisation):
    superuser = data.get("superuser", False)
    user = User.objects.create_user(
        username=data["username"], password=DEMO_PASSWORD,
        email=f"{data['username']}@example.org",
        first_name=data["first_name"], last_name=data["last_name"],
        is_staff=superuser, is_superuser=superuser,
    )
    user.groups.set(Group.objects.filter(name__in=data["groups"]))
    MemberProfile.objects.create(user=user, organisation=organisation)
    return user


def login_table():
    rows = [("username", "role", "password", "organisation")]
    rows += [
        (data["username"], data["role"], DEMO_PASSWORD, data["organisation"])
        for data in DEMO_USERS
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = []
    for number, row in enumerate(rows):
        lines.append("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])
        if number == 0:
            lines.append("  " + "  ".join("-" * width for width in widths) + "  " + "-" * len(row[3]))
    return lines

