"""Delete the records of guests of boards closed more than BOARD_GUEST_RETENTION_DAYS ago (run daily, e.g. from cron).

A board counts as closed since its last change (closing it is one). Their cards stay,
shown with their organisation only (operations.forget_guests).
"""
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Max
from django.utils import timezone

from ideas.board import operations as ops
from ideas.models import Board


class Command(BaseCommand):
    help = "Delete the records of guests of boards closed more than BOARD_GUEST_RETENTION_DAYS days ago."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override BOARD_GUEST_RETENTION_DAYS.")

    def handle(self, *args, days=None, **options):
        days = settings.BOARD_GUEST_RETENTION_DAYS if days is None else days
        cutoff = timezone.now() - timedelta(days=days)
        boards = (
            Board.objects.filter(phase=Board.Phase.CLOSED, guests__isnull=False).distinct()
            .annotate(last_change=Max("events__created_at")).filter(last_change__lt=cutoff)
        )
        forgotten = 0
        for board_id in boards.values_list("pk", flat=True):
            forgotten += len(ops.forget_guests(board_id))
        self.stdout.write(f"{forgotten} guest record(s) deleted.")
