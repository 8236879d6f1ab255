from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sanad.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from sanad.accounts.constants import Role
        from sanad.web.navigation import NavItem, register

        from . import checks, services  # noqa: F401  (the system check; the workflow's own guards)

        register(
            NavItem(_("My transactions"), "cases:my-cases", "folder2-open", (Role.CITIZEN,)),
            before="web:dashboard",
        )
        register(NavItem(_("Track a transaction"), "cases:track", "search", None), before="web:dashboard")
        register(
            NavItem(
                _("Transactions"),
                "cases:cases",
                "journal-text",
                (Role.REGULATOR, Role.ADMIN, Role.INSTITUTION_OFFICER),
            ),
            before="web:dashboard",
        )
