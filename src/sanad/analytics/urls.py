"""Web pages of analytics (included at the site root by sanad/urls.py)."""

app_name = "analytics"
urlpatterns: list = []
