"""The statistics pages in the navigation (the landing pages are in sanad.web.navigation); open data
is for everyone."""

from django.utils.translation import gettext_lazy as _

from sanad.accounts.constants import Role
from sanad.web.navigation import NavItem, register

register(
    NavItem(_("Statistics"), "analytics:regulator", "bar-chart-line", (Role.REGULATOR, Role.ADMIN)),
    before="centres:licensing",
)
register(
    NavItem(_("Statistics"), "analytics:institution", "bar-chart-line", (Role.INSTITUTION_OFFICER,)),
    before="catalogue:console",
)
register(NavItem(_("Open data"), "analytics:open-data", "database", None, secondary=True))
