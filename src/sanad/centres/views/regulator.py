"""The regulator's licensing console (/regulator/licensing/): queues, a licence's record and actions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.accounts.access import gate
from sanad.accounts.constants import Gender
from sanad.core.errors import NotFound

from .. import licensing, selectors, services
from ..constants import CHECKLIST, EXPIRING_WINDOWS, InspectionKind, LicenceAction, Severity
from .common import attempt, field_errors

TABS = ("applications", "interviews", "inspections", "expiring", "suspended", "expired")


@gate("licensing.supervise")
def console(request):
    tab = request.GET.get("tab", "applications")
    tab = tab if tab in TABS else "applications"
    try:
        window = int(request.GET.get("within", "30"))
    except ValueError:
        window = 30
    window = window if window in EXPIRING_WINDOWS else 30
    due = selectors.inspections_due()
    counts = {
        "applications": selectors.licences_in_application().count(),
        "interviews": selectors.interviews_scheduled().count(),
        "inspections": due["fitout"].count(),
        "routine": due["routine"].count(),
        "suspended": selectors.licences_suspended().count(),
        "expired": selectors.licences_expired().count(),
        "expiring": {d: selectors.licences_expiring(d).count() for d in EXPIRING_WINDOWS},
    }
    rows = {
        "applications": selectors.licences_in_application,
        "interviews": selectors.interviews_scheduled,
        "inspections": lambda: due["fitout"],
        "expiring": lambda: selectors.licences_expiring(window),
        "suspended": selectors.licences_suspended,
        "expired": selectors.licences_expired,
    }[tab]()
    return render(
        request,
        "centres/regulator/console.html",
        {
            "tab": tab,
            "window": window,
            "windows": EXPIRING_WINDOWS,
            "counts": counts,
            "rows": rows[:200],
            "routine": due["routine"][:20] if tab == "inspections" else [],
            "jobs": selectors.jobs_statistics(),
        },
    )


def _licence(licence_id: int):
    try:
        return selectors.licence_for_regulator(licence_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@gate("licensing.supervise")
def licence_page(request, licence_id: int, *, error=None, status=200):
    licence = _licence(licence_id)
    state = selectors.licence_state_today(licence)
    hidden = {LicenceAction.PASS_FITOUT, LicenceAction.FAIL_FITOUT}  # recorded with the inspection form
    if not selectors.licence_is_renewable(licence):
        hidden.add(LicenceAction.RENEW)
    actions = [a for a in licensing.actions_from(state) if a not in hidden]
    step_needs = {s.action: s.needs for s in licensing.STEPS}
    return render(
        request,
        "centres/regulator/licence.html",
        {
            "licence": licence,
            "centre": licence.centre,
            "state": state,
            "actions": [
                {
                    "code": a,
                    "label": LicenceAction(a).label,
                    "needs": step_needs[a],
                    "danger": a in ("reject", "revoke", "suspend"),
                }
                for a in actions
            ],
            "fitout_due": "pass_fitout" in licensing.actions_from(state),
            "events": selectors.licence_history(licence),
            "owners": licence.centre.owners.all(),
            "inspections": selectors.centre_inspections(licence.centre),
            "violations": selectors.centre_open_violations(licence.centre),
            "checklist": list(CHECKLIST.items()),
            "kinds": InspectionKind.choices,
            "severities": Severity.choices,
            "genders": Gender.choices,
            "prices": selectors.centre_prices(licence.centre),
            "staff": selectors.centre_staff(licence.centre),
            "error": error,
            "error_details": field_errors(error),
            "posted": request.POST if error else {},
        },
        status=status,
    )


@gate("licensing.supervise")
@require_POST
def licence_action(request, licence_id: int):
    post = request.POST
    action = post.get("action", "")
    owners = None
    if action == LicenceAction.TRANSFER:
        owners = [
            {
                "full_name_ar": post.get("owner_name_ar", ""),
                "full_name_en": post.get("owner_name_en", ""),
                "civil_number": post.get("owner_civil_number", ""),
                "date_of_birth": post.get("owner_date_of_birth", ""),
                "gender": post.get("owner_gender", ""),
                "is_omani": post.get("owner_is_omani") == "on",
                "full_time": post.get("owner_full_time") == "on",
                "employed_elsewhere": post.get("owner_employed_elsewhere") == "on",
            }
        ]
    _result, error = attempt(
        request,
        services.licence_transition,
        licence_id=licence_id,
        action=action,
        actor=request.user,
        reason=post.get("reason", ""),
        until=post.get("until") or None,
        interview_at=post.get("interview_at") or None,
        owners=owners,
    )
    if error:
        return licence_page(request, licence_id, error=error, status=error.status)
    messages.success(request, _("Done: %(action)s.") % {"action": LicenceAction(action).label})
    return redirect("centres:licence", licence_id=licence_id)


@gate("licensing.supervise")
@require_POST
def inspection_add(request, licence_id: int):
    licence = _licence(licence_id)
    post = request.POST
    violations = []
    for index in range(3):
        description = post.get(f"v{index}_description", "").strip()
        if description:
            violations.append(
                {
                    "code": post.get(f"v{index}_code", "other") or "other",
                    "description": description,
                    "severity": post.get(f"v{index}_severity", "minor"),
                }
            )
    inspection, error = attempt(
        request,
        services.inspection_record,
        centre_id=licence.centre_id,
        actor=request.user,
        kind=post.get("kind", ""),
        visited_on=post.get("visited_on") or None,
        checklist={code: post.get(f"check_{code}") == "on" for code in CHECKLIST},
        violations=violations,
        notes=post.get("notes", ""),
    )
    if error:
        return licence_page(request, licence_id, error=error, status=error.status)
    if inspection.result == "passed":
        messages.success(request, _("The inspection was recorded: passed."))
    else:
        messages.warning(request, _("The inspection was recorded: failed."))
    return redirect("centres:licence", licence_id=licence_id)


@gate("licensing.supervise")
@require_POST
def violation_resolve(request, licence_id: int, violation_id: int):
    _result, error = attempt(
        request, services.violation_resolve, flash=True, violation_id=violation_id, actor=request.user
    )
    if not error:
        messages.success(request, _("The violation was marked as resolved."))
    return redirect("centres:licence", licence_id=licence_id)
