"""The citizen's "My data" page (/my/data/): download a copy, corrections, consents, erasure; and
the reviewers' page for corrections (/corrections/: the regulator and centre staff)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.accounts.access import gate
from sanad.accounts.constants import Role
from sanad.core.errors import DomainError, NotFound

from . import rights
from .constants import ConsentPurpose, RectificationField
from .export import data_export
from .models import DataExport, ErasureRequest, RectificationRequest, RetentionRule

citizens_only = gate("data.own")


def _page(request, *, error=None, status=200):
    person = request.user
    consents = rights.consents_of(person)
    return render(
        request,
        "audit/my_data.html",
        {
            "consents": [
                {"purpose": value, "label": label, "consent": consents.get(value)}
                for value, label in ConsentPurpose.choices
            ],
            "fields": RectificationField.choices,
            "corrections": RectificationRequest.objects.filter(person=person)[:20],
            "erasures": ErasureRequest.objects.filter(person=person)[:5],
            "exports": DataExport.objects.filter(person=person)[:10],
            "blockers": rights.erasure_blockers(person),
            "retention": RetentionRule.objects.all(),
            "error": error,
            "posted": request.POST if error is not None else {},
        },
        status=status,
    )


@citizens_only
def my_data(request):
    return _page(request)


@citizens_only
@require_POST
def my_data_export(request):
    record, content = data_export(person=request.user, actor=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="sanad-my-data-{record.created_at:%Y%m%d}.zip"'
    return response


def _attempt(request, func, success: str, **kwargs):
    try:
        func(**kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        return _page(request, error=exc, status=exc.status)
    messages.success(request, success)
    return redirect("audit:my-data")


@citizens_only
@require_POST
def my_consent(request):
    return _attempt(
        request,
        rights.consent_set,
        _("Your choice is saved."),
        person=request.user,
        purpose=request.POST.get("purpose", ""),
        given=request.POST.get("given") == "1",
    )


@citizens_only
@require_POST
def my_correction(request):
    return _attempt(
        request,
        rights.rectification_request,
        _("Your correction was sent for review."),
        person=request.user,
        field=request.POST.get("field", ""),
        value=request.POST.get("value", "")[:300],
        reason=request.POST.get("reason", "")[:2000],
    )


@citizens_only
@require_POST
def my_erasure(request):
    return _attempt(
        request,
        rights.erasure_request,
        _("Your erasure request is recorded. It will be carried out when the retention period ends."),
        person=request.user,
        reason=request.POST.get("reason", "")[:2000],
    )


@citizens_only
@require_POST
def my_erasure_withdraw(request, request_id: int):
    return _attempt(
        request,
        rights.erasure_withdraw,
        _("Your erasure request is withdrawn."),
        person=request.user,
        request_id=request_id,
    )


# --- reviewers ---------------------------------------------------------------------------------
REVIEWERS = (Role.REGULATOR, Role.ADMIN, Role.CENTRE_STAFF)


reviewers_only = gate("corrections.review")


@reviewers_only
def corrections(request, *, error=None, status=200):
    return render(
        request,
        "audit/corrections.html",
        {"requests": rights.rectifications_for_reviewer(request.user)[:100], "error": error},
        status=status,
    )


@reviewers_only
@require_POST
def correction_review(request, request_id: int):
    try:
        rights.rectification_review(
            request_id=request_id,
            reviewer=request.user,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", "")[:2000],
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        return corrections(request, error=exc, status=exc.status)
    messages.success(request, _("The decision is saved."))
    return redirect("audit:corrections")
