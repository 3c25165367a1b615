"""Creates the network's roles (network/roles.py) as groups with their permissions across the site.

Permissions are normally created after all migrations ran; they are created
here first so that a fresh database gets the roles in one `migrate`.
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations

MEMBER = "Netzwerkmitglieder"
FACILITATOR = "Moderation"
EDITOR = "Redaktion"
CORE_GROUP = "Bündniskerngruppe"

PAGE_PERMISSIONS_FOR_EDITORS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS_FOR_EDITORS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}
MODEL_PERMISSIONS = {
    FACILITATOR: [("wagtailadmin", "admin", "access_admin"), ("workshops", "registration", "view_registration")],
    EDITOR: [
        ("wagtailadmin", "admin", "access_admin"),
        ("workshops", "registration", "view_registration"),
        ("home", "sitesettings", "change_sitesettings"),
        *[
            (app, model, f"{action}_{model}")
            for app, model in [
                ("network", "organisation"), ("network", "contactperson"),
                ("network", "buildingblock"), ("network", "targetgroup"),
            ]
            for action in ("add", "change", "delete", "view")
        ],
    ],
    CORE_GROUP: [("wagtailadmin", "admin", "access_admin")],
    MEMBER: [],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    grant_permissions_to_roles(apps)


def grant_permissions_to_roles(apps):
    """The roles and their permissions; `apps` may also be the real registry (browser tests restore them so)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    for name, grants in MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[permission(app, codename) for app, _model, codename in grants])

    editors = Group.objects.get(name=EDITOR)
    root_page = Page.objects.filter(depth=1).first()
    for codename in PAGE_PERMISSIONS_FOR_EDITORS:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root_page, permission=permission("wagtailcore", codename)
        )
    root_collection = Collection.objects.filter(depth=1).first()
    for app_label, codenames in COLLECTION_PERMISSIONS_FOR_EDITORS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=root_collection, permission=permission(app_label, codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[MEMBER, FACILITATOR, EDITOR, CORE_GROUP]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("network", "0001_initial"),
        ("ideas", "0001_initial"),
        ("workshops", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
