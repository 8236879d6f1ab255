from datetime import date, timedelta

import factory
from django.utils import timezone

from sanad.accounts.constants import Gender, Role
from sanad.accounts.tests.factories import UserFactory
from sanad.centres.constants import LicenceState, StaffRole
from sanad.centres.models import Centre, CentreOwner, CentreService, Licence, OpeningPeriod, StaffMembership
from sanad.geo.models import Wilayat

BAWSHAR = (23.5600, 58.4000)


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    name_ar = factory.Sequence(lambda n: f"مركز تجريبي {n}")
    name_en = factory.Sequence(lambda n: f"Test centre {n}")
    wilayat = factory.LazyFunction(lambda: Wilayat.objects.get(code="OM-MA-BAWSHAR"))
    address_ar = "مبنى 1، بوشر"
    address_en = "Building 1, Bawshar"
    latitude = BAWSHAR[0]
    longitude = BAWSHAR[1]
    phone = "+96824123456"
    email = factory.Sequence(lambda n: f"centre{n}@example.om")
    counters = 2


def make_centre(
    *,
    state: str = LicenceState.ACTIVE,
    expires_in_days: int = 200,
    suspended_until: date | None = None,
    hours: dict | None = None,
    **fields,
) -> Centre:
    """A centre with a licence in `state` (active: issued, expiring in expires_in_days)."""
    centre = CentreFactory(**fields)
    today = timezone.localdate()
    licensed = state in (
        LicenceState.ACTIVE,
        LicenceState.SUSPENDED,
        LicenceState.EXPIRED,
        LicenceState.REVOKED,
    )
    Licence.objects.create(
        centre=centre,
        state=state,
        number=f"SC-T{centre.pk:05d}" if licensed else None,
        applied_at=timezone.now() - timedelta(days=400),
        issued_on=today - timedelta(days=365 - expires_in_days) if licensed else None,
        expires_on=today + timedelta(days=expires_in_days) if licensed else None,
        suspended_until=suspended_until,
        suspension_reason="سبب" if suspended_until else "",
    )
    for day, periods in (hours or {}).items():
        for opens, closes in periods:
            OpeningPeriod.objects.create(centre=centre, weekday=day, opens_minute=opens, closes_minute=closes)
    return centre


def add_owner(
    centre: Centre, *, civil_number: str = "90000001", user=None, age: int = 30, **fields
) -> CentreOwner:
    return CentreOwner.objects.create(
        centre=centre,
        user=user,
        full_name_ar=fields.pop("full_name_ar", "مالك المركز"),
        civil_number=civil_number,
        date_of_birth=timezone.localdate() - timedelta(days=age * 365 + 30),
        gender=Gender.FEMALE,
        is_omani=True,
        full_time=True,
        employed_elsewhere=False,
        is_primary=True,
        started_on=timezone.localdate() - timedelta(days=400),
        **fields,
    )


def staff_of(centre: Centre, role: str = StaffRole.CLERK, **user_fields) -> "UserFactory":
    user = UserFactory(role=Role.CENTRE_STAFF, **user_fields)
    StaffMembership.objects.create(
        centre=centre,
        user=user,
        role=role,
        started_on=timezone.localdate() - timedelta(days=30),
        gender=Gender.FEMALE,
        is_omani=True,
    )
    return user


def price(centre: Centre, service, fee: int) -> CentreService:
    return CentreService.objects.create(centre=centre, service=service, centre_fee=fee)


def owner_data(civil_number: str = "90000001", age: int = 30, **overrides) -> dict:
    return {
        "full_name_ar": "سالم بن علي الحارثي",
        "full_name_en": "Salim Ali Al Harthi",
        "civil_number": civil_number,
        "date_of_birth": (timezone.localdate() - timedelta(days=age * 365 + 30)).isoformat(),
        "gender": Gender.MALE,
        "is_omani": True,
        "full_time": True,
        "employed_elsewhere": False,
        **overrides,
    }
