"""Web pages of audit (included at the site root by sanad/urls.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from sanad.accounts.constants import Role
from sanad.web.navigation import NavItem, register

from . import views

app_name = "audit"
urlpatterns: list = [
    path("regulator/audit/", views.trail, name="trail"),
    path("regulator/audit/export.csv", views.trail_export, name="trail-export"),
]

register(NavItem(_("Audit trail"), "audit:trail", "shield-check", (Role.REGULATOR, Role.ADMIN)))
