"""A person's copy of their data: a ZIP with `data.json` (everything, machine-readable), `summary.pdf`
(readable, Arabic and English) and their documents. Other areas add their part (ratings,
complaints…) with `@section("name")`; a section returns JSON-ready data for one person."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable

from django.core.files.storage import storages
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.errors import NotFound

from .constants import Operation
from .models import Consent, DataExport, ErasureRequest, RectificationRequest
from .recorder import jsonable

SECTIONS: dict[str, Callable] = {}


def section(name: str):
    def decorator(func):
        if name in SECTIONS and SECTIONS[name] is not func:
            raise ValueError(f"export section {name!r} is already registered")
        SECTIONS[name] = func
        return func

    return decorator


@section("profile")
def _profile(person) -> dict:
    profile = getattr(person, "citizen_profile", None)
    return {
        "username": person.username,
        "full_name_ar": person.full_name_ar,
        "full_name_en": person.full_name_en,
        "email": person.email,
        "mobile": person.mobile,
        "preferred_language": person.preferred_language,
        "joined": jsonable(person.date_joined),
        "identity": {
            "kind": profile.id_kind,
            "number": profile.id_number,
            "date_of_birth": jsonable(profile.date_of_birth),
            "gender": profile.gender,
            "omani": profile.is_omani,
        }
        if profile
        else None,
    }


@section("cases")
def _cases(person) -> list:
    from sanad.cases.models import Case

    out = []
    cases = (
        Case.objects.filter(citizen=person).select_related("centre", "service_version").order_by("created_at")
    )
    for case in cases.prefetch_related("events", "documents", "custody"):
        out.append(
            {
                "reference": case.reference,
                "service_ar": case.service_version.name_ar,
                "service_en": case.service_version.name_en,
                "centre_ar": case.centre.name_ar,
                "centre_en": case.centre.name_en,
                "channel": case.channel,
                "state": case.state,
                "opened_at": jsonable(case.created_at),
                "closed_at": jsonable(case.closed_at),
                "fee_baisa": case.fee,
                "form_data": case.form_data,
                "institution_reference": case.institution_reference,
                "decision_note": case.decision_note,
                "events": [
                    {
                        "at": jsonable(e.created_at),
                        "action": e.action,
                        "from": e.from_state,
                        "to": e.to_state,
                        "note": e.note,
                    }
                    for e in case.events.all()
                ],
                "documents": [
                    {
                        "name": d.original_name,
                        "kind": d.role,
                        "content_type": d.content_type,
                        "size": d.size,
                        "sha256": d.sha256,
                        "uploaded_at": jsonable(d.uploaded_at),
                        "current": d.is_current,
                        "file_in_export": _document_path(case, d) if d.file.name else None,
                    }
                    for d in case.documents.all()
                ],
                "originals_held": [
                    {
                        "item": c.item_type,
                        "description": c.description,
                        "received_at": jsonable(c.received_at),
                        "returned_at": jsonable(c.returned_at),
                    }
                    for c in case.custody.all()
                ],
            }
        )
    return out


@section("payments")
def _payments(person) -> list:
    from sanad.payments.models import Payment

    out = []
    payments = Payment.objects.filter(case__citizen=person).select_related("case").order_by("created_at")
    for payment in payments.prefetch_related("refunds"):
        receipt = getattr(payment, "receipt", None)
        out.append(
            {
                "case": payment.case.reference,
                "method": payment.method,
                "state": payment.state,
                "total_baisa": payment.total,
                "government_fee_baisa": payment.government_fee,
                "centre_fee_baisa": payment.centre_fee,
                "vat_baisa": payment.vat,
                "paid_at": jsonable(payment.paid_at),
                "receipt": receipt.number if receipt else None,
                "refunds": [
                    {
                        "total_baisa": r.total,
                        "state": r.state,
                        "reason": r.reason,
                        "at": jsonable(r.created_at),
                    }
                    for r in payment.refunds.all()
                ],
            }
        )
    return out


@section("rights")
def _rights(person) -> dict:
    return {
        "consents": [
            {"purpose": c.purpose, "given_at": jsonable(c.given_at), "withdrawn_at": jsonable(c.withdrawn_at)}
            for c in Consent.objects.filter(person=person)
        ],
        "corrections": [
            {
                "field": r.field,
                "requested_value": r.requested_value,
                "state": r.state,
                "requested_at": jsonable(r.requested_at),
            }
            for r in RectificationRequest.objects.filter(person=person)
        ],
        "erasure_requests": [
            {
                "state": r.state,
                "requested_at": jsonable(r.requested_at),
                "erase_after": jsonable(r.erase_after),
            }
            for r in ErasureRequest.objects.filter(person=person)
        ],
        "earlier_exports": [
            {"at": jsonable(e.created_at), "sha256": e.sha256}
            for e in DataExport.objects.filter(person=person)
        ],
    }


@section("opened_by_others")
def _readers(person) -> list:
    from .constants import READ_OPERATIONS
    from .models import AuditEntry

    entries = AuditEntry.objects.filter(subject_id=person.pk, operation__in=READ_OPERATIONS).exclude(
        actor_id=person.pk
    )
    return [
        {
            "at": jsonable(e.at),
            "who": e.changes.get("name", e.actor),
            "role": e.role,
            "where": e.actor_org,
            "what": e.object,
        }
        for e in entries.order_by("id")[:5000]
    ]


def _document_path(case, document) -> str:
    name = document.file.name.rsplit("/", 1)[-1]
    return f"documents/{case.reference}/{document.pk}-{name}"


def collect(person) -> dict:
    return {
        "format": "sanad-personal-data/1",
        "generated_at": timezone.now().isoformat(),
        **{name: func(person) for name, func in SECTIONS.items()},
    }


def _pdf(data: dict, person) -> bytes:
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from sanad.payments.pdf import font_urls

    with translation.override("ar"):
        html = render_to_string(
            "audit/export_summary.html", {"data": data, "person": person, "fonts": font_urls()}
        )
    return HTML(string=html, base_url=str(settings.PACKAGE_DIR)).write_pdf(font_config=FontConfiguration())


def data_export(*, person, actor) -> tuple[DataExport, bytes]:
    """Build the person's ZIP, record that it was handed over (and to whom) and return both.
    Only the person themselves may have it: anyone else gets NotFound."""
    from .services import audit_read

    if actor is None or person is None or actor.pk != person.pk:
        raise NotFound(_("Not found."))
    data = collect(person)
    buffer = io.BytesIO()
    storage = storages["private"]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        archive.writestr("summary.pdf", _pdf(data, person))
        from sanad.cases.models import CaseDocument

        for document in CaseDocument.objects.filter(case__citizen=person).select_related("case"):
            if not document.file.name or not storage.exists(document.file.name):
                continue
            with storage.open(document.file.name, "rb") as handle:
                archive.writestr(_document_path(document.case, document), handle.read())
    content = buffer.getvalue()
    record = DataExport.objects.create(
        person=person, sha256=hashlib.sha256(content).hexdigest(), size=len(content)
    )
    audit_read(obj=person, operation=Operation.EXPORT, what=f"data-export:{record.pk}", subject_id=person.pk)
    return record, content
