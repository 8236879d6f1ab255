"""A licensed centre with staff and prices, and an open case, for the cases tests."""

import io
from datetime import date, timedelta

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import CitizenFactory, UserFactory
from sanad.catalogue.models import Service
from sanad.centres.constants import LicenceState, StaffRole
from sanad.centres.models import Centre, CentreService, Licence, StaffMembership
from sanad.geo.models import Wilayat

DL_RENEW = "ROP-DL-RENEW"
DL_FORM = {
    "civil_number": "12345678",
    "licence_number": "123456",
    "licence_class": "light",
    "renewal_years": "10",
    "blood_group": "o_pos",
    "mobile_number": "91234567",
}
# Minimal valid files, recognised by their content.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def upload(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def licensed_centre(
    *, name="مركز سند النموذجي", wilayat_code=None, services=(DL_RENEW,), fee=1500, state=LicenceState.ACTIVE
):
    wilayat = (
        Wilayat.objects.get(code=wilayat_code)
        if wilayat_code
        else Wilayat.objects.filter(governorate__code="OM-MA").first()
    )
    centre = Centre.objects.create(
        name_ar=name,
        name_en="Model Sanad Centre",
        wilayat=wilayat,
        address_ar="شارع السلطان قابوس",
        latitude=wilayat.latitude,
        longitude=wilayat.longitude,
        phone="+96824123456",
    )
    Licence.objects.create(
        centre=centre,
        number=f"SND-L-{centre.pk:05d}",
        state=state,
        applied_at="2025-01-01T08:00Z",
        issued_on=date.today() - timedelta(days=30),
        expires_on=date.today() + timedelta(days=335),
    )
    for code in services:
        CentreService.objects.create(centre=centre, service=Service.objects.get(code=code), centre_fee=fee)
    return centre


def staff(centre, role=StaffRole.CLERK, **kwargs):
    user = UserFactory(role=Role.CENTRE_STAFF, **kwargs)
    StaffMembership.objects.create(
        centre=centre, user=user, role=role, started_on=date.today() - timedelta(days=10), gender="female"
    )
    return user


def citizen(**kwargs):
    return CitizenFactory(**kwargs)


def open_walk_in(centre, clerk, person, **overrides):
    from sanad.cases.services import case_open

    arguments = {
        "actor": clerk,
        "centre": centre,
        "service": Service.objects.get(code=DL_RENEW),
        "citizen": person,
        "channel": "walk_in",
        "form_data": dict(DL_FORM),
        "government_fee": 20000,
    }
    arguments.update(overrides)
    return case_open(**arguments)


__all__ = ["EXE", "PDF", "PNG", "io"]


def pay_in_full(case, clerk):
    """Cash at the counter for what is still due (submission to the institution needs it)."""
    from sanad.payments.selectors import case_net_paid
    from sanad.payments.services.payments import payment_create

    case.refresh_from_db()
    due = case.total - max(case_net_paid(case).total, 0)
    return payment_create(case=case, actor=clerk, method="cash", amount=due) if due > 0 else None
