"""Web pages of the cases area (included at the site root by sanad/urls.py): the centre console
under /centre/, the citizen portal under /my/cases/, public tracking at /track/, and the one door
to a case's files."""

from django.urls import path

from .views import centre, citizen, counter, public, supervision

app_name = "cases"
urlpatterns = [
    # Centre console (centre staff).
    path("centre/", centre.console, name="console"),
    path("centre/cases/new/", counter.case_new, name="centre-new"),
    path("centre/cases/new/citizen/", counter.citizen_lookup, name="centre-citizen"),
    path("centre/cases/new/services/", counter.service_options, name="centre-services"),
    path("centre/cases/new/form/", counter.service_form, name="centre-form"),
    path("centre/cases/new/fee/", counter.fee_preview_view, name="centre-fee"),
    path("centre/cases/<str:reference>/", centre.case_page, name="centre-case"),
    path("centre/cases/<str:reference>/act/", centre.case_act, name="centre-act"),
    path("centre/cases/<str:reference>/documents/", centre.document_add, name="centre-document"),
    path("centre/cases/<str:reference>/custody/", centre.custody_add, name="centre-custody"),
    path(
        "centre/cases/<str:reference>/custody/<int:item_id>/return/",
        centre.custody_return,
        name="centre-custody-return",
    ),
    path("centre/cases/<str:reference>/fee/", centre.fee_change, name="centre-fee-change"),
    # Citizen portal.
    path("my/cases/", citizen.my_cases, name="my-cases"),
    path("my/cases/new/", citizen.case_new, name="my-new"),
    path("my/cases/new/fee/", citizen.fee_preview_view, name="my-fee"),
    path("my/cases/<str:reference>/", citizen.case_page, name="my-case"),
    path("my/cases/<str:reference>/act/", citizen.case_act, name="my-act"),
    path("my/cases/<str:reference>/documents/", citizen.document_add, name="my-document"),
    # Public tracking, and files (for whoever may see the case).
    path("track/", public.track, name="track"),
    path("cases/", supervision.case_list, name="cases"),
    path("cases/<str:reference>/", supervision.case_page, name="case"),
    path("cases/<str:reference>/documents/<int:document_id>/", public.document_download, name="document"),
]
