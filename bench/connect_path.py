"""Time what a board socket's connect reads, alone: arrivals.admit_together in-process, no server.

The fan-out benchmark (board_fanout.py) measures a whole wave of connects, but on
two cores shared by the workers, Redis, PostgreSQL and its client its figures
move by ±15 % between runs. This one times the connect's trip to the database by
itself, for batches of sockets arriving together: wall time and CPU time of this
process per trip and per socket, and the statements per trip.

Creates a throwaway test database (the name in DATABASE_URL with a ``test_``
prefix, dropped at the end), seeds a board and --people members with a session
each, then admits batches of --batch sockets (each member's socket once per
batch) --trips times, as a worker does: psycopg's pool, close_old_connections
around each trip, the connection rows deleted again after each.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_connect_path \\
        .venv/bin/python bench/connect_path.py --batch 1,3,10,50
"""
import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "netzwerkstatt.settings.test"
os.environ.pop("REDIS_URL", None)


def seed(people):
    """A board and `people` members of one organisation, each signed in: their session keys."""
    from datetime import timedelta

    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.utils import timezone
    from wagtail.models import Page

    from ideas.models import Board
    from network import roles
    from network.models import MemberProfile, Organisation
    from workshops.models import WorkshopPage

    start = timezone.now()
    workshop = Page.get_first_root_node().add_child(instance=WorkshopPage(
        title="Benchmark-Werkstatt", slug="bench-connect-path", start=start, end=start + timedelta(hours=3),
    ))
    organisation = Organisation.objects.create(name="Bench-Organisation")
    board = Board.objects.create(workshop=workshop, title="Benchmark-Board")
    keys = []
    for index in range(people):
        member = User.objects.create_user(f"bench-member-{index}", first_name="Bench")
        member.groups.add(Group.objects.get(name=roles.MEMBER))
        MemberProfile.objects.create(user=member, organisation=organisation)
        client = Client()
        client.force_login(member)
        keys.append(client.cookies["sessionid"].value)
    return board, keys


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--batch", default="1,3,10,50", help="comma-separated sockets per trip")
    p.add_argument("--trips", type=int, default=100, help="trips per batch size")
    p.add_argument("--people", type=int, default=50)
    p.add_argument("--verbose", action="store_true", help="print the statements of one trip of each size")
    p.add_argument("--profile", action="store_true", help="print where the CPU time of the trips goes (cProfile)")
    args = p.parse_args()
    os.environ.setdefault("DATABASE_POOL", "on")

    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import close_old_connections, connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from ideas.board import presence
    from ideas.board.arrivals import Arrival, admit_together
    from ideas.models import BoardConnection

    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        board, keys = seed(args.people)
        print(f"database: {connection.vendor}, pool: {os.environ['DATABASE_POOL']}, {args.people} people")
        print(f"{'sockets per trip':>16} {'statements':>10} {'trip p50 ms':>11} {'per socket ms':>13} {'cpu per socket ms':>17}")
        for size in [int(s) for s in args.batch.split(",")]:
            def trip(number):
                close_old_connections()
                batch = [
                    Arrival(SessionStore(session_key=keys[(number + i) % len(keys)]), f"bench.{number}.{i}", None)
                    for i in range(size)
                ]
                admitted = admit_together(board.pk, batch)
                assert all(a.opened.counted or a.opened.close_code == presence.CLOSE_TOO_MANY_CONNECTIONS for a in admitted)
                close_old_connections()

            for number in range(5):  # warm-up: imports, the snapshot's material
                trip(number)
                BoardConnection.objects.all().delete()
            reset_queries()
            with CaptureQueriesContext(connection) as statements:
                trip(0)
            BoardConnection.objects.all().delete()
            walls, cpus = [], []
            profiler = cProfile.Profile() if args.profile else None
            if profiler:
                profiler.enable()
            for number in range(args.trips):
                wall, cpu = time.perf_counter(), time.process_time()
                trip(number)
                walls.append((time.perf_counter() - wall) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
                BoardConnection.objects.all().delete()
            if profiler:
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            p50 = statistics.median(walls)
            print(f"{size:>16} {len(statements.captured_queries):>10} {p50:>11.2f} {p50 / size:>13.2f} "
                  f"{statistics.median(cpus) / size:>17.2f}")
            if args.verbose:
                print("\n".join("    " + q["sql"][:140] for q in statements.captured_queries))
    finally:
        close_old_connections()
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
