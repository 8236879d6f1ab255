from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "sanad.integrations"
    label = "integrations"
    verbose_name = _("Institution integration")

    def ready(self):
        from sanad.accounts.constants import Role
        from sanad.cases import workflow
        from sanad.cases.panels import register_banner
        from sanad.web.navigation import NavItem, register

        from . import handlers, panels

        workflow.register_effect(handlers.submit_on_transition)
        panels.register_panel()
        register_banner(panels.console_banners)
        register(NavItem(_("Inbox"), "integrations:inbox", "inbox", (Role.INSTITUTION_OFFICER,)))
