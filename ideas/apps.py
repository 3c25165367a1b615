from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas and concept papers")

    def ready(self):
        from django.contrib.auth.models import User
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

        from ideas.board import events
        from ideas.models import Board
        from workshops.models import Registration

        # However a board goes (admin, its workshop page deleted), its open sockets are told.
        post_delete.connect(events.board_deleted, sender=Board, dispatch_uid="ideas.board_deleted")
        # However someone's access changes (registration cancelled, role taken away), their open sockets check it.
        post_save.connect(events.registration_changed, sender=Registration, dispatch_uid="ideas.registration_saved")
        post_delete.connect(events.registration_changed, sender=Registration, dispatch_uid="ideas.registration_deleted")
        m2m_changed.connect(events.roles_changed, sender=User.groups.through, dispatch_uid="ideas.roles_changed")
        pre_delete.connect(events.user_deleted, sender=User, dispatch_uid="ideas.user_deleted")

        # A past session's editor comes with the organisations on its boards preselected (workshops/attendance.py).
        from ideas.session_documentation import board_organisation_ids
        from workshops.attendance import register_organisation_source

        register_organisation_source(board_organisation_ids)
