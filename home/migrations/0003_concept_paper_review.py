"""Sets up the concept-paper review (ideas/review.py): the core group's workflow, on the index page if there is one.

A site without the index page yet gets the workflow now; the page assigns it to
itself when it is created (ConceptPaperIndexPage.save).
"""
from django.db import migrations

from ideas import review
from network import roles


def set_up(apps, schema_editor):
    index_page = apps.get_model("ideas", "ConceptPaperIndexPage").objects.first()
    review.set_up_review(apps, index_page)


def take_down(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name=roles.CORE_GROUP, permission__codename="publish_page",
        page__content_type__app_label="ideas", page__content_type__model="conceptpaperindexpage",
    ).delete()
    Workflow.objects.filter(name=review.WORKFLOW_NAME).delete()  # with its page assignments
    Task.objects.filter(name=review.TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_roles"),
        ("ideas", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(set_up, take_down)]
