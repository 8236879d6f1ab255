"""Web pages of analytics (included at the site root by sanad/urls.py)."""

from django.urls import path

from .views import opendata, regulator

app_name = "analytics"
urlpatterns = [
    path("regulator/", regulator.dashboard, name="regulator"),
    path("open-data/", opendata.page, name="open-data"),
    path("open-data/<slug:slug>.<str:fmt>", opendata.dataset_file, name="open-data-file"),
]
