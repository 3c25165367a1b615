"""The concept-paper review in a real browser: the editor submits in the Wagtail admin, the core group
approves or requests changes from its dashboard, and only then does the paper go live."""
import re

import pytest
from django.core import mail

from network import roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBMIT = "In Prüfung durch die Bündniskerngruppe einreichen"


@pytest.fixture
def people(roles_with_permissions, make_user):
    editor = make_user("redaktion", roles.EDITOR, roles.MEMBER)
    reviewer = make_user("kerngruppe", roles.CORE_GROUP, roles.MEMBER)
    for user, (first, last) in ((editor, ("Tobias", "Lange")), (reviewer, ("Thomas", "Riedel"))):
        user.first_name, user.last_name = first, last
        user.save()
    return {"editor": editor, "reviewer": reviewer}


def open_editor(page, paper):
    page.goto(f"/admin/pages/{paper.pk}/edit/")
    return page.get_by_role("textbox", name="Zusammenfassung")


def footer_actions(page):
    page.get_by_role("button", name="Mehr Aktionen").click()
    return [text.strip() for text in page.locator("footer").get_by_role("button").all_inner_texts()]


def submit_for_review(page, paper, summary):
    open_editor(page, paper).fill(summary)
    actions = footer_actions(page)
    assert SUBMIT in actions and not [action for action in actions if "Veröffentlichen" in action]
    page.locator("footer").get_by_role("button", name=SUBMIT).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))  # back in the section's listing


def review_actions_on_dashboard(page, paper):
    page.goto("/admin/")
    row = page.get_by_role("region", name="Ihre Überprüfung steht aus").get_by_role("row").filter(has_text=paper.title)
    row.get_by_role("button", name="Aktionen").click()
    return row


def public_text(page, paper):
    page.goto(paper.url)
    return page.locator("main").inner_text()


def test_a_submitted_paper_goes_live_when_the_core_group_approves_it(browse, site_tree, people):
    paper = site_tree["paper"]
    editor = browse("redaktion")
    submit_for_review(editor, paper, "Neu: mit Prüfungsvorbereitung am Berufskolleg.")
    visitor = browse()
    assert "Neu: mit Prüfungsvorbereitung" not in public_text(visitor, paper), "not live before approval"

    reviewer = browse("kerngruppe")
    row = review_actions_on_dashboard(reviewer, paper)
    row.get_by_role("button", name="Freigeben", exact=True).click()
    reviewer.get_by_role("region", name="Ihre Überprüfung steht aus").wait_for(state="detached")  # nothing left

    assert "Neu: mit Prüfungsvorbereitung am Berufskolleg." in public_text(visitor, paper)


def test_the_editor_sees_the_changes_the_core_group_asks_for(browse, site_tree, people):
    paper = site_tree["paper"]
    editor = browse("redaktion")
    submit_for_review(editor, paper, "Neu: mit Prüfungsvorbereitung am Berufskolleg.")
    mail.outbox.clear()

    reviewer = browse("kerngruppe")
    row = review_actions_on_dashboard(reviewer, paper)
    row.get_by_role("button", name="Änderungen anfordern").click()
    dialog = reviewer.get_by_role("dialog")
    dialog.get_by_label("Kommentar").fill("Bitte die Finanzierung der Werkstattplätze ergänzen.")
    dialog.get_by_role("button", name="Änderungen anfordern").click()
    reviewer.get_by_role("region", name="Ihre Überprüfung steht aus").wait_for(state="detached")

    open_editor(editor, paper)
    notice = editor.get_by_text("Thomas Riedel hat Änderungen angefordert")
    assert "„Bitte die Finanzierung der Werkstattplätze ergänzen.“" in notice.inner_text()
    [message] = [message for message in mail.outbox if message.to == [people["editor"].email]]
    assert "Bitte die Finanzierung der Werkstattplätze ergänzen." in message.body
    assert "Neu: mit Prüfungsvorbereitung" not in public_text(browse(), paper)


def test_an_editor_cannot_publish_a_concept_paper_directly(browse, site_tree, people):
    paper = site_tree["paper"]
    editor = browse("redaktion")
    open_editor(editor, paper).fill("Direkt veröffentlicht?")
    assert not [action for action in footer_actions(editor) if "Veröffentlichen" in action]

    # Trying anyway: the publish request the button would send, added to the form by hand.
    editor.evaluate(
        """() => {
            const form = document.querySelector('form[method="POST"][action$="/edit/"]')
                || document.querySelector('footer').closest('form');
            const field = Object.assign(document.createElement('input'), {type: 'hidden', name: 'action-publish', value: '1'});
            form.append(field);
        }"""
    )
    editor.get_by_role("button", name="Entwurf speichern").click()
    editor.wait_for_load_state()

    assert "Direkt veröffentlicht?" not in public_text(browse(), paper)
    paper.refresh_from_db()
    assert paper.get_latest_revision().as_object().summary == "Direkt veröffentlicht?", "saved as a draft instead"
