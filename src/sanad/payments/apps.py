from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "sanad.payments"
    label = "payments"
    verbose_name = _("Payments and receipts")

    def ready(self):
        from sanad.accounts.constants import Role
        from sanad.cases import workflow
        from sanad.cases.services import register_fee_change_effect
        from sanad.web.navigation import NavItem, register

        from . import handlers, panels  # noqa: F401  (outbox handlers; the case page's panel)
        from .services import case_refund_on_end, guard_paid
        from .services.refunds import case_refund_overpaid

        workflow.register_guard("paid", guard_paid)
        workflow.register_effect(case_refund_on_end)
        register_fee_change_effect(case_refund_overpaid)
        panels.register_panel()
        register(NavItem(_("Cash drawer"), "payments:cash", "cash-stack", (Role.CENTRE_STAFF,)))
        from .selectors import is_manager

        register(
            NavItem(_("Settlement"), "payments:settlement", "bank", (Role.CENTRE_STAFF,), visible=is_manager)
        )
        register(
            NavItem(_("Settlement"), "payments:regulator-settlement", "bank", (Role.REGULATOR, Role.ADMIN)),
            before="admin:index",
        )
