"""Creates the office's role (calls/roles.py: Geschäftsstelle) like home/migrations/0002_roles.py creates the others.

The office reaches the admin (it will check and decide submissions there) but edits no pages by this role.
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICE = "Geschäftsstelle"
OFFICE_PERMISSIONS = [("wagtailadmin", "access_admin"), ("calls", "view_callstatechange")]


def create_office_role(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    office, _ = Group.objects.get_or_create(name=OFFICE)
    office.permissions.add(
        *[Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in OFFICE_PERMISSIONS]
    )


def remove_office_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=OFFICE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_office_role, remove_office_role)]
