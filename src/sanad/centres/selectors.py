"""Reads for centres and licensing. Tenancy (who sees which centre) is decided here only."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.accounts.constants import Role
from sanad.core.errors import NotFound, PermissionDenied

from . import hours as hours_lib
from .constants import (
    APPLICATION_STATES,
    MANAGING_ROLES,
    WEEK_ORDER,
    WORKING_WEEKDAYS,
    InspectionKind,
    LicenceState,
    StaffRole,
)
from .geometry import bounding_box, haversine_km
from .licensing import effective_state
from .models import (
    Centre,
    CentreOwner,
    CentreService,
    HoursException,
    Inspection,
    Licence,
    OpeningPeriod,
    PublicHoliday,
    StaffMembership,
    Violation,
)


def local_today() -> date:
    return timezone.localdate()


# --- Calendar (reused by the cases area for working days) ----------------------------------------


def holiday_name(day: date) -> str | None:
    holiday = PublicHoliday.objects.filter(date=day).first()
    return holiday.name if holiday else None


def is_public_holiday(day: date) -> bool:
    return PublicHoliday.objects.filter(date=day).exists()


def is_working_day(day: date) -> bool:
    """Sunday to Thursday, and not a public holiday."""
    return day.weekday() in WORKING_WEEKDAYS and not is_public_holiday(day)


def public_holidays(start: date, end: date) -> QuerySet[PublicHoliday]:
    return PublicHoliday.objects.filter(date__gte=start, date__lte=end)


# --- Licence status -------------------------------------------------------------------------------


def licence_state_today(licence: Licence, today: date | None = None) -> str:
    return effective_state(
        licence.state,
        expires_on=licence.expires_on,
        suspended_until=licence.suspended_until,
        today=today or local_today(),
    )


def _operating_q(today: date, prefix: str = "licence__") -> Q:
    """Licensed today: active and not expired, or suspended with the suspension already over."""
    in_term = Q(**{f"{prefix}expires_on__gte": today})
    return in_term & (
        Q(**{f"{prefix}state": LicenceState.ACTIVE})
        | Q(**{f"{prefix}state": LicenceState.SUSPENDED, f"{prefix}suspended_until__lt": today})
    )


def centre_can_open_cases(centre: Centre, today: date | None = None) -> bool:
    """Only a centre whose licence is in force (not expired, suspended or revoked) opens cases."""
    licence = Licence.objects.filter(centre_id=centre.pk).first()
    return licence is not None and licence_state_today(licence, today) == LicenceState.ACTIVE


def centres_public(today: date | None = None) -> QuerySet[Centre]:
    """Centres the public can find: licensed today."""
    return (
        Centre.objects.filter(_operating_q(today or local_today()))
        .select_related("wilayat__governorate", "licence")
        .order_by("id")
    )


def centre_public(centre_id: int) -> Centre:
    centre = centres_public().filter(pk=centre_id).first()
    if centre is None:
        raise NotFound(_("This centre does not exist or is not open to the public."))
    return centre


# --- Tenancy --------------------------------------------------------------------------------------


def _active_membership_q(today: date) -> Q:
    return Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gt=today))


def staff_membership(user) -> StaffMembership | None:
    """The active membership of a clerk, manager or owner (its centre and role), or None."""
    if user is None or not user.is_authenticated:
        return None
    return (
        StaffMembership.objects.filter(_active_membership_q(local_today()), user_id=user.pk)
        .select_related("centre__wilayat__governorate", "centre__licence")
        .order_by("-started_on", "-id")
        .first()
    )


def staff_centre_id(user) -> int | None:
    """The centre of a person's active membership, in one light query (for hot paths such as the
    queue's call-next); the same rule as staff_membership."""
    if user is None or not user.is_authenticated:
        return None
    return (
        StaffMembership.objects.filter(_active_membership_q(local_today()), user_id=user.pk)
        .order_by("-started_on", "-id")
        .values_list("centre_id", flat=True)
        .first()
    )


def centres_visible_to(user) -> QuerySet[Centre]:
    """The regulator and administrators see every centre; staff their own; everyone else the public list."""
    base = Centre.objects.select_related("wilayat__governorate", "licence")
    if user is not None and user.is_authenticated:
        if user.role in (Role.REGULATOR, Role.ADMIN):
            return base.order_by("id")
        if user.role == Role.CENTRE_STAFF:
            membership = staff_membership(user)
            return base.filter(pk=membership.centre_id if membership else None)
    return centres_public()


def centre_for_staff(user, centre_id: int | None = None, *, manage: bool = False) -> tuple[Centre, str]:
    """The user's own centre (404 for any other: never reveal another centre) and their role there.
    With manage=True a clerk gets 403: hours, prices and staff are the manager's and owner's."""
    membership = staff_membership(user)
    if membership is None or (centre_id is not None and membership.centre_id != int(centre_id)):
        raise NotFound(_("Centre not found."))
    if manage and membership.role not in MANAGING_ROLES:
        raise PermissionDenied(_("Only the centre's manager or owner can do this."))
    return membership.centre, membership.role


# --- Hours ----------------------------------------------------------------------------------------


def _weekly(periods) -> dict[int, list[tuple[int, int]]]:
    weekly: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for period in periods:
        weekly[period.weekday].append((period.opens_minute, period.closes_minute))
    return weekly


def centre_week(centre: Centre) -> list[dict]:
    """The weekly hours, Sunday first: [{weekday, label, periods: ['07:30–13:30', …]}]."""
    from .constants import Weekday

    weekly = _weekly(centre.periods.all())
    return [
        {
            "weekday": day,
            "label": Weekday(day).label,
            "periods": [
                (hours_lib.format_minutes(o), hours_lib.format_minutes(c))
                for o, c in sorted(weekly.get(day, []))
            ],
        }
        for day in WEEK_ORDER
    ]


def centre_hours_on(centre: Centre, day: date) -> hours_lib.DayHours:
    exceptions = list(centre.hour_exceptions.filter(starts_on__lte=day, ends_on__gte=day))
    return hours_lib.hours_on(
        day, weekly=_weekly(centre.periods.all()), exceptions=exceptions, holiday_name=holiday_name(day)
    )


def centre_is_open_at(centre: Centre, moment: datetime) -> bool:
    local = timezone.localtime(moment)
    day = centre_hours_on(centre, local.date())
    minute = local.hour * 60 + local.minute
    return any(o <= minute < c for o, c in day.periods)


def centre_exceptions_upcoming(centre: Centre, today: date | None = None) -> QuerySet[HoursException]:
    return centre.hour_exceptions.filter(ends_on__gte=today or local_today()).order_by("starts_on")


def centre_ids_open_at(moment: datetime, queryset: QuerySet[Centre] | None = None) -> set[int]:
    """Ids of the centres (of queryset) open at this moment, in Muscat time."""
    local = timezone.localtime(moment)
    day, minute = local.date(), local.hour * 60 + local.minute
    exceptions = HoursException.objects.filter(starts_on__lte=day, ends_on__gte=day)
    if queryset is not None:
        exceptions = exceptions.filter(centre__in=queryset.values("pk"))
    by_centre: dict[int, list] = defaultdict(list)
    for exception in exceptions:
        by_centre[exception.centre_id].append(exception)
    open_ids = {
        centre_id
        for centre_id, items in by_centre.items()
        if any(
            o <= minute < c
            for o, c in hours_lib.hours_on(day, weekly={}, exceptions=items, holiday_name=None).periods
        )
    }
    if not is_public_holiday(day):
        weekly = OpeningPeriod.objects.filter(
            weekday=day.weekday(), opens_minute__lte=minute, closes_minute__gt=minute
        ).exclude(centre_id__in=list(by_centre))
        if queryset is not None:
            weekly = weekly.filter(centre__in=queryset.values("pk"))
        open_ids.update(weekly.values_list("centre_id", flat=True))
    return open_ids


# --- Search and nearest ---------------------------------------------------------------------------


def centres_search(
    *,
    governorate: str | None = None,
    wilayat: str | None = None,
    service: str | None = None,
    open_at: datetime | None = None,
    queryset: QuerySet[Centre] | None = None,
) -> QuerySet[Centre]:
    """Public search: governorate / wilayat codes, a service code offered, open at a moment."""
    qs = centres_public() if queryset is None else queryset
    if governorate:
        qs = qs.filter(wilayat__governorate__code=governorate)
    if wilayat:
        qs = qs.filter(wilayat__code=wilayat)
    if service:
        qs = qs.filter(
            Exists(
                CentreService.objects.filter(
                    centre=OuterRef("pk"), service__code=service, service__current_version__status="published"
                )
            )
        )
    if open_at is not None:
        qs = qs.filter(pk__in=centre_ids_open_at(open_at, qs))
    return qs


# The nearest-centre query starts with a box of this radius (a town) and widens only when needed.
FIRST_RADIUS_KM = 15.0
WHOLE_COUNTRY_KM = 2500.0


def centres_nearest(
    latitude: float, longitude: float, *, queryset: QuerySet[Centre], limit: int | None = None
) -> list[tuple[int, float]]:
    """(centre id, km) of the `limit` nearest centres of queryset, nearest first (ties by id).

    A bounding box in SQL, exact distances in Python. Every point within r km lies inside the box of
    radius r, so once the box holds `limit` centres within r km, no centre outside it is nearer.
    When it does not, the k-th nearest centre found so far bounds the answer: the next box uses its
    distance (or four times the radius when the box held fewer than `limit`): two queries at most
    wherever centres are dense."""
    if limit is None:
        return _ranked(queryset.values_list("pk", "latitude", "longitude"), latitude, longitude)
    if limit <= 0:
        return []
    radius = FIRST_RADIUS_KM
    while True:
        lat_min, lat_max, lon_min, lon_max = bounding_box(latitude, longitude, radius)
        rows = queryset.filter(
            latitude__gte=lat_min, latitude__lte=lat_max, longitude__gte=lon_min, longitude__lte=lon_max
        ).values_list("pk", "latitude", "longitude")
        ranked = _ranked(rows, latitude, longitude)
        within = [row for row in ranked if row[1] <= radius]
        if len(within) >= limit or radius >= WHOLE_COUNTRY_KM:
            return (within if len(within) >= limit else ranked)[:limit]
        radius = min(WHOLE_COUNTRY_KM, ranked[limit - 1][1] if len(ranked) >= limit else radius * 4)


def _ranked(rows, latitude: float, longitude: float) -> list[tuple[int, float]]:
    distances = [(pk, haversine_km(latitude, longitude, lat, lon)) for pk, lat, lon in rows]
    distances.sort(key=lambda item: (item[1], item[0]))
    return distances


@dataclass
class NearestResults:
    """A lazily ranked, sliceable sequence of centres by distance (for pagination): counting costs
    one query; a page costs one nearest-query for the centres up to that page."""

    queryset: QuerySet[Centre]
    latitude: float
    longitude: float

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start, stop = item.start or 0, item.stop
        ranked = centres_nearest(self.latitude, self.longitude, queryset=self.queryset, limit=stop)[
            start:stop
        ]
        by_id = self.queryset.in_bulk([pk for pk, _ in ranked])
        result = []
        for pk, km in ranked:
            centre = by_id[pk]
            centre.distance_km = km
            result.append(centre)
        return result


# --- Prices ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeQuote:
    """What the centre charges now: its price, unless the current cap is lower (then flagged)."""

    fee: int
    price: int
    cap: int
    flagged: bool


def current_cap(service) -> int | None:
    """The centre fee cap of the service's current published version (None: not offered now)."""
    version = service.current_version
    if version is None or version.status != "published":
        return None
    return version.centre_fee_cap


def centre_fee_for(centre: Centre, service) -> FeeQuote:
    """The centre fee charged now for this service at this centre: min(price, current cap)."""
    price = (
        CentreService.objects.select_related("service__current_version")
        .filter(centre_id=centre.pk, service_id=service.pk)
        .first()
    )
    cap = current_cap(price.service) if price else None
    if price is None or cap is None:
        raise NotFound(_("This centre does not offer this service."))
    return FeeQuote(
        fee=min(price.centre_fee, cap), price=price.centre_fee, cap=cap, flagged=price.centre_fee > cap
    )


def centre_prices(centre: Centre, *, published_only: bool = True) -> list[CentreService]:
    """The centre's price list, each row annotated with .cap, .fee (charged now) and .flagged."""
    rows = (
        CentreService.objects.filter(centre_id=centre.pk)
        .select_related("service__current_version", "service__institution")
        .order_by("service__code")
    )
    result = []
    for row in rows:
        row.cap = current_cap(row.service)
        if row.cap is None and published_only:
            continue
        row.flagged = row.cap is not None and row.centre_fee > row.cap
        row.fee = min(row.centre_fee, row.cap) if row.cap is not None else row.centre_fee
        result.append(row)
    return result


def prices_flagged(queryset: QuerySet[CentreService] | None = None) -> QuerySet[CentreService]:
    """Prices above the cap of the current published version (after the regulator lowered it)."""
    qs = CentreService.objects.all() if queryset is None else queryset
    return qs.filter(
        service__current_version__status="published",
        centre_fee__gt=F("service__current_version__centre_fee_cap"),
    )


def services_offerable():
    """Services a centre can price now (with a published version), for forms and filters."""
    from sanad.catalogue.models import Service

    return (
        Service.objects.filter(current_version__status="published")
        .select_related("current_version", "institution")
        .order_by("code")
    )


# --- Staff ----------------------------------------------------------------------------------------


def centre_staff(centre: Centre, today: date | None = None) -> QuerySet[StaffMembership]:
    return (
        StaffMembership.objects.filter(_active_membership_q(today or local_today()), centre_id=centre.pk)
        .select_related("user")
        .order_by("role", "user__full_name_ar", "id")
    )


def jobs_statistics(today: date | None = None) -> dict:
    """Active jobs in centres: total, women, Omani nationals (for the regulator's statistics)."""
    qs = StaffMembership.objects.filter(_active_membership_q(today or local_today()))
    return qs.aggregate(
        total=Count("id"),
        women=Count("id", filter=Q(gender="female")),
        omani=Count("id", filter=Q(is_omani=True)),
    )


def centre_owners(centre: Centre) -> QuerySet[CentreOwner]:
    return centre.owners.filter(ended_on__isnull=True)


# --- Licensing console ----------------------------------------------------------------------------


def licences_for_regulator() -> QuerySet[Licence]:
    return Licence.objects.select_related("centre__wilayat__governorate", "applicant").order_by("id")


def licence_for_regulator(licence_id: int) -> Licence:
    licence = licences_for_regulator().filter(pk=licence_id).first()
    if licence is None:
        raise NotFound(_("Licence not found."))
    return licence


def licence_actor_kinds(user, licence: Licence) -> set[str]:
    """Who `user` is to this licence in the lifecycle table (licensing.py): regulator, applicant,
    owner (the system, for no user)."""
    from sanad.accounts.constants import Role

    from .constants import Actor, StaffRole

    if user is None:
        return {Actor.SYSTEM}
    kinds = set()
    if user.role == Role.REGULATOR:
        kinds.add(Actor.REGULATOR)
    if licence.applicant_id == user.pk:
        kinds.add(Actor.APPLICANT)
    membership = staff_membership(user)
    if membership and membership.centre_id == licence.centre_id and membership.role == StaffRole.OWNER:
        kinds.add(Actor.OWNER)
    return kinds


def licence_visible(user, licence: Licence) -> bool:
    """The regulator sees every licence; its applicant and its centre's manager and owners see it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if licence_actor_kinds(user, licence):
        return True
    membership = staff_membership(user)
    return bool(
        membership and membership.centre_id == licence.centre_id and membership.role in MANAGING_ROLES
    )


def licence_for(user, licence_id: int) -> Licence:
    """The licence if `user` may see it; anyone else's is a 404, like a missing one."""
    licence = licences_for_regulator().filter(pk=licence_id).first()
    if licence is None or not licence_visible(user, licence):
        raise NotFound(_("Licence not found."))
    return licence


def licence_actions_for(user, licence: Licence) -> list[str]:
    """The lifecycle actions this caller may take now (the applicant and a manager: none)."""
    from .licensing import actions_from

    return actions_from(licence_state_today(licence), licence_actor_kinds(user, licence))


def licence_applications_of(user) -> QuerySet[Licence]:
    """The licences a person applied for (their own, whatever their state)."""
    return Licence.objects.filter(applicant=user).select_related("centre__wilayat")


def licences_in_application() -> QuerySet[Licence]:
    return licences_for_regulator().filter(state__in=APPLICATION_STATES).order_by("applied_at", "id")


def licences_expiring(within_days: int, today: date | None = None) -> QuerySet[Licence]:
    today = today or local_today()
    return (
        licences_for_regulator()
        .filter(_operating_q(today, prefix=""), expires_on__lte=today + timedelta(days=within_days))
        .order_by("expires_on", "id")
    )


def licences_expired(today: date | None = None) -> QuerySet[Licence]:
    today = today or local_today()
    return (
        licences_for_regulator()
        .filter(
            Q(state=LicenceState.EXPIRED)
            | Q(state__in=[LicenceState.ACTIVE, LicenceState.SUSPENDED], expires_on__lt=today)
        )
        .order_by("expires_on", "id")
    )


def licences_suspended(today: date | None = None) -> QuerySet[Licence]:
    today = today or local_today()
    return (
        licences_for_regulator()
        .filter(state=LicenceState.SUSPENDED, suspended_until__gte=today)
        .order_by("suspended_until", "id")
    )


def interviews_scheduled() -> QuerySet[Licence]:
    return (
        licences_for_regulator().filter(state=LicenceState.INTERVIEW_SCHEDULED).order_by("interview_at", "id")
    )


def inspections_due(today: date | None = None, *, routine_every_days: int = 365) -> dict:
    """Fit-out inspections awaited by initially approved applications, and licensed centres not
    visited for a year."""
    today = today or local_today()
    fitout = licences_for_regulator().filter(state=LicenceState.INITIALLY_APPROVED).order_by("updated_at")
    recent = Inspection.objects.filter(
        centre=OuterRef("centre"), visited_on__gt=today - timedelta(days=routine_every_days)
    )
    routine = (
        licences_for_regulator()
        .filter(_operating_q(today, prefix=""))
        .exclude(Exists(recent))
        .order_by("issued_on", "id")
    )
    return {"fitout": fitout, "routine": routine}


def licence_history(licence: Licence):
    return licence.events.select_related("actor").order_by("created_at", "id")


def centre_inspections(centre: Centre) -> QuerySet[Inspection]:
    return centre.inspections.select_related("inspector").prefetch_related(
        Prefetch("violations", queryset=Violation.objects.order_by("id"))
    )


def centre_open_violations(centre: Centre) -> QuerySet[Violation]:
    return centre.violations.filter(resolved_on__isnull=True).order_by("-created_at")


def inspection_kinds():
    return InspectionKind.choices


def licence_is_renewable(licence: Licence, today: date | None = None) -> bool:
    from .constants import RENEWAL_WINDOW_DAYS

    today = today or local_today()
    state = licence_state_today(licence, today)
    if state == LicenceState.EXPIRED:
        return True
    return state == LicenceState.ACTIVE and licence.expires_on - today <= timedelta(days=RENEWAL_WINDOW_DAYS)


def owner_role_of(user, centre: Centre) -> bool:
    membership = staff_membership(user)
    return membership is not None and membership.centre_id == centre.pk and membership.role == StaffRole.OWNER
