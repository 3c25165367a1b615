"""Time the board's persist-first path alone: `create_card` in-process, no server, no fan-out.

Creates a throwaway test database (Django's test-database machinery: the name
in DATABASE_URL with a ``test_`` prefix, dropped at the end), seeds one board
and one member with an organisation (seed_board below), then posts --cards cards
as that member and reports the queries per card and the time per card (p50/p95).
The broadcast goes to the in-memory channel layer (no group members), so what
is measured is the transaction: lock → permission → validate → write → event.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/helper_perf_postpath \\
        .venv/bin/python bench/post_path.py --cards 300
    ... bench/post_path.py --connection keep    # DATABASE_CONN_MAX_AGE=60: persistent connection
    ... bench/post_path.py --connection pool    # DATABASE_POOL=on: psycopg's pool

Between two cards it calls close_old_connections(), as Channels'
database_sync_to_async does around every call, so the app's connection
settings act as they do in a worker (default: a new connection per card).

Without DATABASE_URL it uses SQLite in memory.
"""
import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "netzwerkstatt.settings.test"
os.environ.pop("REDIS_URL", None)  # the in-memory layer: the write path only


def seed_board():
    """A workshop with one board and a network member of an organisation: what a posting member needs.

    The migrations made the roles, the root page and the locale.
    """
    from datetime import timedelta

    from django.contrib.auth.models import Group, User
    from django.utils import timezone
    from wagtail.models import Page

    from ideas.models import Board
    from network import roles
    from network.models import MemberProfile, Organisation
    from workshops.models import WorkshopPage

    start = timezone.now()
    workshop = Page.get_first_root_node().add_child(instance=WorkshopPage(
        title="Benchmark-Werkstatt", slug="bench-post-path", start=start, end=start + timedelta(hours=3),
    ))
    member = User.objects.create_user("bench-member", first_name="Bench")
    member.groups.add(Group.objects.get(name=roles.MEMBER))
    MemberProfile.objects.create(user=member, organisation=Organisation.objects.create(name="Bench-Organisation"))
    return member, Board.objects.create(workshop=workshop, title="Benchmark-Board")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cards", type=int, default=300)
    p.add_argument("--tags", type=int, default=0, help="tags per card (new tag names each card)")
    p.add_argument(
        "--connection", choices=["close", "keep", "pool"], default="close",
        help="the app's default (CONN_MAX_AGE=0: a new connection per card), persistent connections "
             "(DATABASE_CONN_MAX_AGE=60) or psycopg's pool (DATABASE_POOL=on); PostgreSQL only",
    )
    p.add_argument("--verbose", action="store_true", help="print the statements of one create_card")
    p.add_argument("--no-health-checks", action="store_true", help="DATABASE_CONN_HEALTH_CHECKS=off")
    args = p.parse_args()
    os.environ.update({
        "close": {}, "keep": {"DATABASE_CONN_MAX_AGE": "60"}, "pool": {"DATABASE_POOL": "on"},
    }[args.connection])
    if args.no_health_checks:
        os.environ["DATABASE_CONN_HEALTH_CHECKS"] = "off"

    import django

    django.setup()
    from django.db import close_old_connections, connection
    from django.test.utils import CaptureQueriesContext

    from ideas.board import operations as ops
    from ideas.models import Card

    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        member, board = seed_board()
        user = type(member).objects.get(pk=member.pk)  # as a socket has it: nothing cached on the object
        board_id = board.pk

        def post(i):
            tags = [f"t{i}-{j}" for j in range(args.tags)]
            return ops.create_card(user, board_id, client_id=uuid.uuid4(), kind=Card.Kind.NEED, text=f"card {i}", tags=tags)

        for i in range(10):  # warm-up: imports, content types, statement caches
            post(-i - 1)
        with CaptureQueriesContext(connection) as ctx:
            post(0)
        times = []
        for i in range(1, args.cards + 1):
            start = time.perf_counter()
            close_old_connections()
            post(i)
            close_old_connections()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"database: {connection.vendor} ({name}), connection: {args.connection}, health checks: {not args.no_health_checks}, tags per card: {args.tags}")
        print(f"statements per create_card: {len(ctx.captured_queries)}")
        if args.verbose:
            print("\n".join("  " + q["sql"][:150] for q in ctx.captured_queries))
        print(f"create_card over {len(times)} cards: p50 {statistics.median(times):.2f} ms, p95 {p95:.2f} ms")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
