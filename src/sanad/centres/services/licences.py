"""Licensing: the application, the lifecycle (one table in licensing.py, applied here), inspections."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.accounts.constants import Gender, IdKind, Role
from sanad.accounts.models import CitizenProfile
from sanad.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from sanad.outbox.models import OutboxMessage

from .. import licensing, selectors
from ..constants import (
    CHECKLIST,
    LICENCE_TERM_DAYS,
    LIVE_STATES,
    MAX_PARTNERS,
    OWNER_MAX_AGE,
    OWNER_MIN_AGE,
    REMINDER_DAYS,
    RENEWAL_WINDOW_DAYS,
    InspectionKind,
    InspectionResult,
    LicenceAction,
    LicenceState,
    Severity,
    StaffRole,
)
from ..models import Centre, CentreOwner, Inspection, Licence, LicenceEvent, StaffMembership, Violation
from . import validation as v
from .notify import notify_licence_event, notify_owners

# --- Eligibility ------------------------------------------------------------------------------


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def owner_eligibility_problems(
    owner: dict, *, today: date, exclude_centre_id: int | None = None
) -> list[str]:
    """Why this person may not own a Sanad centre (empty: eligible). Declared data is checked against
    the citizen register where we hold the person's profile."""
    problems = []
    profile = CitizenProfile.objects.filter(id_number=owner["civil_number"]).first()
    is_omani = owner["is_omani"] and (
        profile is None or (profile.is_omani and profile.id_kind == IdKind.CIVIL)
    )
    if not is_omani:
        problems.append(_("Only Omani citizens can own a Sanad centre."))
    born = owner["date_of_birth"]
    if profile is not None and profile.date_of_birth and profile.date_of_birth != born:
        problems.append(_("The date of birth does not match the civil register."))
    elif born is not None and not OWNER_MIN_AGE <= _age(born, today) <= OWNER_MAX_AGE:
        problems.append(
            _("An owner must be between %(min)d and %(max)d years old.")
            % {"min": OWNER_MIN_AGE, "max": OWNER_MAX_AGE}
        )
    if not owner["full_time"]:
        problems.append(_("An owner must work full time in the centre."))
    if owner["employed_elsewhere"]:
        problems.append(_("An owner may not be employed elsewhere."))
    other = CentreOwner.objects.filter(
        civil_number=owner["civil_number"], ended_on__isnull=True, centre__licence__state__in=LIVE_STATES
    )
    if exclude_centre_id:
        other = other.exclude(centre_id=exclude_centre_id)
    if other.exists():
        problems.append(_("This person already owns or has applied for another Sanad centre."))
    return problems


def _clean_owners(errors: dict, owners, *, today: date, exclude_centre_id: int | None = None) -> list[dict]:
    if not isinstance(owners, list | tuple) or not 1 <= len(owners) <= MAX_PARTNERS:
        errors.setdefault("owners", []).append(
            _("A centre has one Omani owner or up to %(max)d Omani partners.") % {"max": MAX_PARTNERS}
        )
        return []
    cleaned, seen = [], set()
    for index, raw in enumerate(owners):
        raw = raw if isinstance(raw, dict) else {}
        field = f"owners.{index}"
        owner = {
            "full_name_ar": v.clean_text(errors, f"{field}.full_name_ar", raw.get("full_name_ar")),
            "full_name_en": v.clean_text(
                errors, f"{field}.full_name_en", raw.get("full_name_en"), required=False
            ),
            "civil_number": v.clean_civil_number(errors, f"{field}.civil_number", raw.get("civil_number")),
            "date_of_birth": v.clean_date(errors, f"{field}.date_of_birth", raw.get("date_of_birth")),
            "gender": raw.get("gender") if raw.get("gender") in Gender.values else "",
            "is_omani": v.as_bool(raw.get("is_omani", True)),
            "full_time": v.as_bool(raw.get("full_time", False)),
            "employed_elsewhere": v.as_bool(raw.get("employed_elsewhere", False)),
        }
        if owner["civil_number"] in seen:
            errors.setdefault(f"{field}.civil_number", []).append(_("The same person is listed twice."))
        seen.add(owner["civil_number"])
        cleaned.append(owner)
    if errors:
        return cleaned
    for index, owner in enumerate(cleaned):
        problems = owner_eligibility_problems(owner, today=today, exclude_centre_id=exclude_centre_id)
        if problems:
            errors[f"owners.{index}"] = problems
    return cleaned


def _ineligible(errors: dict) -> ValidationFailed:
    reasons = [m for key, msgs in errors.items() if key.startswith("owners") for m in msgs]
    if reasons and all(key.startswith("owners.") and key.count(".") == 1 for key in errors):
        return ValidationFailed(
            _("The applicant is not eligible: %(reason)s") % {"reason": reasons[0]}, errors=errors
        )
    return ValidationFailed(errors=errors)


def _owner_rows(centre: Centre, owners: list[dict], today: date) -> list[CentreOwner]:
    profiles = {
        p.id_number: p.user_id
        for p in CitizenProfile.objects.filter(id_number__in=[o["civil_number"] for o in owners])
    }
    return CentreOwner.objects.bulk_create(
        CentreOwner(
            centre=centre, user_id=profiles.get(o["civil_number"]), is_primary=(i == 0), started_on=today, **o
        )
        for i, o in enumerate(owners)
    )


# --- Application --------------------------------------------------------------------------------


def licence_apply(
    *,
    applicant,
    name_ar: str,
    name_en: str = "",
    wilayat: str,
    address_ar: str,
    address_en: str = "",
    latitude,
    longitude,
    phone: str,
    email: str = "",
    counters=1,
    owners: list[dict],
) -> Licence:
    """An Omani citizen applies for a centre licence (alone, or with up to three partners; the
    applicant is the first owner). Eligibility is checked for every owner."""
    if applicant is None or not applicant.is_authenticated or applicant.role != Role.CITIZEN:
        raise PermissionDenied(_("Only a signed-in citizen can apply for a centre licence."))
    today = selectors.local_today()
    errors: dict = {}
    fields = {
        "name_ar": v.clean_text(errors, "name_ar", name_ar),
        "name_en": v.clean_text(errors, "name_en", name_en, required=False),
        "address_ar": v.clean_text(errors, "address_ar", address_ar, max_length=300),
        "address_en": v.clean_text(errors, "address_en", address_en, required=False, max_length=300),
        "phone": v.clean_phone(errors, "phone", phone),
        "email": v.clean_email(errors, "email", email),
        "counters": v.clean_counters(errors, counters),
    }
    place = v.clean_wilayat(errors, wilayat)
    lat, lon = v.clean_coordinates(errors, latitude, longitude)
    profile = getattr(applicant, "citizen_profile", None)
    if profile is not None and isinstance(owners, list) and owners and isinstance(owners[0], dict):
        # The applicant applies for themself: their own civil number comes from their profile.
        owners = [{**owners[0], "civil_number": profile.id_number}, *owners[1:]]
    cleaned = _clean_owners(errors, owners, today=today)
    if errors:
        raise _ineligible(errors)
    now = timezone.now()
    with transaction.atomic():
        centre = Centre.objects.create(wilayat=place, latitude=lat, longitude=lon, **fields)
        licence = Licence.objects.create(centre=centre, applicant=applicant, applied_at=now)
        _owner_rows(centre, cleaned, today)
        event = LicenceEvent.objects.create(
            licence=licence,
            action=LicenceAction.APPLY,
            from_state="",
            to_state=LicenceState.SUBMITTED,
            actor=applicant,
            data={"owners": len(cleaned)},
            created_at=now,
        )
        notify_licence_event(licence, event)
    return licence


# --- The lifecycle --------------------------------------------------------------------------------


def _actor_kinds(actor, licence: Licence) -> set[str]:
    return selectors.licence_actor_kinds(actor, licence)


def _settle(licence: Licence, today: date, now: datetime) -> None:
    """Write down what time has already decided (expiry, end of a suspension) before acting."""
    if (
        licence.state == LicenceState.SUSPENDED
        and licence.suspended_until
        and licence.suspended_until < today
    ):
        _apply(
            licence,
            licensing.step_for(licence.state, LicenceAction.REINSTATE),
            None,
            now,
            reason=_("The suspension period ended."),
            today=today,
        )
    if licence.state == LicenceState.ACTIVE and licence.expires_on and licence.expires_on < today:
        _apply(licence, licensing.step_for(licence.state, LicenceAction.EXPIRE), None, now, today=today)


def _apply(licence, step, actor, now, *, reason="", data=None, today=None, **changes) -> LicenceEvent:
    previous = licence.state
    licence.state = step.target
    if step.target != LicenceState.SUSPENDED:
        licence.suspended_until, licence.suspension_reason = None, ""
    for name, value in changes.items():
        setattr(licence, name, value)
    licence.save()
    event = LicenceEvent.objects.create(
        licence=licence,
        action=step.action,
        from_state=previous,
        to_state=step.target,
        actor=actor,
        reason=reason,
        data=data or {},
        created_at=now,
    )
    notify_licence_event(licence, event)
    return event


def licence_transition(
    *,
    licence_id: int,
    action: str,
    actor,
    reason: str = "",
    until=None,
    interview_at=None,
    owners: list[dict] | None = None,
) -> Licence:
    """Take one licensing action. Out of order: 409 naming the current step. Missing input: 422."""
    if action not in LicenceAction.values or action == LicenceAction.APPLY:
        raise ValidationFailed(errors={"action": [_("Choose a licensing action.")]})
    now = timezone.now()
    today = selectors.local_today()
    reason = str(reason or "").strip()
    with transaction.atomic():
        licence = Licence.objects.select_for_update().filter(pk=licence_id).first()
        if licence is None:
            raise NotFound(_("Licence not found."))
        kinds = _actor_kinds(actor, licence)
        if actor is not None and not selectors.licence_visible(actor, licence):
            raise NotFound(_("Licence not found."))
        _settle(licence, today, now)
        step = licensing.step_for(licence.state, action)
        if not step.actors & kinds:
            raise PermissionDenied(_("You may not take this action on this licence."))
        changes, data, errors = {}, {}, {}
        if "reason" in step.needs and not reason:
            errors["reason"] = [_("Give the reason.")]
        if "until" in step.needs:
            end = v.clean_date(errors, "until", until)
            if end is not None and end <= today:
                errors.setdefault("until", []).append(_("The suspension must end after today."))
            changes.update(suspended_until=end, suspension_reason=reason)
            data["until"] = end.isoformat() if end else None
        if "interview_at" in step.needs:
            moment = _clean_moment(errors, interview_at)
            if moment is not None and moment <= now:
                errors.setdefault("interview_at", []).append(_("The interview must be in the future."))
            changes["interview_at"] = moment
            data["interview_at"] = moment.isoformat() if moment else None
        new_owners = []
        if "owners" in step.needs:
            new_owners = _clean_owners(errors, owners or [], today=today, exclude_centre_id=licence.centre_id)
            current = {o.civil_number for o in selectors.centre_owners(licence.centre)}
            if not errors and {o["civil_number"] for o in new_owners} == current:
                errors["owners"] = [_("The new owners are the current owners.")]
        if errors:
            raise _ineligible(errors)
        if action == LicenceAction.ISSUE:
            changes.update(
                number=f"SC-{licence.pk:06d}",
                issued_on=today,
                expires_on=today + timedelta(days=LICENCE_TERM_DAYS),
            )
            data["expires_on"] = changes["expires_on"].isoformat()
        elif action == LicenceAction.RENEW:
            if licence.state == LicenceState.ACTIVE and licence.expires_on - today > timedelta(
                days=RENEWAL_WINDOW_DAYS
            ):
                opens = licence.expires_on - timedelta(days=RENEWAL_WINDOW_DAYS)
                raise InvalidTransition(
                    _("This licence can be renewed from %(date)s (%(days)d days before it expires).")
                    % {"date": opens.isoformat(), "days": RENEWAL_WINDOW_DAYS},
                    current_state=licence.state,
                )
            start = max(licence.expires_on or today, today - timedelta(days=1))
            changes["expires_on"] = start + timedelta(days=LICENCE_TERM_DAYS)
            data.update(
                previous_expiry=licence.expires_on.isoformat() if licence.expires_on else None,
                expires_on=changes["expires_on"].isoformat(),
            )
        elif action == LicenceAction.TRANSFER:
            data["from"] = [o.civil_number for o in selectors.centre_owners(licence.centre)]
            data["to"] = [o["civil_number"] for o in new_owners]
            _transfer_owners(licence, new_owners, today, actor)
        _apply(licence, step, actor, now, reason=reason, data=data, today=today, **changes)
        if action in (LicenceAction.ISSUE, LicenceAction.TRANSFER):
            _grant_owner_access(licence, today, actor)
    return licence


def _clean_moment(errors: dict, value) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value or "").strip())
        except ValueError:
            errors.setdefault("interview_at", []).append(_("Enter the interview date and time."))
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _transfer_owners(licence: Licence, owners: list[dict], today: date, actor) -> None:
    leaving = list(selectors.centre_owners(licence.centre))
    CentreOwner.objects.filter(pk__in=[o.pk for o in leaving]).update(ended_on=today, is_primary=False)
    StaffMembership.objects.filter(centre=licence.centre, role=StaffRole.OWNER, ended_on__isnull=True).update(
        ended_on=today, ended_by=actor
    )
    _owner_rows(licence.centre, owners, today)


def _grant_owner_access(licence: Licence, today: date, actor) -> None:
    """Owners with an account get the centre's owner role (and become centre staff accounts)."""
    from sanad.accounts.models import User

    for owner in selectors.centre_owners(licence.centre).select_related("user"):
        user = owner.user
        if user is None or StaffMembership.objects.filter(user=user, ended_on__isnull=True).exists():
            continue
        if user.role == Role.CITIZEN:
            User.objects.filter(pk=user.pk).update(role=Role.CENTRE_STAFF)
        StaffMembership.objects.create(
            centre=licence.centre,
            user=user,
            role=StaffRole.OWNER,
            started_on=today,
            is_omani=owner.is_omani,
            gender=owner.gender or "",
            created_by=actor,
        )


def licences_sweep(*, today: date | None = None) -> dict:
    """Daily: expire licences past their date, end suspensions past theirs, remind owners before
    expiry (90, 60, 30 and 7 days; each reminder once)."""
    today = today or selectors.local_today()
    now = timezone.now()
    counts = {"expired": 0, "reinstated": 0, "reminded": 0}
    due = Licence.objects.filter(state=LicenceState.ACTIVE, expires_on__lt=today) | Licence.objects.filter(
        state=LicenceState.SUSPENDED, suspended_until__lt=today
    )
    for licence_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            licence = Licence.objects.select_for_update().get(pk=licence_id)
            before = licence.state
            _settle(licence, today, now)
            if before == LicenceState.SUSPENDED and licence.state != LicenceState.SUSPENDED:
                counts["reinstated"] += 1
            if licence.state == LicenceState.EXPIRED:
                counts["expired"] += 1
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    for licence in Licence.objects.filter(
        state=LicenceState.ACTIVE, expires_on__gte=today, expires_on__lte=horizon
    ).select_related("centre"):
        days_left = (licence.expires_on - today).days
        threshold = min(d for d in REMINDER_DAYS if d >= days_left)
        key = f"licence:{licence.pk}:expiry:{licence.expires_on}:{threshold}"
        if OutboxMessage.objects.filter(idempotency_key__startswith=f"{key}:").exists():
            continue  # this reminder went out already
        with transaction.atomic():
            counts["reminded"] += notify_owners(
                licence,
                template="licence_expiring",
                context={"days": days_left, "expires_on": licence.expires_on},
                key=key,
            )
    return counts


# --- Inspections --------------------------------------------------------------------------------


def inspection_record(
    *,
    centre_id: int,
    actor,
    kind: str,
    visited_on=None,
    checklist: dict | None = None,
    violations: list[dict] | None = None,
    notes: str = "",
) -> Inspection:
    """The regulator records a visit. A fit-out inspection also moves the application on (passed)
    or keeps it waiting for another visit (failed)."""
    if actor is None or actor.role != Role.REGULATOR:
        raise PermissionDenied(_("Only the regulator records inspections."))
    errors: dict = {}
    today = selectors.local_today()
    if kind not in InspectionKind.values:
        errors["kind"] = [_("Choose the kind of visit.")]
    day = v.clean_date(errors, "visited_on", visited_on or today)
    if day is not None and day > today:
        errors.setdefault("visited_on", []).append(_("A visit cannot be recorded before it happens."))
    checklist = checklist if isinstance(checklist, dict) else {}
    unknown = set(checklist) - set(CHECKLIST)
    if unknown:
        errors["checklist"] = [_("Unknown checklist item: %(item)s") % {"item": sorted(unknown)[0]}]
    answers = {code: v.as_bool(checklist.get(code, False)) for code in CHECKLIST}
    found = []
    for index, item in enumerate(violations or []):
        item = item if isinstance(item, dict) else {}
        description = v.clean_text(
            errors, f"violations.{index}.description", item.get("description"), max_length=1000
        )
        severity = item.get("severity") or Severity.MINOR
        if severity not in Severity.values:
            errors[f"violations.{index}.severity"] = [_("Choose minor, major or critical.")]
        code = str(item.get("code") or "other")
        if code != "other" and code not in CHECKLIST:
            errors[f"violations.{index}.code"] = [_("Unknown checklist item: %(item)s") % {"item": code}]
        found.append({"code": code, "description": description, "severity": severity})
    if errors:
        raise ValidationFailed(errors=errors)
    passed = all(answers.values()) and not any(f["severity"] != Severity.MINOR for f in found)
    result = InspectionResult.PASSED if passed else InspectionResult.FAILED
    with transaction.atomic():
        centre = Centre.objects.select_for_update().filter(pk=centre_id).first()
        if centre is None:
            raise NotFound(_("Centre not found."))
        licence = Licence.objects.select_for_update().get(centre=centre)
        if kind == InspectionKind.FITOUT:
            action = LicenceAction.PASS_FITOUT if passed else LicenceAction.FAIL_FITOUT
            licensing.step_for(licence.state, action)  # out of order: 409 before anything is written
        inspection = Inspection.objects.create(
            centre=centre,
            kind=kind,
            visited_on=day,
            inspector=actor,
            result=result,
            checklist=answers,
            notes=notes,
        )
        Violation.objects.bulk_create(Violation(inspection=inspection, centre=centre, **f) for f in found)
        if kind == InspectionKind.FITOUT:
            failed_items = [str(CHECKLIST[c]) for c, ok in answers.items() if not ok]
            _apply(
                licence,
                licensing.step_for(licence.state, action),
                actor,
                timezone.now(),
                reason=notes or "; ".join(failed_items + [f["description"] for f in found]),
                data={"inspection": inspection.pk, "violations": len(found)},
            )
    return inspection


def violation_resolve(*, violation_id: int, actor, resolved_on=None) -> Violation:
    if actor is None or actor.role != Role.REGULATOR:
        raise PermissionDenied(_("Only the regulator records inspections."))
    errors: dict = {}
    day = v.clean_date(errors, "resolved_on", resolved_on or selectors.local_today())
    if errors:
        raise ValidationFailed(errors=errors)
    with transaction.atomic():
        violation = Violation.objects.select_for_update().filter(pk=violation_id).first()
        if violation is None:
            raise NotFound(_("Not found."))
        if violation.resolved_on is None:
            violation.resolved_on = day
            violation.save(update_fields=["resolved_on"])
    return violation
