"""The centre console (/centre/): the clerk's screen all day. The list of the centre's cases with SLA
colours, and the case page with exactly the allowed actions (opening a walk-in case is in
counter.py). Staff see only their own centre's cases (tenancy is in the selectors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanad.accounts.constants import Role
from sanad.audit.services import audit_case_opened
from sanad.core.errors import BadRequest, ValidationFailed
from sanad.core.paging import CountedPaginator

from .. import selectors, services, workflow
from ..constants import OPEN_STATES, CaseState, DocumentRole
from ..forms import CustodyForm, baisa_from_text, rials
from ..panels import banners_for
from .common import attempt, case_context, decorate, load_case, reference_view

PAGE_SIZE = 50


def _centre(request):
    """The centre where the signed-in person works now, or None."""
    from sanad.centres.selectors import staff_membership

    if not request.user.is_authenticated or request.user.role != Role.CENTRE_STAFF:
        return None
    membership = staff_membership(request.user)
    return membership.centre if membership else None


def staff_only(view):
    """Signed-in centre staff with an active membership; anyone else gets a page that says why."""
    from functools import wraps

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        centre = _centre(request)
        if centre is None:
            return render(request, "cases/centre/no_centre.html", status=403)
        request.centre = centre
        return view(request, *args, **kwargs)

    return wrapper


# --- the console ----------------------------------------------------------------------------------
@staff_only
@require_GET
def console(request):
    view = request.GET.get("view", "open")
    if view not in selectors.CONSOLE_VIEWS:
        view = "open"
    state = request.GET.get("state", "")
    if state not in CaseState.values:
        state = ""
    q = request.GET.get("q", "").strip()[:40]
    now = timezone.now()
    search_error = ""
    try:
        qs = selectors.cases_for_console(request.user, view=view, state=state, q=q, now=now)
    except BadRequest as exc:
        search_error, qs = (
            exc.message,
            selectors.cases_for_console(request.user, view=view, state=state, now=now).none(),
        )
    page = CountedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    cases = [decorate(case, now) for case in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "centre": request.centre,
        "cases": cases,
        "page": page,
        "view": view,
        "state": state,
        "q": q,
        "search_error": search_error,
        "counts": selectors.console_counts(request.user, now=now),
        "banners": banners_for(request),
        "views": [
            ("open", _("Still open")),
            ("today", _("Opened today")),
            ("overdue", _("Overdue")),
            ("finished", _("Finished")),
            ("all", _("All")),
        ],
        "states": [(s, CaseState(s).label) for s in CaseState.values],
        "open_states": OPEN_STATES,
        "querystring": params.urlencode(),
    }
    template = "cases/centre/_case_rows.html" if request.htmx else "cases/centre/console.html"
    # HTMX swaps only successful answers: the rows (with the message) come back as 200 there.
    return render(request, template, context, status=400 if search_error and not request.htmx else 200)


# --- the case page --------------------------------------------------------------------------------
def _case_page(request, case, *, error=None, upload_for: str = "", status: int = 200):
    context = case_context(request, case, error=error, upload_for=upload_for)
    context.update(
        {
            "centre": request.centre,
            "custody_form": CustodyForm(
                request.POST if error is not None and upload_for == "custody" else None
            ),
            "fee_editable": workflow.fee_editable(case.state) and case.service_version.has_fee_range,
            "government_fee_text": rials(case.government_fee),
            "citizen_profile": getattr(case.citizen, "citizen_profile", None),
            # The citizen's documents matter until the case goes to the institution (or back to work).
            "documents_editable": case.state in (*OPEN_STATES, CaseState.DRAFT)
            and case.state != CaseState.SUBMITTED_TO_INSTITUTION,
        }
    )
    return render(request, "cases/centre/case.html", context, status=status)


@staff_only
@reference_view
@require_GET
def case_page(request, reference: str):
    case = load_case(request, reference)
    audit_case_opened(case=case)
    return _case_page(request, case)


def _after(request, case, result, error, *, success: str, upload_for: str = ""):
    if error is not None:
        case.refresh_from_db()
        return _case_page(request, case, error=error, upload_for=upload_for, status=error.status)
    messages.success(request, success)
    return redirect("cases:centre-case", reference=case.reference)


def _expected_version(request) -> int | None:
    try:
        return int(request.POST.get("expected_version", ""))
    except ValueError:
        return None


@staff_only
@reference_view
@require_POST
def case_act(request, reference: str):
    case = load_case(request, reference)
    action = request.POST.get("action", "")
    result, error = attempt(
        services.case_transition,
        case_id=case.pk,
        action=action,
        actor=request.user,
        note=request.POST.get("note", "")[:2000],
        expected_version=_expected_version(request),
        institution_reference=request.POST.get("institution_reference", ""),
    )
    success = ""
    if result is not None:
        success = _("Done: the transaction is now “%(state)s”.") % {"state": result.get_state_display()}
    return _after(request, case, result, error, success=success, upload_for=f"action:{action}")


@staff_only
@reference_view
@require_POST
def document_add(request, reference: str):
    case = load_case(request, reference)
    role = request.POST.get("role", DocumentRole.REQUIRED)
    code = request.POST.get("document_type", "")
    uploaded = request.FILES.get("file")
    if uploaded is None:
        message = _("Choose a file to upload.")
        error = ValidationFailed(message, errors={"file": [message]})
        result = None
    else:
        result, error = attempt(
            services.document_upload,
            case=case,
            actor=request.user,
            uploaded=uploaded,
            document_type_code=code,
            role=role,
        )
    success = _("Uploaded: %(name)s.") % {"name": result.original_name} if result else ""
    return _after(request, case, result, error, success=success, upload_for=code or role)


@staff_only
@reference_view
@require_POST
def custody_add(request, reference: str):
    case = load_case(request, reference)
    result, error = attempt(
        services.custody_receive,
        case=case,
        actor=request.user,
        item_type=request.POST.get("item_type", ""),
        description=request.POST.get("description", ""),
    )
    success = _("Recorded: the centre holds the citizen's %(item)s.") % {"item": result} if result else ""
    return _after(request, case, result, error, success=success, upload_for="custody")


@staff_only
@reference_view
@require_POST
def custody_return(request, reference: str, item_id: int):
    case = load_case(request, reference)
    if not case.custody.filter(pk=item_id).exists():
        from django.http import Http404

        raise Http404(_("Not found."))
    result, error = attempt(services.custody_return, item_id=item_id, actor=request.user)
    success = _("Recorded: %(item)s returned to the citizen.") % {"item": result} if result else ""
    return _after(request, case, result, error, success=success, upload_for="custody")


@staff_only
@reference_view
@require_POST
def fee_change(request, reference: str):
    case = load_case(request, reference)
    baisa, message = baisa_from_text(request.POST.get("government_fee", ""))
    if message or baisa is None:
        message = message or _("Enter an amount in rials, e.g. 12.500.")
        result, error = None, ValidationFailed(message, errors={"government_fee": [message]})
    else:
        result, error = attempt(
            services.case_fee_change,
            case_id=case.pk,
            actor=request.user,
            government_fee=baisa,
            note=request.POST.get("note", "")[:2000],
        )
    success = _("The fee was changed and the citizen was told.") if result else ""
    return _after(request, case, result, error, success=success, upload_for="fee")
