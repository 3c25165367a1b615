"""Editors (Redaktion) may promote search results for frequent queries (Wagtail's search promotions)."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Redaktion"
PROMOTION_PERMISSIONS = ["add_searchpromotion", "change_searchpromotion", "delete_searchpromotion"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now.
    app_config = apps.get_app_config("wagtailsearchpromotions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _created = Group.objects.get_or_create(name=EDITOR)
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailsearchpromotions", codename__in=PROMOTION_PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editors in Group.objects.filter(name=EDITOR):
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="wagtailsearchpromotions", codename__in=PROMOTION_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_roles"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
