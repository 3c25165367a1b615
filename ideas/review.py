"""The concept-paper review: no concept paper goes live without the core group's approval.

Three parts, all of them Wagtail's own machinery:

- the review workflow ("Prüfung durch die Bündniskerngruppe", one GroupApprovalTask
  for the core group) is assigned to the concept paper index page, so editors submit
  papers to it instead of publishing them;
- the core group holds Wagtail's publish permission on that section, which approving
  needs (approving the last task publishes the page as the approver);
- `ReviewedSectionPermissionTester`: in the concept-paper section, a publish permission
  counts only where it is granted on the section itself. The editors' publish permission
  on the whole site therefore stops at it, on the server: every way of publishing
  (the editor's publish button, creating and publishing in one go, bulk publishing,
  copying or moving live pages into it, the admin API) asks this tester.

`set_up_review` creates the first two; a data migration runs it for an existing index
page and `ConceptPaperIndexPage.save` for a new one.
"""
from wagtail.models import PagePermissionTester

from network import roles

WORKFLOW_NAME = "Prüfung durch die Bündniskerngruppe"
TASK_NAME = "Freigabe durch die Bündniskerngruppe"
PUBLISH = "publish"


class ReviewedSectionPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, except that publishing in the section needs a grant inside it.

    `section_depth` is the depth of the section's top page (the concept paper index), None
    for a page not saved yet.
    """

    def __init__(self, user, page, section_depth):
        super().__init__(user, page)
        # Superusers and inactive users have no `permissions`; Wagtail decides for them.
        if PUBLISH in getattr(self, "permissions", ()) and not self._publish_granted_in_section(section_depth):
            self.permissions = self.permissions - {PUBLISH}

    def _publish_granted_in_section(self, section_depth):
        return section_depth is not None and any(
            grant.permission.codename == "publish_page"
            and grant.page.depth >= section_depth
            and self.page.path.startswith(grant.page.path)
            for grant in self.permission_policy.get_cached_permissions_for_user(self.user)
        )


def set_up_review(apps, index_page):
    """The review workflow on the concept paper index page, and the core group's publish permission there.

    Creates only what is missing and never replaces a workflow someone assigned to the
    page. `apps` is a model registry (django.apps.apps, or a migration's): this runs in
    a data migration too, so it reaches every model through it.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    core_group, _created = Group.objects.get_or_create(name=roles.CORE_GROUP)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
        # Set by hand: a migration's models do not fill in a task's type themselves.
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=ContentType.objects.get_for_model(GroupApprovalTask)
        )
        task.groups.add(core_group)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if index_page is None:
        return
    WorkflowPage.objects.get_or_create(page_id=index_page.pk, defaults={"workflow": workflow})
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    GroupPagePermission.objects.get_or_create(group=core_group, page_id=index_page.pk, permission=publish)
