from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "sanad.web"
    label = "web"
    verbose_name = "Web"

    def ready(self):
        from django.contrib import admin

        # The admin site speaks as Sanad (templates/admin/base_site.html brings the colours and mark).
        admin.site.site_header = _("Sanad administration")
        admin.site.site_title = _("Sanad administration")
        admin.site.index_title = _("Records of the platform")
        admin.site.site_url = "/"
