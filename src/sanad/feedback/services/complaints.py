"""Complaints: filing (with attachments checked like case documents), the one service that applies
the workflow table, escalation when a step is overdue, and what an upheld complaint leads to (a
refund through the payments area, a violation recorded on the centre)."""

import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.accounts.constants import Role
from sanad.cases import calendar
from sanad.cases.documents import check_upload
from sanad.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sanad.notifications.services import notify

from .. import selectors, workflow
from ..constants import (
    ATTACHMENT_FORMATS,
    ATTACHMENT_MAX_KB,
    COMPLAINT_ATTACHMENTS_MAX,
    COMPLAINT_TEXT_MAX,
    ComplaintAction,
    ComplaintActor,
    ComplaintKind,
    ComplaintState,
)
from ..models import Complaint, ComplaintAttachment, ComplaintEvent, ComplaintSequence
from ..reference import format_reference

A, S = ComplaintAction, ComplaintState


def _due(now, hours: int):
    from sanad.cases.selectors import is_public_holiday

    return calendar.add_working_hours(now, hours, is_public_holiday)


def _next_reference(year: int) -> str:
    ComplaintSequence.objects.get_or_create(year=year)
    sequence = ComplaintSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return format_reference(year, sequence.last_number)


# --- filing -------------------------------------------------------------------------------------
def complaint_file(
    *, actor, kind: str, text: str, case_reference: str = "", centre_id=None, files=()
) -> Complaint:
    """A citizen files a complaint about one of their cases or about a centre. Everything is
    checked (the case is theirs, the kind, the text, every attachment) before anything is written."""
    from sanad.cases.selectors import case_for
    from sanad.centres.models import Centre

    if actor is None or not actor.is_authenticated or actor.role != Role.CITIZEN:
        raise PermissionDenied(_("Complaints are filed by citizens, about their own experience."))
    errors: dict = {}
    case = None
    if case_reference:
        case = case_for(actor, case_reference)  # 400 mistyped, 404 not yours
    centre = None
    if case is not None:
        centre = case.centre
        if centre_id not in (None, "") and str(centre_id) != str(centre.pk):
            errors["centre"] = [_("This transaction was handled by another centre.")]
    elif centre_id in (None, ""):
        errors["centre"] = [_("Choose the centre, or the transaction, the complaint is about.")]
    else:
        try:
            centre = Centre.objects.filter(pk=int(centre_id)).first()
        except (TypeError, ValueError):
            centre = None
        if centre is None:
            errors["centre"] = [_("Unknown centre.")]
    if kind not in ComplaintKind.values:
        errors["kind"] = [_("Choose what the complaint is about.")]
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Write what happened.")]
    elif len(text) > COMPLAINT_TEXT_MAX:
        errors["text"] = [_("Write at most %(max)s characters.") % {"max": COMPLAINT_TEXT_MAX}]
    files = [f for f in (files or []) if f is not None]
    if len(files) > COMPLAINT_ATTACHMENTS_MAX:
        errors["files"] = [_("Attach at most %(max)s files.") % {"max": COMPLAINT_ATTACHMENTS_MAX}]
    checked = []
    if not errors.get("files"):
        for uploaded in files:
            try:
                checked.append(
                    check_upload(uploaded, formats=ATTACHMENT_FORMATS, max_size_kb=ATTACHMENT_MAX_KB)
                )
            except ValidationFailed as exc:
                name = getattr(uploaded, "name", "")
                errors.setdefault("files", []).append(f"{name}: {exc.message}" if name else exc.message)
    if errors:
        raise ValidationFailed(errors=errors)

    now = timezone.now()
    with transaction.atomic():
        complaint = Complaint.objects.create(
            reference=_next_reference(timezone.localtime(now).year),
            citizen=actor,
            centre=centre,
            case=case,
            kind=kind,
            text=text,
            state=S.RECEIVED,
            due_at=_due(now, workflow.DUE_HOURS[S.RECEIVED]),
        )
        ComplaintEvent.objects.create(
            complaint=complaint, action=A.FILE, from_state="", to_state=S.RECEIVED, actor=actor
        )
        for info, content in checked:
            attachment = ComplaintAttachment(
                complaint=complaint,
                original_name=info.name,
                content_type=info.content_type,
                size=info.size,
                sha256=info.sha256,
                uploaded_by=actor,
            )
            attachment.file.save(f"{uuid.uuid4().hex}.{info.extension}", ContentFile(content), save=False)
            attachment.save()
        _tell_citizen(complaint, A.FILE, "")
    return complaint


# --- the workflow -------------------------------------------------------------------------------
def actor_kinds(complaint: Complaint, user) -> set[str]:
    if user is None:
        return {ComplaintActor.SYSTEM}
    kinds = set()
    if user.role in (Role.REGULATOR, Role.ADMIN):
        kinds.add(ComplaintActor.REGULATOR)
    if selectors.is_staff_of_centre(user, complaint.centre_id):
        kinds.add(ComplaintActor.CENTRE)
    return kinds


def _locked(complaint_id: int, actor) -> Complaint:
    complaint = (
        # Only the complaint row: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        Complaint.objects.select_for_update(of=("self",))
        .select_related("centre", "case")
        .filter(pk=complaint_id)
        .first()
    )
    if complaint is None or (actor is not None and not selectors.complaint_visible(complaint, actor)):
        raise NotFound(_("Complaint not found."))
    return complaint


def complaint_transition(
    *, complaint_id: int, action: str, actor, note: str = "", assignee=None, expected_version=None
) -> Complaint:
    note = (note or "").strip()
    with transaction.atomic():
        complaint = _locked(complaint_id, actor)
        if expected_version is not None and expected_version != complaint.version:
            raise Conflict(
                _("Someone else changed this complaint a moment ago. Reload it to see its current state."),
                current_state=complaint.state,
            )
        if action not in ComplaintAction.values:
            raise ValidationFailed(errors={"action": [_("Unknown action.")]})
        step = workflow.step_for(complaint.state, action)
        if not step.actors & actor_kinds(complaint, actor):
            raise PermissionDenied(_("You cannot do this on this complaint."))
        if step.note_required and not note:
            raise ValidationFailed(errors={"note": [_("Write the reason; the citizen will see it.")]})
        if len(note) > COMPLAINT_TEXT_MAX:
            raise ValidationFailed(
                errors={"note": [_("Write at most %(max)s characters.") % {"max": COMPLAINT_TEXT_MAX}]}
            )
        if (
            action == A.CENTRE_RESPOND
            and complaint.centre_responded_at is not None
            and complaint.centre_response_due_at is None
        ):
            raise Conflict(_("The centre has already responded."), current_state=complaint.state)
        now = timezone.now()
        previous = complaint.state
        fields = ["state", "version", "updated_at"]
        complaint.state = step.target
        complaint.version += 1
        data = {}
        if action == A.ASSIGN:
            chosen = assignee or actor
            if chosen is None or chosen.role not in (Role.REGULATOR, Role.ADMIN):
                raise ValidationFailed(
                    errors={"assignee": [_("Assign the complaint to someone at the regulator.")]}
                )
            complaint.assignee = chosen
            fields.append("assignee")
            data["assignee"] = chosen.pk
        if action == A.ASK_CENTRE:
            complaint.centre_response_due_at = _due(now, workflow.CENTRE_RESPONSE_HOURS)
            fields.append("centre_response_due_at")
        if action == A.CENTRE_RESPOND:
            complaint.centre_response = note
            complaint.centre_responded_at = now
            complaint.centre_response_due_at = None
            fields += ["centre_response", "centre_responded_at", "centre_response_due_at"]
        if action == A.ESCALATE:
            complaint.escalated_at = now
            complaint.escalations += 1
            fields += ["escalated_at", "escalations"]
        elif step.target != previous or action == A.ASK_CENTRE:
            complaint.due_at = (
                _due(now, workflow.DUE_HOURS[step.target]) if step.target in workflow.DUE_HOURS else None
            )
            fields.append("due_at")
        if step.target in (S.UPHELD, S.DISMISSED, S.RESOLVED):
            complaint.decision_note = note
            complaint.decided_at = now
            complaint.due_at = None
            fields += ["decision_note", "decided_at", "due_at"]
        complaint.save(update_fields=list(dict.fromkeys(fields)))
        ComplaintEvent.objects.create(
            complaint=complaint,
            action=action,
            from_state=previous,
            to_state=step.target,
            actor=actor,
            note=note,
            data=data,
        )
        if action == A.ESCALATE:
            _tell_regulator(complaint)
        else:
            _tell_citizen(complaint, action, note if action != A.CENTRE_RESPOND else "")
        if action == A.ASK_CENTRE:
            _tell_centre(complaint)
    return complaint


def complaints_escalate_overdue(*, now=None) -> int:
    """Escalate every open complaint whose step (or the centre's answer) is overdue and not yet
    escalated for it (a scheduled task)."""
    now = now or timezone.now()
    count = 0
    for complaint_id in list(selectors.complaints_overdue(now=now).values_list("pk", flat=True)):
        try:
            complaint_transition(complaint_id=complaint_id, action=A.ESCALATE, actor=None)
            count += 1
        except Conflict:
            continue  # decided in the meantime
    return count


# --- what an upheld complaint leads to ----------------------------------------------------------
def _upheld(complaint_id: int, actor) -> Complaint:
    if actor is None or actor.role not in (Role.REGULATOR, Role.ADMIN):
        raise PermissionDenied(_("Only the regulator acts on an upheld complaint."))
    complaint = _locked(complaint_id, actor)
    if complaint.state != S.UPHELD:
        raise Conflict(
            _("Only an upheld complaint can lead to a refund or a violation; this one is “%(state)s”.")
            % {"state": workflow.state_label(complaint.state)},
            current_state=complaint.state,
        )
    return complaint


def _baisa(value, name: str) -> int:
    if isinstance(value, bool):
        value = None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = -1
    if number <= 0:
        raise ValidationFailed(errors={name: [_("Enter the amount in baisa, more than zero.")]})
    return number


def complaint_refund(*, complaint_id: int, actor, centre_fee, note: str = "") -> list:
    """Give the citizen back what they were overcharged: `centre_fee` baisa of the centre's fee and
    its VAT, through the payments area (credit note, the citizen told; cash waits at the counter)."""
    from sanad.cases.models import Case
    from sanad.core.money import vat_on
    from sanad.payments.arithmetic import Breakdown
    from sanad.payments.constants import RefundReason
    from sanad.payments.services import refund_case

    amount = _baisa(centre_fee, "centre_fee")
    with transaction.atomic():
        complaint = _upheld(complaint_id, actor)
        if complaint.kind != ComplaintKind.OVERCHARGING or complaint.case_id is None:
            raise Conflict(_("A refund is offered for an upheld overcharging complaint about a transaction."))
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("centre", "citizen")
            .get(pk=complaint.case_id)
        )
        text = (note or "").strip() or _("Complaint %(reference)s upheld: overcharged.") % {
            "reference": complaint.reference
        }
        refunds = refund_case(
            case=case,
            amount=Breakdown(0, amount, vat_on(amount)),
            reason=RefundReason.COMPLAINT_UPHELD,
            actor=actor,
            note=text,
        )
        ComplaintEvent.objects.create(
            complaint=complaint,
            action=A.REFUND,
            from_state=complaint.state,
            to_state=complaint.state,
            actor=actor,
            note=text,
            data={"refunds": [r.pk for r in refunds], "total": sum(r.total for r in refunds)},
        )
    return refunds


def complaint_record_violation(*, complaint_id: int, actor, severity: str, description: str):
    """Record the violation the complaint showed, as a complaint visit on the centre (centres
    area); the complaint keeps the link."""
    from sanad.centres.constants import CHECKLIST, InspectionKind
    from sanad.centres.services import inspection_record

    description = (description or "").strip()
    with transaction.atomic():
        complaint = _upheld(complaint_id, actor)
        if complaint.inspection_id is not None:
            raise Conflict(_("A violation was already recorded for this complaint."))
        if not description:
            raise ValidationFailed(errors={"description": [_("Describe the violation.")]})
        inspection = inspection_record(
            centre_id=complaint.centre_id,
            actor=actor,
            kind=InspectionKind.COMPLAINT,
            # Only the complaint was examined: the checklist items were not found wanting.
            checklist=dict.fromkeys(CHECKLIST, True),
            violations=[{"code": "other", "description": description, "severity": severity}],
            notes=_("Recorded from complaint %(reference)s.") % {"reference": complaint.reference},
        )
        complaint.inspection = inspection
        complaint.save(update_fields=["inspection", "updated_at"])
        ComplaintEvent.objects.create(
            complaint=complaint,
            action=A.VIOLATION,
            from_state=complaint.state,
            to_state=complaint.state,
            actor=actor,
            note=description,
            data={"inspection": inspection.pk, "severity": severity},
        )
    return inspection


# --- who is told --------------------------------------------------------------------------------
def _tell_citizen(complaint: Complaint, action: str, note: str) -> None:
    notify(
        user=complaint.citizen,
        template="complaint_update",
        context={"complaint": complaint, "action": action, "note": note},
        key=f"complaint:{complaint.pk}:v{complaint.version}",
    )


def _tell_centre(complaint: Complaint) -> None:
    for user in selectors.centre_managers(complaint.centre_id):
        notify(
            user=user,
            template="complaint_centre_asked",
            context={"complaint": complaint},
            key=f"complaint:{complaint.pk}:v{complaint.version}:centre:{user.pk}",
        )


def _tell_regulator(complaint: Complaint) -> None:
    for user in selectors.complaint_escalation_recipients(complaint):
        notify(
            user=user,
            template="complaint_escalated",
            context={"complaint": complaint},
            key=f"complaint:{complaint.pk}:v{complaint.version}:escalated:{user.pk}",
        )
