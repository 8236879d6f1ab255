from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoInstitutionsConfig(AppConfig):
    name = "sanad.demo.institutions"
    label = "demo_institutions"
    verbose_name = _("Simulated institutions")

    def ready(self):
        from . import handlers  # noqa: F401  (the outbox handler that sends decisions back)
