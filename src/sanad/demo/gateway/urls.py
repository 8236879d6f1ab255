from django.urls import path

from . import views

app_name = "demo_gateway"
urlpatterns = [
    path("pay/<str:reference>/", views.page, name="page"),
    path("api/sessions/<str:reference>/", views.status_api, name="status"),
]
