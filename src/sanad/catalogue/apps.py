from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "sanad.catalogue"
    label = "catalogue"
    verbose_name = _("Service catalogue")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import signals
        from .models import ServiceVersion

        post_save.connect(signals.version_saved, sender=ServiceVersion, dispatch_uid="catalogue-search-index")
        post_delete.connect(
            signals.version_deleted, sender=ServiceVersion, dispatch_uid="catalogue-search-unindex"
        )
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
        register(
            NavItem(
                _("Searches without results"),
                "catalogue:search-misses",
                "search",
                (Role.REGULATOR, Role.ADMIN, Role.INSTITUTION_OFFICER),
            ),
            before="admin:index",
        )
