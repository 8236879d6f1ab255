from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from sanad.accounts.api import MeView, TokenView
from sanad.analytics import api as analytics_api
from sanad.api.errors import api_not_found
from sanad.audit import api as audit_api
from sanad.cases import api as cases_api
from sanad.catalogue import api as catalogue_api
from sanad.centres import api as centres_api
from sanad.feedback import api as feedback_api
from sanad.geo.api import GovernorateViewSet, WilayatViewSet
from sanad.integrations import api as integrations_api
from sanad.payments import api as payments_api
from sanad.queueing import api as queueing_api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("governorates", GovernorateViewSet, basename="governorate")
router.register("wilayats", WilayatViewSet, basename="wilayat")

# Each area's API module adds its viewsets to the router and may add plain views.
AREA_API_MODULES = [
    catalogue_api,
    centres_api,
    cases_api,
    payments_api,
    integrations_api,
    queueing_api,
    feedback_api,
    analytics_api,
    audit_api,
]
area_urlpatterns = []
for module in AREA_API_MODULES:
    module.register(router)
    area_urlpatterns += module.urlpatterns

app_name = "api"
urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    *area_urlpatterns,
    path("", include(router.urls)),
    # Anything else under /api/v1/ is a problem+json 404 (not a redirect, not an HTML page).
    re_path(r"^.*$", api_not_found, name="not-found"),
]
