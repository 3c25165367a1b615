from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    """The bottom of the app stack: parts every app may use (StreamField blocks and their templates)."""

    name = "base"
    verbose_name = _("Shared parts")
