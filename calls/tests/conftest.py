"""A calls index with one call below the test site's home page, and users in and outside the office."""
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from calls.models import CallCriterion, CallIndexPage, CallPage
from calls.roles import OFFICE
from network import roles

BERLIN = ZoneInfo("Europe/Berlin")
# Monday, 13 January 2020, 12:00 in Berlin (11:00 UTC).
DEADLINE = datetime(2020, 1, 13, 12, 0, tzinfo=BERLIN)
OPENS_AT = datetime(2019, 12, 2, 9, 0, tzinfo=BERLIN)

CRITERIA = [
    ("Passung zum Konzept", 30), ("Erreichen der Zielgruppe", 25), ("Kooperation im Netzwerk", 20),
    ("Umsetzbarkeit", 15), ("Kosten", 10),
]


def criteria(weights=CRITERIA, scale_max=5):
    return [
        CallCriterion(name=name, weight=weight, scale_max=scale_max, guide=f"Leitfrage zu {name}", sort_order=number)
        for number, (name, weight) in enumerate(weights)
    ]


def new_call(**fields):
    values = {
        "title": "Interessenbekundungsverfahren 2020", "slug": "ibv-2020", "intro": "Maßnahmen gesucht.",
        "text": "<p>Der Aufruf.</p>", "budget": Decimal("120000.00"), "opens_at": OPENS_AT, "deadline": DEADLINE,
        "contact_name": "Yusuf Demir", "contact_email": "y.demir@example.org", "contact_phone": "0000 12345-21",
        "criteria": criteria(),
    }
    values.update(fields)
    return CallPage(**values)


@pytest.fixture
def call_index(site_tree):
    index = CallIndexPage(title="Interessenbekundungen", slug="interessenbekundungen", show_in_menus=True)
    site_tree["home"].add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def call(call_index, site_tree):
    page = new_call()
    page.concept_papers.set([site_tree["paper"]])
    page.building_blocks.set(site_tree["paper"].building_blocks.all())
    call_index.add_child(instance=page)
    page.save_revision().publish()
    return CallPage.objects.get(pk=page.pk)


@pytest.fixture
def office_user(make_user):
    return make_user("geschaeftsstelle", OFFICE, roles.MEMBER)
