"""Wagtail admin hooks of the whole site (the apps' own admin parts are in their wagtail_hooks.py)."""
from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail import hooks


@hooks.register("before_edit_page")
def show_requested_changes(request, page):
    """The editor sees the reviewers' request for changes first thing.

    Wagtail keeps the comment in the workflow's history and sends it by email; here it
    is also shown at the top of the page's editor while the changes are outstanding.
    """
    workflow_state = page.current_workflow_state
    if request.method != "GET" or workflow_state is None:
        return None
    task_state = workflow_state.current_task_state
    if workflow_state.status != workflow_state.STATUS_NEEDS_CHANGES or task_state is None:
        return None
    reviewer = task_state.finished_by
    name = (reviewer.get_full_name() or reviewer.get_username()) if reviewer else _("The reviewers")
    comment = task_state.specific.get_comment()
    if comment:
        message = _("%(name)s requested changes: “%(comment)s”") % {"name": name, "comment": comment}
    else:
        message = _("%(name)s requested changes.") % {"name": name}
    messages.warning(request, message)
    return None
