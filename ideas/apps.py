from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas and concept papers")

    def ready(self):
        from django.db.models.signals import post_delete

        from ideas.board import events
        from ideas.models import Board

        # However a board goes (admin, its workshop page deleted), its open sockets are told.
        post_delete.connect(events.board_deleted, sender=Board, dispatch_uid="ideas.board_deleted")
