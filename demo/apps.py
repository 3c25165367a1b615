from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The top of the app stack: the demo content (fictional city Talstadt) and `manage.py load_demo`."""

    name = "demo"
