"""Time in Asia/Muscat, who is who at a centre, and parsing days and months from requests."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.accounts.constants import Role
from sanad.core.errors import NotFound, PermissionDenied, ValidationFailed


# --- time ---------------------------------------------------------------------------------------
def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """A calendar day in Asia/Muscat as [start, end) instants."""
    start = datetime.combine(day, time.min, tzinfo=local_zone())
    return start, start + timedelta(days=1)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_bounds(period: date) -> tuple[datetime, datetime]:
    first = month_start(period)
    following = (first + timedelta(days=32)).replace(day=1)
    return datetime.combine(first, time.min, tzinfo=local_zone()), datetime.combine(
        following, time.min, tzinfo=local_zone()
    )


# --- who is who ---------------------------------------------------------------------------------
def staff_centre_id(user) -> int | None:
    from sanad.cases.selectors import staff_centre_id as centre_of

    return centre_of(user)


def staff_centre(user):
    """The centre where `user` works (404 for anyone who does not)."""
    from sanad.centres.selectors import staff_membership

    membership = staff_membership(user) if user is not None and user.is_authenticated else None
    if membership is None or user.role != Role.CENTRE_STAFF:
        raise NotFound(_("Centre not found."))
    return membership.centre


def is_manager(user) -> bool:
    from sanad.centres.constants import MANAGING_ROLES
    from sanad.centres.selectors import staff_membership

    if user is None or not user.is_authenticated or user.role != Role.CENTRE_STAFF:
        return False
    membership = staff_membership(user)
    return membership is not None and membership.role in MANAGING_ROLES


def managed_centre(user):
    centre = staff_centre(user)
    if not is_manager(user):
        raise PermissionDenied(_("Only the centre's manager or owner can do this."))
    return centre


def is_national_viewer(user) -> bool:
    return user is not None and user.is_authenticated and user.role in (Role.REGULATOR, Role.ADMIN)


def parse_period(text: str | None, *, default: date | None = None) -> date:
    """'2026-03' → 2026-03-01. A missing value is this month; a bad one is a ValidationFailed."""
    if not text:
        return month_start(default or timezone.localdate())
    try:
        year, month = (int(part) for part in str(text).split("-")[:2])
        return date(year, month, 1)
    except (TypeError, ValueError):
        raise ValidationFailed(errors={"period": [_("Enter the month as YYYY-MM, e.g. 2026-03.")]}) from None


def parse_day(text: str | None) -> date:
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise ValidationFailed(errors={"day": [_("Enter the day as YYYY-MM-DD.")]}) from None
