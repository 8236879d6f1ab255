from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "sanad.analytics"
    label = "analytics"
    verbose_name = _("Statistics")

    def ready(self):
        from sanad.cases import workflow
        from sanad.payments import effects

        from . import services

        # The rollups change in the same transaction as the case or the payment (ARCHITECTURE.md).
        workflow.register_open_effect(services.stats_on_case_opened)
        workflow.register_effect(services.stats_on_transition)
        effects.register_payment_effect(services.stats_on_payment_succeeded)
        effects.register_refund_effect(services.stats_on_refund_issued)
        from . import navigation  # noqa: F401  (the regulator's and the owners' entries)
