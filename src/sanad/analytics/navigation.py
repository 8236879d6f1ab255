"""The statistics pages in the navigation and as landing pages: the regulator lands on the national
dashboard, an institution officer on the institution's; open data is for everyone."""

from django.utils.translation import gettext_lazy as _

from sanad.accounts.constants import Role
from sanad.web.navigation import NavItem, register, register_landing

register(
    NavItem(_("Statistics"), "analytics:regulator", "bar-chart-line", (Role.REGULATOR, Role.ADMIN)),
    before="centres:licensing",
)
register(
    NavItem(_("Statistics"), "analytics:institution", "bar-chart-line", (Role.INSTITUTION_OFFICER,)),
    before="catalogue:console",
)
register(NavItem(_("Open data"), "analytics:open-data", "database", None, secondary=True))
register_landing(Role.REGULATOR, "analytics:regulator")
register_landing(Role.INSTITUTION_OFFICER, "analytics:institution")
