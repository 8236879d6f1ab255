"""Web pages of this area (included at the site root by sanad/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "catalogue"
urlpatterns: list = []
