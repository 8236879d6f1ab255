"""The institution officer's console: their institution's services, drafts, preview, publish,
retire. Another institution's service is a 404 here, as in the API."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.accounts.access import gate
from sanad.core.errors import DomainError

from .. import selectors, services
from ..forms import (
    DocumentForm,
    DocumentFormSet,
    FormFieldForm,
    FormFieldFormSet,
    ServiceNewForm,
    StepFormSet,
    VersionForm,
    formset_items,
)
from .public import _service_context


def _error_lines(exc: DomainError) -> list[str]:
    lines = [msg for msgs in exc.errors.values() for msg in msgs]
    return lines or [exc.message]


def _fail(request, exc: DomainError) -> None:
    messages.error(request, exc.message)
    for line in _error_lines(exc):
        if line != exc.message:
            messages.error(request, line)


@gate("catalogue.manage")
def console_home(request):
    return render(
        request,
        "catalogue/console/home.html",
        {
            "institution": selectors.institution_of(request.user),
            "services": selectors.managed_services_overview(request.user),
        },
    )


@gate("catalogue.manage")
def service_new(request):
    form = ServiceNewForm(request.POST or None)
    service_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.service_create(
                actor=request.user, code=form.cleaned_data["code"], content=form.content()
            )
        except DomainError as exc:
            for key, msgs in exc.errors.items():
                for msg in msgs:
                    form.add_error(key if key in form.fields else None, msg)
            service_errors = [] if exc.errors else [exc.message]
        else:
            messages.success(request, _("The service was created as a draft. Complete it, then publish it."))
            return redirect("catalogue:console-version-edit", code=draft.service.code, number=draft.number)
    return render(
        request,
        "catalogue/console/service_new.html",
        {
            "form": form,
            "service_errors": service_errors,
            "institution": selectors.institution_of(request.user),
        },
    )


@gate("catalogue.manage")
def service_manage(request, code: str):
    service = selectors.service_managed(request.user, code)
    return render(
        request,
        "catalogue/console/service_manage.html",
        {
            "service": service,
            "current": service.current_version,
            "draft": selectors.service_draft(service),
            "versions": service.versions.select_related("published_by").order_by("-number"),
            "cap_changes": selectors.cap_changes(service),
        },
    )


@gate("catalogue.manage")
@require_POST
def version_draft_new(request, code: str):
    service = selectors.service_managed(request.user, code)
    try:
        draft = services.version_draft(actor=request.user, service=service)
    except DomainError as exc:
        _fail(request, exc)
        return redirect("catalogue:console-service", code=code)
    messages.success(request, _("Version %(number)d is open as a draft.") % {"number": draft.number})
    return redirect("catalogue:console-version-edit", code=code, number=draft.number)


def _formsets(version, data=None):
    documents = DocumentFormSet(
        data,
        prefix="documents",
        initial=None
        if data
        else [
            {
                "type": d.document_type.code,
                "mandatory": d.mandatory,
                "formats": d.formats,
                "max_size_kb": d.max_size_kb,
                "note_ar": d.note_ar,
                "note_en": d.note_en,
            }
            for d in version.documents.all()
        ],
    )
    steps = StepFormSet(
        data,
        prefix="steps",
        initial=None
        if data
        else [{k: s.get(k, "") for k in ("code", "name_ar", "name_en")} for s in version.steps],
    )
    fields = FormFieldFormSet(
        data,
        prefix="fields",
        initial=None if data else [FormFieldForm.initial_for(f) for f in version.form_fields],
    )
    return documents, steps, fields


@gate("catalogue.manage")
def version_edit(request, code: str, number: int):
    version = selectors.version_managed(request.user, code, number)
    if not version.is_draft:
        messages.error(request, _("A published version cannot be changed. Draft a new version instead."))
        return redirect("catalogue:console-service", code=code)
    data = request.POST if request.method == "POST" else None
    form = VersionForm(data, initial=VersionForm.initial_for(version))
    documents, steps, fields = _formsets(version, data)
    service_errors: list[str] = []
    if data is not None:
        valid = all([form.is_valid(), documents.is_valid(), steps.is_valid(), fields.is_valid()])
        if valid:
            content = {
                **form.content(),
                "documents": formset_items(documents),
                "steps": formset_items(steps),
                "form_fields": formset_items(fields),
            }
            try:
                services.version_update(actor=request.user, version=version, content=content)
            except DomainError as exc:
                for key, msgs in exc.errors.items():
                    for msg in msgs:
                        if key in form.fields:
                            form.add_error(key, msg)
                        else:
                            service_errors.append(msg)
                if not exc.errors:
                    service_errors.append(exc.message)
            else:
                messages.success(request, _("The draft was saved."))
                if "preview" in request.POST:
                    return redirect("catalogue:console-version", code=code, number=number)
                return redirect("catalogue:console-version-edit", code=code, number=number)
    return render(
        request,
        "catalogue/console/version_edit.html",
        {
            "service": version.service,
            "version": version,
            "form": form,
            "documents": documents,
            "steps": steps,
            "fields": fields,
            "service_errors": service_errors,
            "document_form": DocumentForm,
        },
    )


@gate("catalogue.manage")
def version_preview(request, code: str, number: int):
    version = selectors.version_managed(request.user, code, number)
    context = _service_context(
        version.service,
        version,
        preview=True,
        publish_url=reverse("catalogue:console-version-publish", kwargs={"code": code, "number": number}),
    )
    return render(request, "catalogue/service_detail.html", context)


@gate("catalogue.manage")
@require_POST
def version_publish(request, code: str, number: int):
    version = selectors.version_managed(request.user, code, number)
    try:
        services.version_publish(actor=request.user, version=version)
    except DomainError as exc:
        _fail(request, exc)
        if version.is_draft:
            return redirect("catalogue:console-version-edit", code=code, number=number)
        return redirect("catalogue:console-service", code=code)
    messages.success(
        request, _("Version %(number)d is published. New cases use it from now on.") % {"number": number}
    )
    return redirect("catalogue:console-service", code=code)


@gate("catalogue.manage")
@require_POST
def version_discard(request, code: str, number: int):
    version = selectors.version_managed(request.user, code, number)
    try:
        services.version_discard(actor=request.user, version=version)
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The draft was discarded."))
    return redirect("catalogue:console-service", code=code)


@gate("catalogue.manage")
@require_POST
def service_retire(request, code: str):
    service = selectors.service_managed(request.user, code)
    try:
        services.service_retire(actor=request.user, service=service)
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The service is retired: it no longer accepts new cases."))
    return redirect("catalogue:console-service", code=code)
