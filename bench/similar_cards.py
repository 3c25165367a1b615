"""Time a suggestion of similar cards (ideas/board/similar_cards.py) with 10,000 earlier cards.

Creates a throwaway test database (Django's test-database machinery), seeds one
published board with --cards cards of varied German texts and one collecting board,
warms the per-process index once, then asks --asks times for suggestions to texts
being typed and prints p50/p95/max per suggestion (freshness query + matching), the
CPU time this process spent on each (what other programs on a busy machine do not
change), then the time of the freshness query alone (the database's share).

    .venv/bin/python bench/similar_cards.py                       # SQLite (the test settings' file)
    .venv/bin/python bench/similar_cards.py --database-url postgres://postgres@127.0.0.1:5432/helper_bench_similar
"""
import argparse
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "netzwerkstatt.settings.test"
os.environ.pop("REDIS_URL", None)

WORDS = ("Kinderbetreuung Sprachkurs Ausbildung Praktikum Anerkennung Zeugnisse Beratung Duldung Gestattung "
         "Wohnung Fahrtkosten Nachhilfe Berufsschule Betrieb Mentoring Jobcenter Arbeitsagentur Abend Vormittag "
         "Mütter Frauen Lotsendienst Vertrauen Finanzierung Qualifizierung Schulabschluss Behörde Termin").split()


def seed(cards):
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Page

    from ideas.models import Board, Card
    from workshops.models import WorkshopPage
    from django.contrib.auth.models import User

    root = Page.get_first_root_node()
    start = timezone.now() - timedelta(days=90)
    workshop = root.add_child(instance=WorkshopPage(title="Auftaktworkshop", slug="auftakt", start=start, end=start))
    user = User.objects.create_user("bench")
    earlier = Board.objects.create(workshop=workshop, title="Bedarfe", visibility=Board.Visibility.PUBLIC,
                                   phase=Board.Phase.CLOSED, last_seq=cards)
    rng = random.Random(9)
    Card.objects.bulk_create([
        Card(board=earlier, client_id=uuid.uuid4(), kind=rng.choice(Card.Kind.values), author=user,
             text=" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14))), position=i, created_seq=i + 1)
        for i in range(cards)
    ], batch_size=1000)
    later = Board.objects.create(workshop=workshop, title="Ideenwerkstatt")
    return later


def summary(times):
    times = sorted(times)
    p95 = times[int(len(times) * 0.95) - 1]
    return f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--asks", type=int, default=300)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import get_runner, setup_test_environment
    from django.conf import settings

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0)
    old = runner.setup_databases()
    try:
        from ideas.board.similar_cards import freshness_key, similar_cards

        board = seed(args.cards)
        similar_cards("Kinderbetreuung am Abend", board)  # builds the index once
        rng = random.Random(3)
        times, cpu_times = [], []
        for _ in range(args.asks):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))
            began, cpu_began = time.perf_counter(), time.process_time()
            similar_cards(text, board)
            times.append((time.perf_counter() - began) * 1000)
            cpu_times.append((time.process_time() - cpu_began) * 1000)
        print(f"{connection.vendor}, {args.cards} earlier cards, {args.asks} suggestions: {summary(times)}")
        print(f"  CPU time of this process: {summary(cpu_times)}")
        times = []
        for _ in range(args.asks):
            began = time.perf_counter()
            freshness_key()
            times.append((time.perf_counter() - began) * 1000)
        print(f"  of which the freshness query alone: {summary(times)}")
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
