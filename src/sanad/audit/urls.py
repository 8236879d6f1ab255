"""Web pages of audit (included at the site root by sanad/urls.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from sanad.accounts.constants import Role
from sanad.web.navigation import NavItem, register

from . import portal, views

app_name = "audit"
urlpatterns: list = [
    path("regulator/audit/", views.trail, name="trail"),
    path("regulator/audit/export.csv", views.trail_export, name="trail-export"),
    path("my/data/", portal.my_data, name="my-data"),
    path("my/data/export/", portal.my_data_export, name="my-data-export"),
    path("my/data/consent/", portal.my_consent, name="my-consent"),
    path("my/data/correction/", portal.my_correction, name="my-correction"),
    path("my/data/erasure/", portal.my_erasure, name="my-erasure"),
    path(
        "my/data/erasure/<int:request_id>/withdraw/", portal.my_erasure_withdraw, name="my-erasure-withdraw"
    ),
    path("corrections/", portal.corrections, name="corrections"),
    path("corrections/<int:request_id>/", portal.correction_review, name="correction-review"),
]

register(NavItem(_("Audit trail"), "audit:trail", "shield-check", (Role.REGULATOR, Role.ADMIN)))
register(NavItem(_("My data"), "audit:my-data", "person-lock", (Role.CITIZEN,), secondary=True))
register(
    NavItem(
        _("Data corrections"), "audit:corrections", "pencil-square", (Role.REGULATOR, Role.ADMIN, Role.CENTRE_STAFF),
        secondary=True,
    )
)  # fmt: skip
