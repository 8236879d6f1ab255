from django.contrib import admin
from django.urls import include, path

from sanad.api.health import healthz, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api/v1/", include("sanad.api.urls")),
    path("admin/", admin.site.urls),
    path("", include("sanad.web.urls")),
    path("", include("sanad.catalogue.urls")),
    path("", include("sanad.centres.urls")),
    path("", include("sanad.payments.urls")),
    path("demo/gateway/", include("sanad.demo.gateway.urls")),
    path("demo/institutions/", include("sanad.demo.institutions.urls")),
    path("", include("sanad.integrations.urls")),
    path("", include("sanad.queueing.urls")),
    path("", include("sanad.feedback.urls")),
    path("", include("sanad.analytics.urls")),
    path("", include("sanad.audit.urls")),
    path("", include("sanad.cases.urls")),
]

handler404 = "sanad.web.views.errors.not_found"
handler500 = "sanad.web.views.errors.server_error"
handler403 = "sanad.web.views.errors.forbidden"
handler400 = "sanad.web.views.errors.bad_request"
