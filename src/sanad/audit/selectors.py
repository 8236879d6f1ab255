"""Reads of the audit trail: the regulator's search and the citizen's "who opened my data"."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from sanad.accounts.constants import Role
from sanad.core.errors import PermissionDenied, ValidationFailed

from .constants import READ_OPERATIONS
from .models import AuditEntry


def may_search_trail(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and user.role in (Role.REGULATOR, Role.ADMIN)
    )


def _moment(text: str, *, end: bool) -> datetime | None:
    moment = parse_datetime(text)
    if moment is None:
        day = parse_date(text)
        if day is None:
            return None
        moment = datetime.combine(day, time.max if end else time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def trail_search(
    user, *, object: str = "", person: str = "", centre: str = "", start: str = "", end: str = ""
) -> QuerySet:
    """The trail filtered by object (`case:<reference>` also finds everything written on the case,
    or `<kind>:<id>`), person (username or civil/resident number: what they did and what was done
    to their data), centre (id) and period (`from`/`to`, dates or ISO times). Regulator and admin only."""
    if not may_search_trail(user):
        raise PermissionDenied(_("Only the regulator can search the audit trail."))
    qs = AuditEntry.objects.all()
    errors = {}
    if object:
        object = object.strip()
        kind, _sep, key = object.partition(":")
        if not key:
            errors["object"] = [_("Write the record as kind:key, e.g. case:SND-2026-0012345-7.")]
        elif kind == "case":
            from sanad.cases.models import Case
            from sanad.cases.reference import parse_reference
            from sanad.core.errors import BadRequest

            try:
                reference = parse_reference(key)
            except BadRequest as exc:
                errors["object"] = [exc.message]
            else:
                case_id = Case.objects.filter(reference=reference).values_list("pk", flat=True).first()
                qs = qs.filter(Q(object=f"case:{reference}") | Q(case_id=case_id)) if case_id else qs.none()
        else:
            qs = qs.filter(object=object)
    if person:
        from sanad.accounts.models import User

        person = person.strip()
        found = (
            User.objects.filter(Q(username=person) | Q(citizen_profile__id_number=person))
            .values_list("pk", flat=True)
            .first()
        )
        qs = qs.filter(Q(actor_id=found) | Q(subject_id=found)) if found else qs.none()
    if centre:
        if not str(centre).strip().isdigit():
            errors["centre"] = [_("Write the centre's number.")]
        else:
            qs = qs.filter(centre_id=int(centre))
    for name, text, is_end in (("from", start, False), ("to", end, True)):
        if not text:
            continue
        moment = _moment(text.strip(), end=is_end)
        if moment is None:
            errors[name] = [_("Write a date as YYYY-MM-DD.")]
        elif is_end:
            qs = qs.filter(at__lte=moment)
        else:
            qs = qs.filter(at__gte=moment)
    if errors:
        raise ValidationFailed(_("Check the search."), errors=errors)
    return qs.order_by("-id")


def case_readers(case) -> QuerySet:
    """Who other than the citizen opened the case or downloaded its documents (newest first)."""
    return (
        AuditEntry.objects.filter(case_id=case.pk, operation__in=READ_OPERATIONS)
        .exclude(actor_id=case.citizen_id)
        .order_by("-id")
    )
