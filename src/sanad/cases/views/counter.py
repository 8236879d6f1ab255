"""Opening a walk-in case at the counter (/centre/cases/new/): the civil number lookup, the service
(searched over what the centre offers), its form from data, the fee preview, and one transaction
that registers a new citizen and opens the case, or writes nothing and says everything wrong."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sanad.accounts.identity import normalise_id_number
from sanad.accounts.selectors import citizen_by_id_number
from sanad.catalogue.services import form_data_validate
from sanad.core.errors import DomainError, ValidationFailed

from .. import selectors, services
from ..forms import ServiceForm, baisa_from_text, rials
from .centre import staff_only
from .common import error_summary, fee_check, fee_preview, merge_errors

# Form fields that hold the applicant's own civil number and mobile (not a seller's, a worker's…).
OWN_CIVIL_NUMBER_KEYS = ("civil_number",)
OWN_MOBILE_KEYS = ("mobile_number",)


def _service(centre, code: str):
    if not code:
        return None
    return selectors.services_offered_for_walk_in(centre).filter(code=code).first()


def _lookup(id_number: str) -> dict:
    """What the counter knows about a civil number: found (with the citizen), new, or invalid."""
    id_number = (id_number or "").strip()
    if not id_number:
        return {"status": "empty"}
    try:
        person = citizen_by_id_number(id_number)
    except ValidationError as exc:
        return {"status": "invalid", "message": " ".join(exc.messages)}
    if person is None:
        return {"status": "new", "id_number": normalise_id_number(id_number)}
    return {"status": "found", "citizen": person, "id_number": person.citizen_profile.id_number}


def _initial_form_values(version, lookup: dict) -> dict:
    """Prefill the service form with what the counter already knows about the citizen."""
    person = lookup.get("citizen")
    initial = {}
    for field in version.form_fields:
        if field["key"] in OWN_CIVIL_NUMBER_KEYS and lookup.get("id_number"):
            initial[field["key"]] = lookup["id_number"]
        elif field["key"] in OWN_MOBILE_KEYS and person is not None and person.mobile:
            initial[field["key"]] = person.mobile
    return initial


def _citizen_problems(data) -> dict:
    """What is wrong with the citizen part, found without writing anything (so that every problem
    is listed at once even when another part already failed)."""
    from sanad.accounts.identity import normalise_phone

    lookup = _lookup(data.get("id_number", ""))
    if lookup["status"] == "empty":
        return {"id_number": [_("Enter a civil number.")]}
    if lookup["status"] == "invalid":
        return {"id_number": [lookup["message"]]}
    if lookup["status"] == "new":
        if not (data.get("mobile") or "").strip():
            return {"mobile": [_("This person is not registered yet: enter their mobile number.")]}
        try:
            normalise_phone(data["mobile"])
        except ValidationError as exc:
            return {"mobile": list(exc.messages)}
    return {}


def _new_case_context(request, *, service=None, form=None, lookup=None, errors=None, data=None) -> dict:
    centre = request.centre
    data = data if data is not None else {}
    version = service.current_version if service else None
    lookup = lookup if lookup is not None else _lookup(data.get("id_number", ""))
    if form is None and version is not None:
        form = ServiceForm(fields_spec=version.form_fields, initial=_initial_form_values(version, lookup))
    government_fee_text = data.get("government_fee", "")
    if not government_fee_text and version is not None and version.has_fee_range and not version.fee_rules:
        government_fee_text = rials(version.government_fee_max)
    errors = errors or {}
    return {
        "centre": centre,
        "services": list(selectors.services_offered_for_walk_in(centre)),
        "service": service,
        "version": version,
        "documents": list(version.documents.select_related("document_type")) if version else [],
        "form": form,
        "lookup": lookup,
        "data": data,
        "errors": errors,
        "government_fee_text": government_fee_text,
        "preview": fee_preview(centre, service, version, government_fee_text, answers=data),
        "idempotency_key": data.get("idempotency_key") or uuid.uuid4().hex,
        "fee_url": reverse("cases:centre-fee"),
    }


@staff_only
def case_new(request):
    if request.method != "POST":
        service = _service(request.centre, request.GET.get("service", ""))
        data = {"id_number": request.GET.get("id_number", "")}
        return render(
            request, "cases/centre/case_new.html", _new_case_context(request, service=service, data=data)
        )
    data = request.POST
    service = _service(request.centre, data.get("service", ""))
    version = service.current_version if service else None
    form = ServiceForm(data, fields_spec=version.form_fields) if version else None
    case, errors, message, status = _open_walk_in(request, service, form, data)
    if case is not None:
        if data.get("ticket"):  # opened from a queue ticket: link them
            from sanad.queueing.services import ticket_link_case_quietly

            ticket_link_case_quietly(ticket_id=data["ticket"], case=case, actor=request.user)
        messages.success(request, _("Transaction %(reference)s is open.") % {"reference": case.reference})
        return redirect("cases:centre-case", reference=case.reference)
    context = _new_case_context(request, service=service, form=form, errors=errors, data=data)
    context.update({"error_message": message, "error_summary": error_summary(errors, form)})
    if form is not None:
        context["errors"] = form.attach_errors(errors)
    return render(request, "cases/centre/case_new.html", context, status=status)


def _open_walk_in(request, service, form, data):
    """Open the case; on any error, collect every field's message (nothing is written: the citizen's
    registration at the counter and the case are one transaction)."""
    errors: dict[str, list[str]] = {}
    if service is None:
        errors["service"] = [_("Choose a service this centre offers.")]
    government_fee, fee_message = baisa_from_text(data.get("government_fee", ""))
    if fee_message:
        errors["government_fee"] = [fee_message]
    language = request.LANGUAGE_CODE
    failure = None
    if not errors:
        try:
            fee_check(
                centre=request.centre,
                service=service,
                version=service.current_version,
                government_fee=government_fee,
                answers=form.form_data() if form is not None else None,
            )
        except ValidationFailed as exc:
            merge_errors(errors, exc.errors)
    if not errors:
        try:
            case = services.case_open_walk_in(
                actor=request.user,
                centre=request.centre,
                service=service,
                citizen={
                    "id_number": data.get("id_number", ""),
                    "mobile": data.get("mobile", ""),
                    "full_name_ar": data.get("full_name_ar", ""),
                },
                form_data=form.form_data(),
                government_fee=government_fee,
                idempotency_key=(data.get("idempotency_key") or "").strip()[:200] or None,
                language=language,
            )
            return case, {}, "", 201
        except DomainError as exc:
            failure = exc
            merge_errors(errors, exc.errors)
    # Say everything that is wrong at once: each part is checked even when another failed first
    # (these checks write nothing).
    if failure is None or not any(key in errors for key in ("id_number", "mobile")):
        merge_errors(errors, _citizen_problems(data))
    if service is not None and form is not None:
        version = service.current_version
        if not any(key in errors for key in form.fields):
            try:
                form_data_validate(version=version, data=form.form_data(), language=language)
            except ValidationFailed as exc:
                merge_errors(errors, exc.errors)
        if "government_fee" not in errors and not fee_message:
            try:
                fee_check(
                    centre=request.centre,
                    service=service,
                    version=version,
                    government_fee=government_fee,
                    answers=form.form_data(),
                )
            except ValidationFailed as exc:
                merge_errors(errors, exc.errors)
    if failure is not None and not failure.errors:
        message = failure.message
    else:
        message = _("The transaction was not opened. Correct the fields marked below.")
    status = failure.status if failure is not None and failure.status != 400 else 422
    return None, errors, message, status


@staff_only
@require_GET
def citizen_lookup(request):
    """HTMX: the civil number typed at the counter → the citizen's name, or the registration fields."""
    return render(
        request,
        "cases/centre/_citizen.html",
        {"lookup": _lookup(request.GET.get("id_number", "")), "data": {}},
    )


@staff_only
@require_GET
def service_options(request):
    """HTMX: the services this centre offers matching what the clerk typed, as <option>s."""
    q = request.GET.get("q", "").strip()[:100]
    services_ = list(selectors.services_offered_for_walk_in(request.centre, q))
    return render(
        request,
        "cases/centre/_service_options.html",
        {"services": services_, "selected": request.GET.get("service", ""), "q": q},
    )


@staff_only
@require_GET
def service_form(request):
    """HTMX: the chosen service's form, documents checklist and fee, prefilled from the citizen."""
    service = _service(request.centre, request.GET.get("service", ""))
    context = _new_case_context(
        request, service=service, data={"id_number": request.GET.get("id_number", "")}
    )
    return render(request, "cases/centre/_service_form.html", context)


@staff_only
@require_GET
def fee_preview_view(request):
    """HTMX: government + centre fee + 5% VAT = total, for the fee typed."""
    service = _service(request.centre, request.GET.get("service", ""))
    version = service.current_version if service else None
    return render(
        request,
        "cases/_fee_preview.html",
        {
            "preview": fee_preview(
                request.centre, service, version, request.GET.get("government_fee", ""), answers=request.GET
            )
        },
    )
