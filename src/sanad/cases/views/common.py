"""Shared by the case pages: turning domain errors into pages or alerts, and what every case page
shows (timeline, documents, custody, fees, actions)."""

from functools import wraps

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.core.errors import BadRequest, DomainError, NotFound, PermissionDenied

from .. import selectors
from ..constants import OPEN_STATES, Action, CaseState
from ..panels import panels_for

# How each state looks (Bootstrap-based classes in cases.css).
STATE_CLASS = {
    CaseState.DRAFT: "case-state-draft",
    CaseState.SUBMITTED: "case-state-new",
    CaseState.ACCEPTED: "case-state-new",
    CaseState.IN_PROGRESS: "case-state-working",
    CaseState.AWAITING_CITIZEN: "case-state-waiting",
    CaseState.SUBMITTED_TO_INSTITUTION: "case-state-institution",
    CaseState.COMPLETED: "case-state-done",
    CaseState.REJECTED: "case-state-bad",
    CaseState.CANCELLED: "case-state-off",
    CaseState.CLOSED: "case-state-off",
}
STATE_ICON = {
    CaseState.DRAFT: "pencil",
    CaseState.SUBMITTED: "inbox",
    CaseState.ACCEPTED: "inbox-fill",
    CaseState.IN_PROGRESS: "gear",
    CaseState.AWAITING_CITIZEN: "hourglass-split",
    CaseState.SUBMITTED_TO_INSTITUTION: "building",
    CaseState.COMPLETED: "check-circle",
    CaseState.REJECTED: "x-octagon",
    CaseState.CANCELLED: "slash-circle",
    CaseState.CLOSED: "archive",
}
# Buttons: the way forward is primary, stepping back is a warning, ending the case is danger.
ACTION_STYLE = {
    Action.SEND_BACK: "outline-warning",
    Action.CANCEL: "outline-danger",
    Action.DECLINE: "outline-danger",
    Action.REJECT: "outline-danger",
    Action.REQUEST_INFO: "outline-warning",
}
ACTION_ICON = {
    Action.SUBMIT: "send",
    Action.ACCEPT: "inbox",
    Action.DECLINE: "x-circle",
    Action.START: "play-circle",
    Action.SEND_BACK: "reply",
    Action.RESPOND: "send-check",
    Action.SUBMIT_TO_INSTITUTION: "building-up",
    Action.COMPLETE: "check2-circle",
    Action.REJECT: "x-octagon",
    Action.CORRECT: "arrow-repeat",
    Action.CLOSE: "archive",
    Action.CANCEL: "slash-circle",
}


def error_page(request, status: int, message: str):
    titles = {400: _("Bad request"), 403: _("Not allowed"), 404: _("Page not found")}
    return render(
        request,
        "errors/error.html",
        {"status": status, "title": titles.get(status, _("Bad request")), "message": message},
        status=status,
    )


def load_case(request, reference: str):
    """The case the signed-in person may see; someone else's is the 404 page, like a missing one.
    A mistyped reference raises BadRequest, which @reference_view shows as the 400 page."""
    try:
        return selectors.case_for(request.user, reference)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def reference_view(view):
    """A page addressed by a case reference: a mistyped one (wrong check digit) is a 400 page
    that says so."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as exc:
            return error_page(request, 400, exc.message)

    return wrapper


def attempt(func, **kwargs):
    """Call a service. Returns (result, None) or (None, error). Not yours is the 404 page and not
    allowed the 403 page, as in the API; every other error is shown on the page that asked."""
    try:
        return func(**kwargs), None
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except DomainError as exc:
        return None, exc


def error_details(error) -> list[str]:
    """Each field message of an error, flattened, without repeating the main message."""
    if error is None:
        return []
    seen, out = {error.message}, []

    def walk(value):
        if isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, (list, tuple)):
            for inner in value:
                walk(inner)
        elif str(value) not in seen:
            seen.add(str(value))
            out.append(str(value))

    walk(error.errors)
    return out


def decorate(case, now=None):
    """Presentation attributes a list or header needs (state look, SLA)."""
    case.state_class = STATE_CLASS.get(case.state, "case-state-off")
    case.state_icon = STATE_ICON.get(case.state, "circle")
    case.sla = selectors.sla_status(case, now=now)
    return case


def action_buttons(case, user) -> list[dict]:
    return [
        {
            "action": step.action,
            "label": Action(step.action).label,
            "note_required": step.note_required,
            "style": ACTION_STYLE.get(step.action, "primary"),
            "icon": ACTION_ICON.get(step.action, "arrow-left-circle"),
            "institution_reference": step.action == Action.SUBMIT_TO_INSTITUTION,
            "target_label": CaseState(step.target).label,
        }
        for step in selectors.allowed_actions(case, user)
    ]


def form_answers(case) -> list[dict]:
    """What was typed into the service form, with the field labels (and choice labels) in the page's
    language, in the form's order."""
    from ..forms import bilingual

    answers = []
    for field in case.service_version.form_fields:
        if field["key"] not in case.form_data:
            continue
        value = case.form_data[field["key"]]
        if field["type"] == "choice":
            choice = next(
                (c for c in (field.get("constraints") or {}).get("choices", []) if c["value"] == str(value)),
                None,
            )
            value = bilingual(choice, "label") if choice else value
        elif field["type"] == "boolean":
            value = _("Yes") if value else _("No")
        elif field["type"] == "phone":
            from sanad.core.formatting import phone_text

            value = phone_text(value)  # +968 9123 4567, as everywhere
        answers.append(
            {
                "label": bilingual(field, "label"),
                "value": value,
                "ltr": field["type"] not in ("text", "textarea", "choice", "boolean"),
            }
        )
    return answers


def case_context(request, case, *, error=None, upload_for: str = "") -> dict:
    """Everything both case pages (the centre's and the citizen's) show."""
    decorate(case)
    timeline = list(selectors.case_timeline(case))
    checklist = selectors.documents_checklist(case)
    # A finished case keeps its checklist, without alarms about what is no longer needed.
    highlight = case.state in (*OPEN_STATES, CaseState.DRAFT)
    for row in checklist:
        row["alarm"] = row["missing"] and highlight
    custody = list(case.custody.select_related("received_by", "returned_by").all())
    send_back = next(
        (e for e in reversed(timeline) if e.action in (Action.SEND_BACK, Action.REQUEST_INFO)), None
    )
    return {
        "case": case,
        "timeline": timeline,
        "checklist": checklist,
        "missing": [row for row in checklist if row["alarm"]],
        "documents_complete": not any(row["missing"] for row in checklist),
        "outcomes": list(selectors.outcome_documents(case).select_related("uploaded_by")),
        "custody": custody,
        "held": [item for item in custody if item.held],
        "actions": action_buttons(case, request.user),
        "panels": panels_for(request, case),
        "send_back": send_back,
        "answers": form_answers(case),
        "error": error,
        "error_details": error_details(error),
        "error_field": next(iter(error.errors), "") if error is not None else "",
        "upload_for": upload_for,
        "posted": request.POST if error is not None else {},
    }


def fee_check(*, centre, service, version, government_fee: int | None, answers: dict | None = None) -> dict:
    """The fee breakdown for a new case (services.fee_snapshot: the one government-fee rule), or
    ValidationFailed saying what is wrong; a fee the clerk must type is asked for in rials (the web
    form takes rials; the domain's own messages speak baisa, for the API)."""
    from sanad.core.errors import ValidationFailed
    from sanad.core.money import format_omr

    from .. import services

    try:
        return services.fee_snapshot(
            centre=centre, service=service, version=version, government_fee=government_fee, answers=answers
        )
    except ValidationFailed as exc:
        if government_fee is None and "government_fee" in (exc.errors or {}):
            message = _("Enter the government fee for this case: from %(min)s to %(max)s") % {
                "min": format_omr(version.government_fee_min),
                "max": format_omr(version.government_fee_max),
            }
            raise ValidationFailed(message, errors={**exc.errors, "government_fee": [message]}) from None
        raise


def fee_preview(centre, service, version, government_fee_text: str, answers=None) -> dict:
    """{'fee': breakdown} or {'error': message} for the fee typed (rials), for the HTMX preview.
    With no fee typed, the fee the catalogue's rule derives from the answers, with the rule's row
    ({'rule': {question, answer, …}}); before the deciding answer is given, a hint naming it."""
    from sanad.catalogue.services import fee_rule_rows, government_fee_from_answers
    from sanad.core.errors import ValidationFailed

    from ..forms import baisa_from_text

    if service is None or version is None or centre is None:
        return {}
    baisa, message = baisa_from_text(government_fee_text)
    if message:
        return {"error": message}
    rule = None
    if baisa is None and version.fee_rules:
        baisa = government_fee_from_answers(version=version, answers=answers or {})
        rows = fee_rule_rows(version=version, centre_fee=0)
        if baisa is None:
            if not rows:
                return {"error": _("Enter the government fee for this case.")}
            return {"hint": rows[0]["question"], "rules": rows}
        rule = next(
            (r for r in rows if str((answers or {}).get(r["field"], "")) == r["value"]),
            None,
        )
    try:
        fee = fee_check(centre=centre, service=service, version=version, government_fee=baisa)
    except ValidationFailed as exc:
        return {"error": " ".join(error_details(exc)) or exc.message}
    return {"fee": fee, "rule": rule}


def merge_errors(errors: dict, more: dict) -> None:
    """Add a domain error's messages to `errors` ({field: [messages]}), flattening the nested
    citizen and form_data groups."""
    for key, value in (more or {}).items():
        if key == "citizen" and isinstance(value, dict):
            merge_errors(errors, value)
            continue
        if key == "form_data" and isinstance(value, dict):
            merge_errors(errors, value)
            continue
        items = value if isinstance(value, list) else [value]
        errors.setdefault(key, [])
        errors[key].extend(str(v) for v in items if str(v) not in errors[key])


# Where each message outside the service form is shown (the input it points to).
OWN_FIELDS = {
    "id_number": ("id_number", gettext_lazy("Civil number")),
    "mobile": ("mobile", gettext_lazy("Mobile number")),
    "full_name_ar": ("full_name_ar", gettext_lazy("Full name")),
    "service": ("service", gettext_lazy("Service")),
    "government_fee": ("government_fee", gettext_lazy("Government fee")),
}


def error_summary(errors: dict, form) -> list[dict]:
    """The error summary above the form: each message, the field it is about, a link to it."""
    rows = []
    for key, messages_ in errors.items():
        if form is not None and key in form.fields:
            target, label = form[key].id_for_label, form.fields[key].label
        else:
            target, label = OWN_FIELDS.get(key, ("", ""))
        for message in messages_:
            rows.append({"target": target, "label": str(label), "message": message})
    return rows
