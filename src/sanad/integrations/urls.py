"""Web pages of integrations (included at the site root by sanad/urls.py)."""

app_name = "integrations"
urlpatterns: list = []
