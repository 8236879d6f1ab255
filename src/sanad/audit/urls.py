"""Web pages of audit (included at the site root by sanad/urls.py)."""

app_name = "audit"
urlpatterns: list = []
