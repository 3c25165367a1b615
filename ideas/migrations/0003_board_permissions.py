"""Lets facilitators and editors create and configure boards in the admin (roles: network/roles.py)."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

FACILITATOR = "Moderation"
EDITOR = "Redaktion"
GRANTS = {
    FACILITATOR: ["add_board", "change_board", "view_board"],
    EDITOR: ["add_board", "change_board", "delete_board", "view_board"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("ideas")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="ideas", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="ideas", codename__endswith="_board")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0002_boards"),
        ("home", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
