from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sanad.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from . import recorder

        recorder.connect()
        from django.db.models.signals import post_migrate

        from . import triggers

        post_migrate.connect(triggers.on_post_migrate, sender=self, dispatch_uid="sanad.audit.triggers")
        from . import panels

        panels.register_panel()
