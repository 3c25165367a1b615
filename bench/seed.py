"""Seed the benchmark's throwaway database: member users with sessions, and boards.

Run by the harness (after `manage.py migrate`) with DJANGO_SETTINGS_MODULE=bench.settings:

    python -m bench.seed --users 1004 --boards 12 --out seed.json

Writes {"sessions": [sessionid, ...], "boards": [board_id, ...]} as JSON. Each
user is a network member ("Netzwerkmitglieder") with an organisation and one
logged-in database session, so a socket authenticates with just the cookie
`sessionid=<key>`. One user per socket: the board limits connections per user.
Exit status 3 with a message on stderr when the board models do not exist yet.
"""
import argparse
import json
import sys
from datetime import timedelta

import django


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--boards", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if not 0 < args.users <= 20_000 or not 0 <= args.boards <= 1000:
        parser.error("--users must be 1..20000 and --boards 0..1000")

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from django.utils import timezone

    from network import roles
    from network.models import MemberProfile, Organisation

    try:
        from ideas.models import Board
    except ImportError:
        Board = None
    if args.boards and Board is None:
        print("bench.seed: ideas.models.Board does not exist yet (the live board has not landed)", file=sys.stderr)
        return 3

    with transaction.atomic():
        org, _ = Organisation.objects.get_or_create(name="Benchmark-Organisation (fiktiv)")
        member_group = Group.objects.get(name=roles.MEMBER)
        existing = set(User.objects.filter(username__startswith="bench-").values_list("username", flat=True))
        names = [f"bench-{i:05d}" for i in range(args.users)]
        User.objects.bulk_create(
            [User(username=n, email=f"{n}@example.org", password="!unusable") for n in names if n not in existing]
        )
        users = list(User.objects.filter(username__in=names).order_by("username"))
        have_group = set(member_group.user_set.filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True))
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group_id=member_group.pk) for u in users if u.pk not in have_group]
        )
        have_profile = set(MemberProfile.objects.filter(user__in=users).values_list("user_id", flat=True))
        MemberProfile.objects.bulk_create(
            [MemberProfile(user=u, organisation=org) for u in users if u.pk not in have_profile]
        )

    sessions = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.set_expiry(6 * 3600)
        store.create()
        sessions.append(store.session_key)

    board_ids = []
    if args.boards:
        from wagtail.models import Page

        from workshops.models import WorkshopIndexPage, WorkshopPage

        with transaction.atomic():
            index = WorkshopIndexPage.objects.filter(slug="bench-workshops").first()
            if index is None:
                index = Page.get_first_root_node().add_child(
                    instance=WorkshopIndexPage(title="Benchmark-Workshops", slug="bench-workshops")
                )
            now = timezone.now()
            workshop = index.add_child(
                instance=WorkshopPage(
                    title=f"Benchmark-Ideenwerkstatt {now:%H%M%S%f}", slug=f"bench-{now:%H%M%S%f}",
                    start=now, end=now + timedelta(hours=3), kind=WorkshopPage.Kind.IDEA_LAB,
                )
            )
            for i in range(args.boards):
                board = Board.objects.create(
                    workshop=workshop, title=f"Benchmark-Board {i + 1}",
                    prompt="Welche Bedarfe sehen Sie?", phase=Board.Phase.COLLECT,
                )
                board_ids.append(board.pk)

    with open(args.out, "w") as fh:
        json.dump({"sessions": sessions, "boards": board_ids}, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
