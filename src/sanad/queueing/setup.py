"""Writes for the centre manager's queue setup: lines (letter, names, the services they serve, the
default line, open or closed) and counters (name, the lines they serve, appointments, open or closed).

Rules kept here, so the page and any other caller agree:
- only the centre's manager or owner changes its setup (a clerk: 403; anyone else: 404);
- a line's letter is one or two Latin letters, unique in the centre; both names are given;
- a service is served by at most one open line of the centre, and only a service the centre offers;
- at most one default line (choosing a new one unsets the old); the default line is open;
- a counter serves at least one of the centre's lines; its name is unique in the centre;
- a counter a clerk is signed on to is not closed under them (they sign off first).
Bad input raises ValidationFailed with every field's message and changes nothing.
"""

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sanad.centres import selectors as centres
from sanad.core.errors import Conflict, NotFound, ValidationFailed

from .models import Counter, Line

LINE_CODE = re.compile(r"^[A-Z]{1,2}$")
NAME_MAX = 120
COUNTER_NAME_MAX = 40


def _managed_centre(actor):
    centre, _role = centres.centre_for_staff(actor, manage=True)  # not staff: 404; a clerk: 403
    return centre


def _text(errors: dict, field: str, value, *, max_length: int) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        errors.setdefault(field, []).append(_("This field is required."))
    elif len(text) > max_length:
        errors.setdefault(field, []).append(_("Use at most %(max)d characters.") % {"max": max_length})
    return text


def _ids(errors: dict, field: str, values) -> list[int]:
    ids = []
    for value in values or []:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            errors.setdefault(field, []).append(_("Choose from the list."))
            return []
    return sorted(set(ids))


def _as_bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes")
    return bool(value)


def _clean_line(centre, errors: dict, *, line, code, name_ar, name_en, service_ids, is_default, is_open):
    code = str(code or "").strip().upper()
    if not LINE_CODE.match(code):
        errors.setdefault("code", []).append(_("Use one or two Latin letters for the line, e.g. A or B."))
    elif Line.objects.filter(centre_id=centre.pk, code=code).exclude(pk=getattr(line, "pk", None)).exists():
        errors.setdefault("code", []).append(
            _("Line %(code)s already exists at this centre. Choose another letter.") % {"code": code}
        )
    name_ar = _text(errors, "name_ar", name_ar, max_length=NAME_MAX)
    name_en = _text(errors, "name_en", name_en, max_length=NAME_MAX)
    ids = _ids(errors, "services", service_ids)
    from sanad.centres.models import CentreService

    offered = dict(
        CentreService.objects.filter(centre_id=centre.pk, service_id__in=ids).values_list(
            "service_id", "service__code"
        )
    )
    if len(offered) != len(ids):
        errors.setdefault("services", []).append(_("Choose only services your centre offers."))
    elif is_open and ids:
        taken = (
            Line.services.through.objects.filter(
                line__centre_id=centre.pk, line__is_open=True, service_id__in=ids
            )
            .exclude(line_id=getattr(line, "pk", None))
            .select_related("line")
            .order_by("line__code")
        )
        for row in taken:
            errors.setdefault("services", []).append(
                _("%(service)s is already served by line %(line)s. Take it off that line first.")
                % {"service": offered[row.service_id], "line": row.line.code}
            )
    if is_default and not is_open:
        errors.setdefault("is_open", []).append(
            _("The default line stays open: make another line the default before closing this one.")
        )
    others = Line.objects.filter(centre_id=centre.pk).exclude(pk=getattr(line, "pk", None))
    if (
        line is not None
        and line.is_default
        and not is_default
        and not others.filter(is_default=True).exists()
    ):
        errors.setdefault("is_default", []).append(
            _("Make another line the default before this one stops being it.")
        )
    if line is not None and line.is_open and not is_open and not others.filter(is_open=True).exists():
        errors.setdefault("is_open", []).append(_("Keep at least one line open."))
    return code, name_ar, name_en, ids


def _save_line(centre, line, *, code, name_ar, name_en, ids, is_default, is_open) -> Line:
    try:
        with transaction.atomic():
            if is_default:
                Line.objects.filter(centre_id=centre.pk, is_default=True).exclude(
                    pk=getattr(line, "pk", None)
                ).update(is_default=False)
            if line is None:
                line = Line(centre=centre)
            line.code, line.name_ar, line.name_en = code, name_ar, name_en
            line.is_default, line.is_open = is_default, is_open
            line.save()
            line.services.set(ids)
    except IntegrityError:
        raise Conflict(
            _("Line %(code)s already exists at this centre. Choose another letter.") % {"code": code}
        ) from None
    return line


def line_create(*, actor, code, name_ar, name_en, service_ids=(), is_default=False, is_open=True) -> Line:
    centre = _managed_centre(actor)
    is_default, is_open = _as_bool(is_default), _as_bool(is_open)
    errors: dict = {}
    if not Line.objects.filter(centre_id=centre.pk, is_default=True).exists():
        is_default = is_default or is_open  # the first line (or the first after none) takes the rest
    code, name_ar, name_en, ids = _clean_line(
        centre,
        errors,
        line=None,
        code=code,
        name_ar=name_ar,
        name_en=name_en,
        service_ids=service_ids,
        is_default=is_default,
        is_open=is_open,
    )
    if errors:
        raise ValidationFailed(_("The line was not saved. Correct what is marked."), errors=errors)
    return _save_line(
        centre,
        None,
        code=code,
        name_ar=name_ar,
        name_en=name_en,
        ids=ids,
        is_default=is_default,
        is_open=is_open,
    )


def _own_line(centre, line_id) -> Line:
    try:
        return Line.objects.select_for_update().get(pk=int(line_id), centre_id=centre.pk)
    except (TypeError, ValueError, Line.DoesNotExist):
        raise NotFound(_("Line not found.")) from None


def line_update(
    *, actor, line_id, code, name_ar, name_en, service_ids=(), is_default=False, is_open=True
) -> Line:
    """Rename a line, change its services, make it the default, open or close it."""
    centre = _managed_centre(actor)
    is_default, is_open = _as_bool(is_default), _as_bool(is_open)
    with transaction.atomic():
        line = _own_line(centre, line_id)
        errors: dict = {}
        code, name_ar, name_en, ids = _clean_line(
            centre,
            errors,
            line=line,
            code=code,
            name_ar=name_ar,
            name_en=name_en,
            service_ids=service_ids,
            is_default=is_default,
            is_open=is_open,
        )
        if errors:
            raise ValidationFailed(_("The line was not saved. Correct what is marked."), errors=errors)
        return _save_line(
            centre,
            line,
            code=code,
            name_ar=name_ar,
            name_en=name_en,
            ids=ids,
            is_default=is_default,
            is_open=is_open,
        )


def line_set_open(*, actor, line_id, is_open) -> Line:
    """Open or close a line and keep everything else as it is."""
    centre = _managed_centre(actor)
    with transaction.atomic():
        line = _own_line(centre, line_id)
        return line_update(
            actor=actor,
            line_id=line.pk,
            code=line.code,
            name_ar=line.name_ar,
            name_en=line.name_en,
            service_ids=list(line.services.values_list("pk", flat=True)),
            is_default=line.is_default,
            is_open=is_open,
        )


# --- Counters ------------------------------------------------------------------------------------


def _clean_counter(centre, errors: dict, *, counter, name, line_ids, is_open):
    name = _text(errors, "name", name, max_length=COUNTER_NAME_MAX)
    if (
        name
        and Counter.objects.filter(centre_id=centre.pk, name=name)
        .exclude(pk=getattr(counter, "pk", None))
        .exists()
    ):
        errors.setdefault("name", []).append(
            _("A counter named %(name)s already exists at this centre.") % {"name": name}
        )
    ids = _ids(errors, "lines", line_ids)
    if "lines" not in errors:
        if not ids:
            errors["lines"] = [_("Choose at least one line for this counter to serve.")]
        elif Line.objects.filter(centre_id=centre.pk, pk__in=ids).count() != len(ids):
            errors["lines"] = [_("Choose only your centre's lines.")]
    if counter is not None and counter.clerk_id and counter.is_open and not is_open:
        errors.setdefault("is_open", []).append(
            _("%(clerk)s is signed on to this counter. They sign off before it is closed.")
            % {"clerk": counter.clerk.display_name if counter.clerk else ""}
        )
    return name, ids


def _save_counter(centre, counter, *, name, ids, takes_appointments, is_open) -> Counter:
    try:
        with transaction.atomic():
            if counter is None:
                counter = Counter(centre=centre)
            counter.name, counter.takes_appointments, counter.is_open = name, takes_appointments, is_open
            counter.save()
            counter.lines.set(ids)
    except IntegrityError:
        raise Conflict(
            _("A counter named %(name)s already exists at this centre.") % {"name": name}
        ) from None
    return counter


def counter_create(*, actor, name, line_ids=(), takes_appointments=True, is_open=True) -> Counter:
    centre = _managed_centre(actor)
    takes_appointments, is_open = _as_bool(takes_appointments), _as_bool(is_open)
    errors: dict = {}
    name, ids = _clean_counter(centre, errors, counter=None, name=name, line_ids=line_ids, is_open=is_open)
    if errors:
        raise ValidationFailed(_("The counter was not saved. Correct what is marked."), errors=errors)
    return _save_counter(
        centre, None, name=name, ids=ids, takes_appointments=takes_appointments, is_open=is_open
    )


def _own_counter(centre, counter_id) -> Counter:
    try:
        return (
            Counter.objects.select_for_update(of=("self",))
            .select_related("clerk")
            .get(pk=int(counter_id), centre_id=centre.pk)
        )
    except (TypeError, ValueError, Counter.DoesNotExist):
        raise NotFound(_("Counter not found.")) from None


def counter_update(*, actor, counter_id, name, line_ids=(), takes_appointments=True, is_open=True) -> Counter:
    """Rename a counter, change the lines it serves and whether it serves appointments, open or close it."""
    centre = _managed_centre(actor)
    takes_appointments, is_open = _as_bool(takes_appointments), _as_bool(is_open)
    with transaction.atomic():
        counter = _own_counter(centre, counter_id)
        errors: dict = {}
        name, ids = _clean_counter(
            centre, errors, counter=counter, name=name, line_ids=line_ids, is_open=is_open
        )
        if errors:
            raise ValidationFailed(_("The counter was not saved. Correct what is marked."), errors=errors)
        return _save_counter(
            centre, counter, name=name, ids=ids, takes_appointments=takes_appointments, is_open=is_open
        )


def counter_set_open(*, actor, counter_id, is_open) -> Counter:
    centre = _managed_centre(actor)
    with transaction.atomic():
        counter = _own_counter(centre, counter_id)
        return counter_update(
            actor=actor,
            counter_id=counter.pk,
            name=counter.name,
            line_ids=list(counter.lines.values_list("pk", flat=True)),
            takes_appointments=counter.takes_appointments,
            is_open=is_open,
        )
