"""Decisions coming back. The signed callback, the pull API and the officers' inbox all call
`decision_apply`, which applies the decision through the workflow table (cases.case_transition):
the institution is the actor, the issued document becomes the case's outcome document, and a bad
decision changes nothing."""

import base64
import binascii
import json
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.errors import BadRequest, Conflict, DomainError, NotFound, ValidationFailed

from ..constants import DECISION_ACTION, ConnectorKind, Decision, Direction
from ..models import Connector, MessageLog, ReceivedWebhook, Submission
from ..signing import verify


def institution_agent(institution):
    """The account that stands for an institution's system (it signs for documents that arrive by
    callback); it cannot sign in."""
    from sanad.accounts.constants import Role
    from sanad.accounts.models import User

    user, created = User.objects.get_or_create(
        username=f"system-{institution.code.lower()}",
        defaults={
            "role": Role.INSTITUTION_OFFICER,
            "full_name_ar": institution.name_ar,
            "full_name_en": institution.name_en,
            "is_active": False,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def decision_apply(
    *,
    case_id: int,
    institution,
    decision: str,
    note: str = "",
    institution_reference: str = "",
    document=None,
    actor=None,
    webhook_id: str = "",
):
    """Apply an institution's decision on a case it holds. `actor`: the officer (inbox, pull API), or
    None when the institution's system calls back. Raises a DomainError and changes nothing if the
    decision, its note or document, or the case's state does not allow it."""
    from sanad.cases import workflow
    from sanad.cases.constants import DocumentRole
    from sanad.cases.documents import check_upload
    from sanad.cases.models import Case
    from sanad.cases.services import OUTCOME_FORMATS, OUTCOME_MAX_KB, case_transition, document_store

    if decision not in Decision.values:
        raise ValidationFailed(errors={"decision": [_("Choose approve, reject or more information.")]})
    note = (note or "").strip()
    if decision in (Decision.REJECT, Decision.MORE_INFO) and not note:
        message = (
            _("Write the reason for the rejection; the citizen will see it.")
            if decision == Decision.REJECT
            else _("Write what is missing; the citizen will see it.")
        )
        raise ValidationFailed(message, errors={"note": [message]})
    if decision == Decision.APPROVE and document is None:
        message = _("Attach the document the institution issued.")
        raise ValidationFailed(message, errors={"document": [message]})
    checked = content = None
    if document is not None:
        try:
            checked, content = check_upload(document, formats=OUTCOME_FORMATS, max_size_kb=OUTCOME_MAX_KB)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, errors={"document": [exc.message]}) from None
    case = Case.objects.select_related("service").filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("Case not found."))
    if case.service.institution_id != institution.pk:
        raise Conflict(
            _("This transaction is not with %(institution)s.") % {"institution": institution.name},
            current_state=case.state,
        )
    action = DECISION_ACTION[decision]
    workflow.step_for(case.state, action)  # a 409 naming the state, before any file is written

    with transaction.atomic():
        if webhook_id:
            if ReceivedWebhook.objects.filter(institution=institution, webhook_id=webhook_id).exists():
                raise Conflict(_("This message (webhook-id) was already received."))
            ReceivedWebhook.objects.create(institution=institution, webhook_id=webhook_id)
        if checked is not None:
            document_store(
                case=case,
                role=DocumentRole.OUTCOME,
                document_type=None,
                checked=checked,
                content=content,
                actor=actor or institution_agent(institution),
            )
        case = case_transition(
            case_id=case.pk,
            action=action,
            actor=actor,
            note=note,
            institution=institution if actor is None else None,
        )
        submission = Submission.objects.filter(case=case).order_by("-number").first()
        reference = (institution_reference or "").strip()[:100]
        if submission is not None:
            submission.decided_at, submission.decision = timezone.now(), decision
            fields = ["decided_at", "decision"]
            if reference and not submission.institution_reference:
                submission.institution_reference = reference
                fields.append("institution_reference")
            submission.save(update_fields=fields)
        if reference and not case.institution_reference:
            Case.objects.filter(pk=case.pk).update(institution_reference=reference)
            case.institution_reference = reference
    return case


# --- the signed callback ----------------------------------------------------------------------
def _document_from(data) -> SimpleUploadedFile | None:
    if data in (None, ""):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("content_base64"), str):
        raise ValidationFailed(errors={"document": [_("Send the document as {name, content_base64}.")]})
    try:
        content = base64.b64decode(data["content_base64"], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed(errors={"document": [_("The document is not valid base64.")]}) from None
    return SimpleUploadedFile(str(data.get("name") or "document.pdf")[:200], content)


def callback_receive(*, code: str, headers, body: bytes, path: str = "") -> dict:
    """A signed decision from an institution's system. Every callback is logged (without the
    document); only a valid, fresh, first-seen, allowed one changes anything."""
    from sanad.cases.models import Case
    from sanad.cases.reference import parse_reference
    from sanad.catalogue.models import Institution

    institution = Institution.objects.filter(code=(code or "").upper()).first()
    connector = Connector.objects.filter(institution=institution).first() if institution else None
    if connector is None or connector.kind != ConnectorKind.WEBHOOK:
        raise NotFound(_("No institution system is connected under this code."))
    started, status, outcome, webhook_id, case = time.monotonic(), 200, "applied", "", None
    try:
        webhook_id = verify(secrets=connector.secrets, headers=headers, body=body)
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise BadRequest(_("The body is not JSON.")) from None
        if not isinstance(data, dict):
            raise BadRequest(_("The body must be a JSON object."))
        reference = parse_reference(str(data.get("reference") or data.get("case_reference") or ""))
        case = Case.objects.filter(reference=reference).first()
        if case is None:
            raise NotFound(_("Case not found."))
        case = decision_apply(
            case_id=case.pk,
            institution=institution,
            decision=str(data.get("decision") or ""),
            note=str(data.get("note") or "")[:2000],
            institution_reference=str(data.get("institution_reference") or ""),
            document=_document_from(data.get("document")),
            webhook_id=webhook_id,
        )
        return {"reference": case.reference, "state": case.state}
    except DomainError as exc:
        status, outcome = exc.status, exc.message
        raise
    finally:
        MessageLog.objects.create(
            case=case,
            submission=Submission.objects.filter(case=case).order_by("-number").first() if case else None,
            institution=institution,
            direction=Direction.IN,
            url=path[:500],
            status=status,
            latency_ms=int((time.monotonic() - started) * 1000),
            webhook_id=(webhook_id or (headers.get("webhook-id") or ""))[:120],
            size=len(body),
            ok=status < 300,
            outcome=outcome[:300],
        )
