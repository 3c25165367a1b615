"""The call's rules: criteria that add up, the deadline to the second, the office alone moving it on, the page."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from calls.models import CallPage, CallState, CallStateChange
from calls.tests.conftest import DEADLINE, OPENS_AT, criteria, new_call

pytestmark = pytest.mark.django_db
SECOND = timedelta(seconds=1)


def validation_messages(call_index, page):
    """Saving validates (Wagtail's Page.save runs full_clean): what it refuses, in German; nothing is saved."""
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        call_index.add_child(instance=page)
    assert not CallPage.objects.filter(slug=page.slug).exists()
    return [message for messages in refused.value.message_dict.values() for message in messages]


# --- validation ------------------------------------------------------------------------------------------


def test_weights_that_do_not_add_up_to_100_are_refused_in_german(call_index):
    page = new_call(criteria=criteria([("Passung", 30), ("Kosten", 60)]))
    assert "Die Gewichte der Kriterien müssen zusammen 100 % ergeben; sie ergeben 90 %." in validation_messages(call_index, page)


def test_a_call_without_criteria_is_refused(call_index):
    page = new_call(criteria=[])
    assert "Ein Aufruf braucht mindestens ein Kriterium." in validation_messages(call_index, page)


def test_a_scale_must_end_between_1_and_10(call_index):
    page = new_call(criteria=criteria([("Passung", 100)], scale_max=11))
    assert "Die Skala von „Passung“ muss zwischen 1 und 10 enden." in validation_messages(call_index, page)


def test_the_deadline_must_come_after_the_opening_time(call_index):
    page = new_call(opens_at=DEADLINE, deadline=DEADLINE)
    assert "Die Frist muss nach dem Beginn liegen." in validation_messages(call_index, page)


def test_a_complete_call_passes(call):
    call.full_clean()


# --- the clock ------------------------------------------------------------------------------------------


def test_the_call_is_open_up_to_the_deadlines_second_and_closed_a_second_later(call):
    assert call.is_open(DEADLINE - SECOND)
    assert call.is_open(DEADLINE)
    assert not call.is_open(DEADLINE + SECOND)
    assert call.state(DEADLINE) == CallState.OPEN
    assert call.state(DEADLINE + SECOND) == CallState.CLOSED


def test_before_its_opening_time_the_call_is_announced(call):
    assert call.state(OPENS_AT - SECOND) == CallState.ANNOUNCED and not call.is_open(OPENS_AT - SECOND)
    assert call.is_open(OPENS_AT)


# --- the office's operation -----------------------------------------------------------------------------


def advance(client, call, to_state):
    return client.post(reverse("call_advance_state", args=[call.pk]), {"to_state": to_state}, follow=True)


def test_the_office_moves_a_closed_call_into_evaluation_and_the_change_is_logged(client, call, office_user):
    client.force_login(office_user)
    response = advance(client, call, CallState.IN_EVALUATION)
    assert response.status_code == 200
    assert "Der Aufruf ist jetzt „In Bewertung“." in response.content.decode()
    assert CallPage.objects.get(pk=call.pk).state() == CallState.IN_EVALUATION
    change = CallStateChange.objects.get()
    assert (change.user, change.from_state, change.to_state) == (office_user, "closed", "in_evaluation")


@pytest.mark.parametrize("who", ["member", "editor", None])
def test_anyone_outside_the_office_gets_403_and_nothing_changes(client, call, request, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("call_advance_state", args=[call.pk]), {"to_state": "in_evaluation"})
    assert response.status_code == 403
    assert CallPage.objects.get(pk=call.pk).state() == CallState.CLOSED
    assert not CallStateChange.objects.exists()


def test_a_step_skipped_is_refused_with_a_clear_message(client, call, office_user):
    client.force_login(office_user)
    response = advance(client, call, CallState.DECIDED)
    assert "Der Aufruf ist „Geschlossen“; von dort kann er nicht zu „Entschieden“ wechseln." in response.content.decode()
    assert CallPage.objects.get(pk=call.pk).state() == CallState.CLOSED
    assert not CallStateChange.objects.exists()


def test_an_open_call_cannot_go_into_evaluation(client, call, office_user):
    CallPage.objects.filter(pk=call.pk).update(deadline=DEADLINE.replace(year=2999))
    client.force_login(office_user)
    response = advance(client, call, CallState.IN_EVALUATION)
    assert "Die Frist ist noch nicht abgelaufen" in response.content.decode()
    assert CallPage.objects.get(pk=call.pk).state() == CallState.OPEN


def test_the_state_is_a_post_with_csrf(call, office_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(office_user)
    response = client.post(reverse("call_advance_state", args=[call.pk]), {"to_state": "in_evaluation"})
    assert response.status_code == 403
    assert CallPage.objects.get(pk=call.pk).state() == CallState.CLOSED
    assert client.get(reverse("call_advance_state", args=[call.pk])).status_code == 405


def test_publishing_an_older_revision_keeps_the_offices_state(client, call, office_user):
    from wagtail.models import Revision

    revision = call.save_revision()  # an editor's draft, from before the office moved the call on
    client.force_login(office_user)
    advance(client, call, CallState.IN_EVALUATION)
    Revision.objects.get(pk=revision.pk).publish()  # as the admin publishes it: read afresh
    assert CallPage.objects.get(pk=call.pk).state() == CallState.IN_EVALUATION


# --- the public pages -----------------------------------------------------------------------------------


def german_page(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_deadline_in_berlin_time_the_criteria_table_and_links(client, call, site_tree):
    html = german_page(client, call.url)
    assert "Montag, 13. Januar 2020, 12:00 Uhr" in html  # 11:00 UTC
    assert '<time datetime="2020-01-13T12:00:00+01:00">' in html
    assert "<caption>" in html and "<th scope=\"row\">Passung zum Konzept</th>" in html
    assert "30 %" in html and "0–5" in html and "Leitfrage zu Kosten" in html
    assert f'href="{site_tree["paper"].url}"' in html
    assert "?block=F2" in html
    assert "120.000 Euro" in html
    assert 'aria-current="step"' in html and "Geschlossen" in html
    assert "Weiter zu" not in html, "the office's button is for the office only"


def test_the_office_sees_the_button_to_move_the_call_on(client, call, office_user):
    client.force_login(office_user)
    assert "Weiter zu „In Bewertung“" in german_page(client, call.url)


def test_the_index_lists_open_calls_first(client, call, call_index):
    open_call = new_call(title="Aufruf 2999", slug="aufruf-2999", deadline=DEADLINE.replace(year=2999))
    call_index.add_child(instance=open_call)
    open_call.save_revision().publish()
    html = german_page(client, call_index.url)
    assert html.index("Aufruf 2999") < html.index("Interessenbekundungsverfahren 2020")
    assert "Offen für Interessenbekundungen" in html and "Geschlossen" in html


def test_the_calls_index_is_in_the_main_navigation(client, call_index, site_tree):
    html = german_page(client, site_tree["home"].url)
    navigation = html[html.index('class="main-nav"'):]
    assert f'href="{call_index.url}"' in navigation[: navigation.index("</nav>")]


def test_the_public_page_cache_forgets_a_call_the_office_moved_on(client, call, office_user, settings):
    from django.test import Client

    settings.PUBLIC_PAGE_CACHE = True
    assert "Geschlossen" in german_page(client, call.url)
    office = Client()
    office.force_login(office_user)
    advance(office, call, CallState.IN_EVALUATION)
    html = german_page(client, call.url)
    assert 'aria-current="step"' in html and "In Bewertung" in html.split('aria-current="step"')[1][:200]


def test_a_page_near_its_deadline_stays_out_of_the_public_page_cache(client, call, settings):
    from django.utils import timezone

    settings.PUBLIC_PAGE_CACHE = True
    CallPage.objects.filter(pk=call.pk).update(deadline=timezone.now() + timedelta(seconds=30))
    response = client.get(call.url)
    assert "private" in response.headers.get("Cache-Control", "")


# --- the admin ------------------------------------------------------------------------------------------


def admin_form(weights):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    return nested_form_data({
        "title": "Aufruf aus dem Admin", "slug": "aufruf-aus-dem-admin", "intro": "Kurz.",
        "text": rich_text("<p>Text</p>"), "eligibility": rich_text(""), "budget": "50000",
        "opens_at": "2019-12-02 09:00", "deadline": "2020-01-13 12:00",
        "criteria": inline_formset([
            {"name": name, "weight": weight, "scale_max": 5, "guide": ""} for name, weight in weights
        ]),
        "documents": inline_formset([]),
    })


@pytest.mark.parametrize("weights, saved", [([("Passung", 60), ("Kosten", 30)], False), ([("Passung", 100)], True)])
def test_the_admin_checks_the_weights_being_entered(client, call_index, weights, saved, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chefin", "chefin@example.org", "demo1234"))
    url = reverse("wagtailadmin_pages:add", args=("calls", "callpage", call_index.pk))
    response = client.post(url, admin_form(weights), HTTP_ACCEPT_LANGUAGE="de")
    created = CallPage.objects.filter(slug="aufruf-aus-dem-admin").first()
    assert (created is not None) == saved
    if not saved:
        assert "sie ergeben 90 %" in response.content.decode()
    else:
        assert created.deadline == DEADLINE, "entered as Berlin time"
        assert [(c.name, c.weight) for c in created.criteria.all()] == weights
