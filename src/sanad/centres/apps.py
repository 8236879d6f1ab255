from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    name = "sanad.centres"
    label = "centres"
    verbose_name = _("Centres and licensing")

    def ready(self):
        from sanad.accounts.constants import Role
        from sanad.web.navigation import NavItem, register

        register(NavItem(_("Find a centre"), "centres:find", "geo-alt", None), before="web:dashboard")
        register(NavItem(_("My centre"), "analytics:centre", "shop", (Role.CENTRE_STAFF,)))
        register(NavItem(_("Licensing"), "centres:licensing", "patch-check", (Role.REGULATOR,)))
