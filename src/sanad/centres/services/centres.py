"""What a centre's manager or owner changes: contact details, hours, prices and staff."""

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sanad.accounts.constants import Gender, Role
from sanad.accounts.models import User
from sanad.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sanad.core.money import format_omr

from .. import hours as hours_lib
from .. import selectors
from ..constants import MANAGING_ROLES, StaffRole, Weekday
from ..models import Centre, CentreService, HoursException, OpeningPeriod, StaffMembership
from . import validation as v


def _managed_centre(actor, centre_id: int) -> tuple[Centre, str]:
    """Lock and return the actor's own centre; 404 for another centre, 403 for a clerk."""
    centre, role = selectors.centre_for_staff(actor, centre_id, manage=True)
    return Centre.objects.select_for_update().get(pk=centre.pk), role


def centre_update_contact(
    *,
    centre_id: int,
    actor,
    phone: str,
    email: str = "",
    counters=1,
    address_ar: str | None = None,
    address_en: str | None = None,
) -> Centre:
    selectors.centre_for_staff(actor, centre_id, manage=True)  # not yours: 404, a clerk: 403
    errors: dict = {}
    values = {
        "phone": v.clean_phone(errors, "phone", phone),
        "email": v.clean_email(errors, "email", email),
        "counters": v.clean_counters(errors, counters),
    }
    if address_ar is not None:
        values["address_ar"] = v.clean_text(errors, "address_ar", address_ar, max_length=300)
    if address_en is not None:
        values["address_en"] = v.clean_text(errors, "address_en", address_en, required=False, max_length=300)
    if errors:
        raise ValidationFailed(errors=errors)
    with transaction.atomic():
        centre, _role = _managed_centre(actor, centre_id)
        for name, value in values.items():
            setattr(centre, name, value)
        centre.save()
    return centre


# --- Hours ----------------------------------------------------------------------------------------


def _parse_periods(errors: dict, field: str, periods) -> list[tuple[int, int]]:
    parsed = []
    for item in periods or []:
        try:
            opens, closes = (item["opens"], item["closes"]) if isinstance(item, dict) else item
            parsed.append((hours_lib.parse_hhmm(opens), hours_lib.parse_hhmm(closes)))
        except hours_lib.HoursError as exc:
            errors.setdefault(field, []).append(str(exc))
        except (TypeError, ValueError, KeyError):
            errors.setdefault(field, []).append(_("Enter each period as an opening and a closing time."))
    errors_for_day = hours_lib.period_problems(parsed)
    if errors_for_day:
        errors.setdefault(field, []).extend(errors_for_day)
    return parsed


def centre_set_hours(*, centre_id: int, actor, weekly: dict) -> Centre:
    """Replace the weekly hours: {weekday (0=Monday … 6=Sunday): [("07:30", "13:30"), …]}.
    A weekday left out is closed."""
    selectors.centre_for_staff(actor, centre_id, manage=True)  # not yours: 404, a clerk: 403
    errors: dict = {}
    parsed: dict[int, list[tuple[int, int]]] = {}
    for key, periods in (weekly or {}).items():
        try:
            day = int(key)
            Weekday(day)
        except (TypeError, ValueError):
            errors.setdefault("weekly", []).append(_("Unknown weekday: %(day)s") % {"day": key})
            continue
        parsed[day] = _parse_periods(errors, f"weekly.{day}", periods)
    if errors:
        raise ValidationFailed(_("The opening hours are not valid."), errors=errors)
    with transaction.atomic():
        centre, _role = _managed_centre(actor, centre_id)
        centre.periods.all().delete()
        OpeningPeriod.objects.bulk_create(
            OpeningPeriod(centre=centre, weekday=day, opens_minute=o, closes_minute=c)
            for day, periods in parsed.items()
            for o, c in periods
        )
    return centre


def hours_exception_add(
    *,
    centre_id: int,
    actor,
    starts_on,
    ends_on,
    name_ar: str,
    name_en: str = "",
    is_closed: bool = False,
    periods=None,
) -> HoursException:
    """Different hours for some dates (Ramadan hours; open on a holiday; closed for a day)."""
    selectors.centre_for_staff(actor, centre_id, manage=True)  # not yours: 404, a clerk: 403
    errors: dict = {}
    start = v.clean_date(errors, "starts_on", starts_on)
    end = v.clean_date(errors, "ends_on", ends_on)
    if start and end and end < start:
        errors.setdefault("ends_on", []).append(_("The last day is before the first day."))
    elif start and end and (end - start).days > 366:
        errors.setdefault("ends_on", []).append(_("An exception lasts at most a year."))
    name_ar = v.clean_text(errors, "name_ar", name_ar, max_length=120)
    name_en = v.clean_text(errors, "name_en", name_en, required=False, max_length=120)
    is_closed = v.as_bool(is_closed)
    parsed = [] if is_closed else _parse_periods(errors, "periods", periods)
    if not is_closed and not parsed and "periods" not in errors:
        errors["periods"] = [_("Give the opening hours, or mark the days as closed.")]
    if errors:
        raise ValidationFailed(_("The opening hours are not valid."), errors=errors)
    with transaction.atomic():
        centre, _role = _managed_centre(actor, centre_id)
        if centre.hour_exceptions.filter(starts_on=start, ends_on=end).exists():
            raise Conflict(_("There are already special hours for exactly these dates."))
        return HoursException.objects.create(
            centre=centre,
            starts_on=start,
            ends_on=end,
            name_ar=name_ar,
            name_en=name_en,
            is_closed=is_closed,
            periods=[list(p) for p in sorted(parsed)],
        )


def hours_exception_remove(*, centre_id: int, actor, exception_id: int) -> None:
    with transaction.atomic():
        centre, _role = _managed_centre(actor, centre_id)
        deleted, _rows = centre.hour_exceptions.filter(pk=exception_id).delete()
        if not deleted:
            raise NotFound(_("Not found."))


# --- Prices ---------------------------------------------------------------------------------------


def centre_price_set(*, centre_id: int, actor, service_code: str, centre_fee) -> CentreService:
    """Set the centre fee (baisa) for a service. Never above the cap of the current version."""
    selectors.centre_for_staff(actor, centre_id, manage=True)  # not yours: 404, a clerk: 403
    from sanad.catalogue.models import Service

    if isinstance(centre_fee, bool) or not isinstance(centre_fee, int | str):
        centre_fee = None
    try:
        fee = int(centre_fee)
    except (TypeError, ValueError):
        fee = -1
    if fee < 0:
        raise ValidationFailed(
            errors={"centre_fee": [_("Enter the centre fee in baisa (a whole number, 0 or more).")]}
        )
    service = (
        Service.objects.select_related("current_version").filter(code=str(service_code or "").strip()).first()
    )
    cap = selectors.current_cap(service) if service else None
    if cap is None:
        raise ValidationFailed(errors={"service": [_("This service is not offered in the catalogue now.")]})
    if fee > cap:
        message = _("The centre fee may not exceed the cap of %(cap)s for this service.") % {
            "cap": format_omr(cap)
        }
        raise ValidationFailed(message, errors={"centre_fee": [message]}, cap=cap)
    with transaction.atomic():
        centre, _role = _managed_centre(actor, centre_id)
        price, _created = CentreService.objects.update_or_create(
            centre=centre, service=service, defaults={"centre_fee": fee, "updated_by": actor}
        )
    return price


def centre_price_remove(*, centre_id: int, actor, service_code: str) -> None:
    with transaction.atomic():
        centre, _role = _managed_centre(actor, centre_id)
        deleted, _rows = CentreService.objects.filter(centre=centre, service__code=service_code).delete()
        if not deleted:
            raise NotFound(_("This centre does not offer this service."))


# --- Staff ----------------------------------------------------------------------------------------


def staff_add(
    *,
    centre_id: int,
    actor,
    username: str,
    role: str,
    full_name_ar: str = "",
    full_name_en: str = "",
    mobile: str = "",
    gender: str = "",
    is_omani=True,
    password: str = "",
) -> StaffMembership:
    """Add a clerk (managers and owners) or a manager (owners only). An existing centre staff
    account without a centre is reused; otherwise a centre staff account is created."""
    selectors.centre_for_staff(actor, centre_id, manage=True)  # not yours: 404, a clerk: 403
    from sanad.accounts.identity import normalise_phone

    errors: dict = {}
    username = v.clean_text(errors, "username", username, max_length=150)
    if role not in (StaffRole.CLERK, StaffRole.MANAGER):
        errors["role"] = [_("Choose clerk or manager.")]
    if gender not in Gender.values:
        errors["gender"] = [_("Choose the gender (needed for the jobs statistics).")]
    is_omani = v.as_bool(is_omani)
    user = User.objects.filter(username=username).first() if username else None
    if user is None and not errors:
        full_name_ar = v.clean_text(errors, "full_name_ar", full_name_ar)
        if mobile:
            try:
                mobile = normalise_phone(mobile)
            except Exception as exc:  # ValidationError: keep its messages
                errors["mobile"] = list(getattr(exc, "messages", [str(exc)]))
        if password and len(password) < 8:
            errors["password"] = [_("Use at least 8 characters.")]
    elif user is not None and user.role != Role.CENTRE_STAFF:
        errors["username"] = [_("This account is not a centre staff account.")]
    if errors:
        raise ValidationFailed(errors=errors)
    today = selectors.local_today()
    with transaction.atomic():
        centre, actor_role = _managed_centre(actor, centre_id)
        if role == StaffRole.MANAGER and actor_role != StaffRole.OWNER:
            raise PermissionDenied(_("Only the owner can add or remove managers."))
        if user is None:
            user = User.objects.create(
                username=username,
                role=Role.CENTRE_STAFF,
                full_name_ar=full_name_ar,
                full_name_en=full_name_en.strip(),
                mobile=mobile,
                password=make_password(password or None),
            )
        elif selectors.staff_membership(user) is not None:
            raise Conflict(_("This person already works at a centre."))
        try:
            with transaction.atomic():
                return StaffMembership.objects.create(
                    centre=centre,
                    user=user,
                    role=role,
                    started_on=today,
                    is_omani=is_omani,
                    gender=gender,
                    created_by=actor,
                )
        except IntegrityError:
            raise Conflict(_("This person already works at a centre.")) from None


def staff_remove(*, centre_id: int, actor, membership_id: int) -> StaffMembership:
    """End a membership today: the person loses access to the centre at once."""
    today = selectors.local_today()
    with transaction.atomic():
        centre, actor_role = _managed_centre(actor, centre_id)
        membership = (
            StaffMembership.objects.select_for_update()
            .filter(pk=membership_id, centre=centre, ended_on__isnull=True)
            .first()
        )
        if membership is None:
            raise NotFound(_("Not found."))
        if membership.role == StaffRole.OWNER:
            raise Conflict(_("An owner leaves the centre only by a licence transfer."))
        if membership.role in MANAGING_ROLES and actor_role != StaffRole.OWNER:
            raise PermissionDenied(_("Only the owner can add or remove managers."))
        if membership.user_id == actor.pk:
            raise Conflict(_("You cannot remove yourself."))
        membership.ended_on = today
        membership.ended_by = actor
        membership.save(update_fields=["ended_on", "ended_by"])
    return membership
