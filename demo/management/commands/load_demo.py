"""`manage.py load_demo`: builds the Netzwerkstatt demo site (the demo/ app).

It replaces Wagtail's welcome page with the home page (root of the default
site), and adds the six building blocks, target groups, organisations and
contact persons, the network page, the kick-off workshop and the idea labs
(two of them upcoming, open for registration), concept papers under a review
workflow for the core group, the call for expressions of interest of January 2020 (demo/calls.py), the legal pages and the site settings. Only when
settings.DEBUG is True does it add demo users in every role (password
demo1234) and, written by them, two boards (demo/boards.py): the
kick-off workshop's finished, published board and an idea lab's board that is
still collecting; it ends by printing the logins.

Running it again changes nothing: every object is looked up by its natural
key (a page's slug under its parent, a building block's code, an
organisation's name, a username, ...) and created only when missing. What
already exists is left exactly as it is — no new revisions, and an editor's
changes survive. The whole run is one transaction.

Each part of the demo is a module of its own, with its content and the code
that loads it: demo/site_pages.py, network.py, workshops.py, papers.py,
users.py and boards.py; demo/common.py has what they share.
"""
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from demo.boards import load_demo_boards
from demo.calls import ensure_calls
from demo.common import Tally
from demo.network import (
    ensure_building_blocks, ensure_contact_persons, ensure_network_page, ensure_organisations, ensure_target_groups,
)
from demo.needs_map import ensure_needs_map_page
from demo.papers import ensure_concept_papers, ensure_review_workflow
from demo.promoted_paper import ensure_promoted_paper
from demo.site_pages import (
    default_site, ensure_content_pages, ensure_home_page, ensure_site_settings,
)
from demo.users import ensure_demo_users, login_table
from demo.workshops import ensure_workshops
from ideas.board import guest_codes
from ideas.models import Board


def load_board_demo(tally, workshops, warn):
    """The kick-off workshop's finished board and a live idea-lab board (data and loader: demo/boards.py).

    Their cards, links, comments and dots are written by the demo users, so this runs
    only when they exist; every change goes through ideas/board/operations/.
    """
    for reason in load_demo_boards(tally, workshops):
        warn(reason)


@contextmanager
def quiet_logs(names=("django_tasks", "wagtail")):
    """Hide the per-page INFO lines (search index and reference index tasks, page created/published)."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


class BroadcastFailures(logging.Filter):
    """Counts failed board broadcasts instead of logging a traceback for each.

    The demo boards are new, so nobody is connected to them yet; when the channel
    layer (Redis) is unreachable, every one of their events fails to broadcast after
    commit. ideas.board.events.broadcast already catches that; one summary line is enough.
    """

    logger = logging.getLogger("ideas.board.events")

    def __init__(self):
        super().__init__()
        self.count = 0
        self.first_error = None

    def filter(self, record):
        if record.levelno < logging.ERROR:
            return True
        self.count += 1
        if self.first_error is None and record.exc_info:
            self.first_error = record.exc_info[1]
        return False

    def __enter__(self):
        self.logger.addFilter(self)
        return self

    def __exit__(self, *exc):
        self.logger.removeFilter(self)


def site_url():
    """Where the site runs: `make run` sets WAGTAILADMIN_BASE_URL from its HOST and PORT."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"


class Command(BaseCommand):
    help = (
        "Load the Netzwerkstatt demo content (fictional city Talstadt). Safe to run again: "
        "existing content is left as it is. Demo users only when DEBUG is on."
    )

    def handle(self, *args, **options):
        tally = Tally()
        with quiet_logs(), BroadcastFailures() as failures, transaction.atomic():
            self.load(tally)
        self.stdout.write("Demo content for Netzwerkstatt:")
        for line in tally.lines():
            self.stdout.write(line)
        if failures.count:
            self.stderr.write(
                f"{failures.count} board events could not be broadcast ({failures.first_error!r}); "
                "they are stored, and live boards will read them when they connect."
            )
        self.report_logins()

    def load(self, tally):
        home = ensure_home_page(tally)
        site = default_site(home)
        blocks = ensure_building_blocks(tally)
        groups = ensure_target_groups(tally)
        organisations = ensure_organisations(tally, blocks)
        ensure_contact_persons(tally, organisations)
        ensure_network_page(tally, home)
        workshops = ensure_workshops(tally, home, blocks, groups, organisations)
        concept_index = ensure_concept_papers(tally, home, blocks, groups, workshops)
        ensure_review_workflow(tally, concept_index)
        ensure_needs_map_page(tally, home)
        ensure_calls(tally, home, blocks)
        content_pages = ensure_content_pages(tally, home)
        ensure_site_settings(tally, site, content_pages)
        if settings.DEBUG:
            ensure_demo_users(tally, organisations)
            load_board_demo(tally, workshops, self.stderr.write)
            if reason := ensure_promoted_paper(tally, workshops):
                self.stderr.write(f"Promoted concept paper skipped: {reason}")

    def report_logins(self):
        if not settings.DEBUG:
            self.stdout.write(
                "Demo users skipped: they are only created in development (DEBUG = True)."
            )
            self.stdout.write("Demo boards skipped as well: their cards are written by the demo users.")
            self.stdout.write(f"Site: {site_url()}   Admin: {site_url()}admin/")
            return
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins (development only):"))
        for line in login_table():
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"  Site:  {site_url()}")
        self.stdout.write(f"  Admin: {site_url()}admin/")
        for board in Board.objects.filter(guest_code__isnull=False).exclude(phase=Board.Phase.CLOSED):
            code = guest_codes.shown(board.guest_code)
            self.stdout.write(f"  Guests join „{board.title}“ with the code {code}: {site_url()}g/{code}/")

