"""Web pages of analytics (included at the site root by sanad/urls.py)."""

from django.urls import path

from .views import business, opendata, regulator

app_name = "analytics"
urlpatterns = [
    path("regulator/", regulator.dashboard, name="regulator"),
    path("centre/manage/", business.centre_dashboard, name="centre"),
    path("institution/", business.institution_dashboard, name="institution"),
    path("open-data/", opendata.page, name="open-data"),
    path("open-data/<slug:slug>.<str:fmt>", opendata.dataset_file, name="open-data-file"),
]
