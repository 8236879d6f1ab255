from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "sanad.catalogue"
    label = "catalogue"
    verbose_name = _("Service catalogue")

    def ready(self):
        from sanad.accounts.constants import Role
        from sanad.web.navigation import NavItem, register

        register(NavItem(_("Services"), "catalogue:services", "grid-3x3-gap", None), before="web:dashboard")
        register(
            NavItem(_("Institution console"), "catalogue:console", "building", (Role.INSTITUTION_OFFICER,)),
            before="admin:index",
        )
        register(
            NavItem(_("Fee caps"), "catalogue:caps", "sliders", (Role.REGULATOR, Role.ADMIN)),
            before="admin:index",
        )
