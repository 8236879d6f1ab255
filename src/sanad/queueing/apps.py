from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueingConfig(AppConfig):
    name = "sanad.queueing"
    label = "queueing"
    verbose_name = _("Queue and appointments")

    def ready(self):
        from sanad.accounts.constants import Role
        from sanad.web.navigation import NavItem, register

        from . import messages  # noqa: F401  (registers the outbox handler)

        register(
            NavItem(_("Queue"), "queueing:console", "people", (Role.CENTRE_STAFF,)), before="centres:manage"
        )
