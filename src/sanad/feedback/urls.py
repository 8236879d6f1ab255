"""Web pages of feedback (included at the site root by sanad/urls.py)."""

app_name = "feedback"
urlpatterns: list = []
