"""Web pages of queueing (included at the site root by sanad/urls.py)."""

app_name = "queueing"
urlpatterns: list = []
