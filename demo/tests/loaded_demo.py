"""The demo site as `make run` loads it, loaded once for a whole test class (load_demo takes seconds).

Import the fixtures into a test module (`from demo.tests.loaded_demo import demo, demo_for_class`)
and ask for `demo` in the tests of a class. `demo_for_class` runs load_demo in development
settings inside a transaction; each test runs in a savepoint within it, so whatever one test
changes is gone for the next, and after the class's last test the transaction is rolled back:
tests outside the class start from the migrated, empty database as usual.
"""
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@dataclass
class DemoRun:
    output: str
    errors: str


def run_load_demo():
    out, err = StringIO(), StringIO()
    call_command("load_demo", stdout=out, stderr=err)
    return DemoRun(out.getvalue(), err.getvalue())


@pytest.fixture(scope="class")
def demo_for_class(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):
            run = run_load_demo()
        yield run
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_for_class, db, settings):
    """What load_demo printed; the test runs with DEBUG on, as `make run` does, should it load the demo again."""
    settings.DEBUG = True
    return demo_for_class
