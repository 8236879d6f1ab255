from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static import apps as otp_static_apps
from django_otp.plugins.otp_totp import apps as otp_totp_apps


class AccountsConfig(AppConfig):
    default = True
    name = "sanad.accounts"
    label = "accounts"
    verbose_name = _("Accounts")


class SanadAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with Sanad's site: only for accounts signed in with their code."""

    default = False
    default_site = "sanad.accounts.admin_site.SanadAdminSite"


# The sign-in libraries' own apps, named for the people who use the admin: their packages give English
# names (or none), so the admin index showed "Axes", "Knox", "Otp_Totp" and "TOTP devices" in Arabic.
# The model names are set on _meta when the app is ready (not in a Meta of ours: no migration changes).


def _name_models(app_config, names: dict) -> None:
    for model_name, (singular, plural) in names.items():
        meta = app_config.get_model(model_name)._meta
        meta.verbose_name, meta.verbose_name_plural = singular, plural


class AxesConfig(axes_apps.AppConfig):
    verbose_name = _("Sign-in protection")


class KnoxConfig(AppConfig):
    name = "knox"
    verbose_name = _("API sign-in")

    def ready(self):
        _name_models(self, {"AuthToken": (_("API token"), _("API tokens"))})


class OtpTotpConfig(otp_totp_apps.DefaultConfig):
    verbose_name = _("Two-factor sign-in: authenticator apps")

    def ready(self):
        super().ready()
        _name_models(self, {"TOTPDevice": (_("Authenticator app"), _("Authenticator apps"))})


class OtpStaticConfig(otp_static_apps.DefaultConfig):
    verbose_name = _("Two-factor sign-in: backup codes")

    def ready(self):
        super().ready()
        _name_models(
            self,
            {
                "StaticDevice": (_("Backup code set"), _("Backup code sets")),
                "StaticToken": (_("Backup code"), _("Backup codes")),
            },
        )
