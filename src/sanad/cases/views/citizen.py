"""The citizen portal (/my/cases/): my transactions, a new online request (service → centre → form),
and my transaction's page (timeline, fees, what the centre holds, answering a send-back)."""

import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanad.accounts.constants import Role
from sanad.core.errors import ValidationFailed

from .. import selectors, services, workflow
from ..constants import OPEN_STATES, Action, CaseState, Channel
from ..forms import ServiceForm, baisa_from_text, rials
from .common import (
    attempt,
    case_context,
    decorate,
    error_summary,
    fee_check,
    fee_preview,
    load_case,
    merge_errors,
    reference_view,
)
from .counter import OWN_CIVIL_NUMBER_KEYS, OWN_MOBILE_KEYS

PAGE_SIZE = 20
CENTRES_SHOWN = 12


def citizens_only(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if request.user.role != Role.CITIZEN:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("This page is for citizens' own transactions."))
        return view(request, *args, **kwargs)

    return wrapper


@citizens_only
@require_GET
def my_cases(request):
    qs = selectors.cases_visible_to(request.user).order_by("-created_at", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    cases = [decorate(case) for case in page.object_list]
    return render(
        request,
        "cases/citizen/my_cases.html",
        {
            "cases": cases,
            "page": page,
            "waiting": [c for c in cases if c.state == CaseState.AWAITING_CITIZEN],
            "open_states": OPEN_STATES,
        },
    )


# --- a new online request -------------------------------------------------------------------------
def _online_service(code: str):
    from sanad.catalogue.selectors import services_search

    if not code:
        return None
    return services_search(channel=Channel.ONLINE).filter(code=code).first()


def _centres_for(service, *, wilayat: str = "", lat: str = "", lon: str = ""):
    """Licensed centres offering the service: nearest first when the browser gave a position in
    Oman, else in a wilayat (or all), each with its fee for this service."""
    from sanad.centres import selectors as centres
    from sanad.geo.selectors import in_oman

    qs = centres.centres_search(service=service.code)
    point = None
    try:
        point = (float(lat), float(lon)) if lat and lon else None
    except ValueError:
        point = None
    if point is not None and not in_oman(*point):
        point = None
    if point is not None:
        found = centres.NearestResults(qs, *point)[0:CENTRES_SHOWN]
    else:
        if wilayat:
            qs = qs.filter(wilayat__code=wilayat)
        found = list(
            qs.order_by("wilayat__governorate__sort_order", "wilayat__sort_order", "name_ar")[
                : CENTRES_SHOWN * 4
            ]
        )
    from sanad.catalogue.services import fee_breakdown

    for centre in found:
        centre.fee = fee_breakdown(
            version=service.current_version, centre_fee=centres.centre_fee_for(centre, service).fee
        )
    return found, point


def _centre_for(service, centre_id: str):
    from sanad.centres import selectors as centres

    try:
        pk = int(centre_id)
    except (TypeError, ValueError):
        return None
    return centres.centres_search(service=service.code).filter(pk=pk).first()


@citizens_only
def case_new(request):
    from sanad.catalogue.selectors import services_search
    from sanad.geo import selectors as geo

    params = request.POST if request.method == "POST" else request.GET
    service = _online_service(params.get("service", ""))
    centre = _centre_for(service, params.get("centre", "")) if service else None
    context = {"service": service, "centre": centre, "step": "service"}
    if service is None:
        q = request.GET.get("q", "").strip()[:100]
        results = list(services_search(q or None, channel=Channel.ONLINE)[:30])
        context.update({"q": q, "results": results})
        if request.htmx:
            return render(request, "cases/citizen/_service_results.html", context)
        return render(request, "cases/citizen/case_new.html", context)
    version = service.current_version
    context["version"] = version
    if centre is None:
        wilayat = request.GET.get("wilayat", "")
        centres_, point = _centres_for(
            service, wilayat=wilayat, lat=request.GET.get("lat", ""), lon=request.GET.get("lon", "")
        )
        context.update(
            {
                "step": "centre",
                "centres": centres_,
                "point": point,
                "wilayat": wilayat,
                "governorates": list(geo.governorates_with_wilayats()),
            }
        )
        return render(request, "cases/citizen/case_new.html", context)
    context["step"] = "form"
    profile = getattr(request.user, "citizen_profile", None)
    if request.method != "POST":
        initial = {}
        for field in version.form_fields:
            if field["key"] in OWN_CIVIL_NUMBER_KEYS and profile:
                initial[field["key"]] = profile.id_number
            elif field["key"] in OWN_MOBILE_KEYS and request.user.mobile:
                initial[field["key"]] = request.user.mobile
        government_fee_text = rials(version.government_fee_max) if version.has_fee_range else ""
        context.update(
            {
                "form": ServiceForm(fields_spec=version.form_fields, initial=initial),
                "government_fee_text": government_fee_text,
                "preview": fee_preview(centre, service, version, government_fee_text),
                "documents": list(version.documents.select_related("document_type")),
                "idempotency_key": uuid.uuid4().hex,
                "errors": {},
            }
        )
        return render(request, "cases/citizen/case_new.html", context)
    form = ServiceForm(request.POST, fields_spec=version.form_fields)
    government_fee_text = request.POST.get("government_fee", "")
    case, errors, failure = _send_request(request, service, centre, form, government_fee_text)
    if case is not None:
        messages.success(
            request,
            _("Your request %(reference)s was sent to %(centre)s. Upload your documents below.")
            % {"reference": case.reference, "centre": centre.name},
        )
        return redirect("cases:my-case", reference=case.reference)
    summary = error_summary(errors, form)
    context.update(
        {
            "form": form,
            "government_fee_text": government_fee_text,
            "preview": fee_preview(centre, service, version, government_fee_text),
            "documents": list(version.documents.select_related("document_type")),
            "idempotency_key": request.POST.get("idempotency_key") or uuid.uuid4().hex,
            "errors": form.attach_errors(errors),
            "error_summary": summary,
            "error_message": failure.message
            if failure is not None and not failure.errors
            else _("Your request was not sent. Correct the fields marked below."),
        }
    )
    status = failure.status if failure is not None else 422
    return render(request, "cases/citizen/case_new.html", context, status=status)


def _send_request(request, service, centre, form, government_fee_text: str):
    """Open the online request, or (None, every field's messages, the domain error if any)."""
    from sanad.catalogue.services import form_data_validate

    version = service.current_version
    errors: dict[str, list[str]] = {}
    government_fee, fee_message = baisa_from_text(government_fee_text)
    if fee_message:
        errors["government_fee"] = [fee_message]
    else:
        try:
            fee_check(
                centre=centre,
                service=service,
                version=version,
                government_fee=government_fee,
                answers=form.form_data(),
            )
        except ValidationFailed as exc:
            merge_errors(errors, exc.errors)
    try:
        form_data_validate(version=version, data=form.form_data(), language=request.LANGUAGE_CODE)
    except ValidationFailed as exc:
        merge_errors(errors, exc.errors)
    if errors:
        return None, errors, None
    case, failure = attempt(
        services.case_open,
        actor=request.user,
        centre=centre,
        service=service,
        citizen=request.user,
        channel=Channel.ONLINE,
        form_data=form.form_data(),
        government_fee=government_fee,
        idempotency_key=(request.POST.get("idempotency_key") or "").strip()[:200] or None,
        language=request.LANGUAGE_CODE,
    )
    if failure is not None:
        merge_errors(errors, failure.errors)
    return case, errors, failure


@citizens_only
@require_GET
def fee_preview_view(request):
    service = _online_service(request.GET.get("service", ""))
    centre = _centre_for(service, request.GET.get("centre", "")) if service else None
    preview = {}
    if service is not None and centre is not None:
        preview = fee_preview(centre, service, service.current_version, request.GET.get("government_fee", ""))
    return render(request, "cases/_fee_preview.html", {"preview": preview})


# --- my transaction -------------------------------------------------------------------------------
def _case_page(request, case, *, error=None, upload_for: str = "", status: int = 200):
    context = case_context(request, case, error=error, upload_for=upload_for)
    context["can_upload"] = workflow.citizen_documents_editable(case.state)
    context["respond"] = next((a for a in context["actions"] if a["action"] == Action.RESPOND), None)
    context["other_actions"] = [a for a in context["actions"] if a["action"] != Action.RESPOND]
    return render(request, "cases/citizen/case.html", context, status=status)


@citizens_only
@reference_view
@require_GET
def case_page(request, reference: str):
    return _case_page(request, load_case(request, reference))


def _after(request, case, result, error, *, success: str, upload_for: str = ""):
    if error is not None:
        case.refresh_from_db()
        return _case_page(request, case, error=error, upload_for=upload_for, status=error.status)
    messages.success(request, success)
    return redirect("cases:my-case", reference=case.reference)


@citizens_only
@reference_view
@require_POST
def case_act(request, reference: str):
    case = load_case(request, reference)
    action = request.POST.get("action", "")
    try:
        expected = int(request.POST.get("expected_version", ""))
    except ValueError:
        expected = None
    result, error = attempt(
        services.case_transition,
        case_id=case.pk,
        action=action,
        actor=request.user,
        note=request.POST.get("note", "")[:2000],
        expected_version=expected,
    )
    success = ""
    if result is not None:
        success = (
            _("Thank you. The centre has your answer and continues the work.")
            if action == Action.RESPOND
            else _("Done: your transaction is now “%(state)s”.") % {"state": result.get_state_display()}
        )
    return _after(request, case, result, error, success=success, upload_for=f"action:{action}")


@citizens_only
@reference_view
@require_POST
def document_add(request, reference: str):
    case = load_case(request, reference)
    code = request.POST.get("document_type", "")
    uploaded = request.FILES.get("file")
    if uploaded is None:
        message = _("Choose a file to upload.")
        result, error = None, ValidationFailed(message, errors={"file": [message]})
    else:
        result, error = attempt(
            services.document_upload,
            case=case,
            actor=request.user,
            uploaded=uploaded,
            document_type_code=code,
        )
    success = _("Uploaded: %(name)s.") % {"name": result.original_name} if result else ""
    return _after(request, case, result, error, success=success, upload_for=code)
