from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from sanad.accounts.api import MeView, TokenView
from sanad.geo.api import GovernorateViewSet, WilayatViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("governorates", GovernorateViewSet, basename="governorate")
router.register("wilayats", WilayatViewSet, basename="wilayat")

app_name = "api"
urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
