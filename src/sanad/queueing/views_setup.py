"""The centre manager's queue setup (/centre/queue/setup/): lines and counters, in the centre console.
Clerks see it read-only; the manager and the owner change it. Thin: parse, call one service, render;
a refused change shows the page again with the messages and the values typed (status 422/409)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.centres import selectors as centres
from sanad.centres.views.common import attempt, field_errors

from . import setup
from .appointments import slot_capacity
from .constants import PRIORITY_RUN, SLOT_MINUTES, Priority
from .models import Counter, Line


def _layout_context(request) -> dict | None:
    """What the centre console's layout needs (the same keys as the other console pages)."""
    from sanad.centres.constants import MANAGING_ROLES, StaffRole

    membership = centres.staff_membership(request.user)
    if membership is None:
        return None
    centre = membership.centre
    return {
        "centre": centre,
        "role": membership.role,
        "role_label": StaffRole(membership.role).label,
        "can_manage": membership.role in MANAGING_ROLES,
        "is_owner": membership.role == StaffRole.OWNER,
        "section": "queue",
        "licence": centre.licence,
        "licence_state": centres.licence_state_today(centre.licence),
    }


def _lines(centre) -> list[Line]:
    lines = list(
        Line.objects.filter(centre_id=centre.pk).prefetch_related("services", "counters").order_by("code")
    )
    for line in lines:
        line.service_ids = {s.pk for s in line.services.all()}
        line.form_id = f"line-{line.pk}"
    return lines


def _appointment_places(centre, lines, offered) -> list[dict]:
    """Per open line: the places each appointment slot has (its open counters that serve appointments)."""
    rows = []
    for line in lines:
        if not line.is_open:
            continue
        example = next((s for s in offered if s.pk in line.service_ids), None)
        places = (
            slot_capacity(centre, example)
            if example is not None
            else Counter.objects.filter(
                centre_id=centre.pk, takes_appointments=True, is_open=True, lines=line
            ).count()
        )
        rows.append({"line": line, "places": places})
    return rows


def setup_page(request, *, error=None, status=200, editing: str = ""):
    context = _layout_context(request)
    if context is None:
        return render(request, "centres/manage/no_centre.html", status=404)
    centre = context["centre"]
    offered = [row.service for row in centres.centre_prices(centre)]
    lines = _lines(centre)
    counters = list(
        Counter.objects.filter(centre_id=centre.pk).select_related("clerk").prefetch_related("lines")
    )
    for counter in counters:
        counter.line_ids = {line.pk for line in counter.lines.all()}
        counter.form_id = f"counter-{counter.pk}"
    posted = request.POST if error is not None else {}
    context.update(
        {
            "lines": lines,
            "counters": counters,
            "offered": offered,
            "unlined": [
                s for s in offered if not any(s.pk in line.service_ids for line in lines if line.is_open)
            ],
            "default_line": next((line for line in lines if line.is_default), None),
            "places": _appointment_places(centre, lines, offered),
            "slot_minutes": SLOT_MINUTES,
            "priority_run": PRIORITY_RUN,
            "priorities": Priority.choices,
            # Shown beside the form that was sent (not at the top of the console as well).
            "setup_error": error,
            "error_details": field_errors(error),
            "errors": error.errors if error is not None else {},
            "posted": posted,
            "posted_services": {int(v) for v in posted.getlist("services") if v.isdigit()}
            if posted
            else set(),
            "posted_lines": {int(v) for v in posted.getlist("lines") if v.isdigit()} if posted else set(),
            "editing": editing,
        }
    )
    return render(request, "queueing/setup.html", context, status=status)


def _done(request, error, message: str, editing: str):
    if error is not None:
        return setup_page(request, error=error, status=error.status, editing=editing)
    messages.success(request, message)
    return redirect("queueing:setup")


@login_required
@require_POST
def line_add(request):
    post = request.POST
    line, error = attempt(
        request,
        setup.line_create,
        actor=request.user,
        code=post.get("code", ""),
        name_ar=post.get("name_ar", ""),
        name_en=post.get("name_en", ""),
        service_ids=post.getlist("services"),
        is_default=post.get("is_default", ""),
    )
    return _done(
        request, error, _("Line %(code)s was added.") % {"code": getattr(line, "code", "")}, "line-new"
    )


@login_required
@require_POST
def line_edit(request, line_id: int):
    post = request.POST
    line, error = attempt(
        request,
        setup.line_update,
        actor=request.user,
        line_id=line_id,
        code=post.get("code", ""),
        name_ar=post.get("name_ar", ""),
        name_en=post.get("name_en", ""),
        service_ids=post.getlist("services"),
        is_default=post.get("is_default", ""),
        is_open=post.get("is_open", ""),
    )
    return _done(
        request, error, _("Line %(code)s was saved.") % {"code": getattr(line, "code", "")}, f"line-{line_id}"
    )


@login_required
@require_POST
def line_open(request, line_id: int):
    opening = request.POST.get("is_open", "") == "1"
    line, error = attempt(request, setup.line_set_open, actor=request.user, line_id=line_id, is_open=opening)
    if line is not None:
        text = _("Line %(code)s is open.") if opening else _("Line %(code)s is closed to new tickets.")
        return _done(request, None, text % {"code": line.code}, "")
    return _done(request, error, "", f"line-{line_id}")


@login_required
@require_POST
def counter_add(request):
    post = request.POST
    counter, error = attempt(
        request,
        setup.counter_create,
        actor=request.user,
        name=post.get("name", ""),
        line_ids=post.getlist("lines"),
        takes_appointments=post.get("takes_appointments", ""),
    )
    return _done(
        request,
        error,
        _("Counter %(name)s was added.") % {"name": getattr(counter, "name", "")},
        "counter-new",
    )


@login_required
@require_POST
def counter_edit(request, counter_id: int):
    post = request.POST
    counter, error = attempt(
        request,
        setup.counter_update,
        actor=request.user,
        counter_id=counter_id,
        name=post.get("name", ""),
        line_ids=post.getlist("lines"),
        takes_appointments=post.get("takes_appointments", ""),
        is_open=post.get("is_open", ""),
    )
    return _done(
        request,
        error,
        _("Counter %(name)s was saved.") % {"name": getattr(counter, "name", "")},
        f"counter-{counter_id}",
    )


@login_required
@require_POST
def counter_open(request, counter_id: int):
    opening = request.POST.get("is_open", "") == "1"
    counter, error = attempt(
        request, setup.counter_set_open, actor=request.user, counter_id=counter_id, is_open=opening
    )
    if counter is not None:
        text = _("Counter %(name)s is open.") if opening else _("Counter %(name)s is closed.")
        return _done(request, None, text % {"name": counter.name}, "")
    return _done(request, error, "", f"counter-{counter_id}")
