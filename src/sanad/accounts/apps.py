from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "sanad.accounts"
    label = "accounts"
    verbose_name = _("Accounts")


class SanadAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with Sanad's site: only for accounts signed in with their code."""

    default = False
    default_site = "sanad.accounts.admin_site.SanadAdminSite"
