"""Web pages of feedback (included at the site root by sanad/urls.py): rating from the SMS link and
from the portal, complaints for citizens, centres and the regulator's desk, the quality index."""

from django.urls import path, re_path

from .views import centre, citizen, public, regulator

app_name = "feedback"
urlpatterns = [
    re_path(r"^r/(?P<token>[A-Za-z0-9_\-]{1,100})/?$", public.rate_by_link, name="rate-link"),
    path("quality/", public.formula_page, name="formula"),
    path("my/cases/<str:reference>/rating/", citizen.rate_case, name="rate-case"),
    path("my/complaints/", citizen.my_complaints, name="my-complaints"),
    path("my/complaints/new/", citizen.complaint_new, name="complaint-new"),
    path("my/complaints/<str:reference>/", citizen.complaint_page, name="my-complaint"),
    path(
        "complaints/<str:reference>/attachments/<int:attachment_id>/",
        public.attachment_download,
        name="attachment",
    ),
    path("centre/complaints/", centre.complaints, name="centre-complaints"),
    path("centre/complaints/<str:reference>/", centre.complaint_page, name="centre-complaint"),
    path("centre/complaints/<str:reference>/respond/", centre.respond, name="centre-respond"),
    path("centre/ratings/", centre.ratings, name="centre-ratings"),
    path("centre/quality/", centre.quality, name="centre-quality"),
    path("regulator/complaints/", regulator.desk, name="desk"),
    path("regulator/complaints/<str:reference>/", regulator.complaint_page, name="desk-complaint"),
    path("regulator/complaints/<str:reference>/act/", regulator.act, name="desk-act"),
    path("regulator/complaints/<str:reference>/refund/", regulator.refund, name="desk-refund"),
    path("regulator/complaints/<str:reference>/violation/", regulator.violation, name="desk-violation"),
    path("regulator/quality/", regulator.ranking, name="ranking"),
    path("regulator/ratings/", regulator.moderation, name="moderation"),
    path("regulator/ratings/<int:rating_id>/hide/", regulator.hide, name="hide"),
]
