"""Web pages of integrations (included at the site root by sanad/urls.py)."""

from django.urls import path

from . import views

app_name = "integrations"
urlpatterns = [
    path("institution/inbox/", views.inbox, name="inbox"),
    path("institution/inbox/<str:reference>/", views.inbox_case, name="inbox-case"),
    path("integrations/submissions/<int:submission_id>/resend/", views.resend, name="resend"),
]
