"""Writes for cases. Every state change goes through `case_transition`, which applies the one table
in workflow.py: lock the case, check the table, the actor and the guards, write the new state and a
CaseEvent, and queue the citizen's notification on commit."""

import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sanad.notifications.services import notify

from . import calendar, selectors, workflow
from .constants import SEND_BACK_DAYS, Action, Actor, CaseState, Channel, DocumentRole
from .documents import check_upload
from .locking import locked_case
from .models import Case, CaseDocument, CaseEvent, CustodyItem, IdempotencyKey
from .reference import new_reference

# --- opening ----------------------------------------------------------------------------------
# A random reference repeats an existing one about once in ten million draws per case already
# opened that year; this many fresh draws make a failure practically impossible.
REFERENCE_DRAWS = 10


def _case_create_with_reference(*, year: int, **fields) -> Case:
    """Insert the case under a fresh random reference, drawing again if the number is taken (the
    unique constraint decides, inside a savepoint, so there is no counter row to contend for)."""
    for _attempt in range(REFERENCE_DRAWS):
        reference = new_reference(year)
        try:
            with transaction.atomic():
                return Case.objects.create(reference=reference, **fields)
        except IntegrityError:
            if not Case.objects.filter(reference=reference).exists():
                raise  # another constraint failed: not ours to retry
    raise Conflict(_("Could not allocate a reference for this case. Try again."))


def _government_fee(version, government_fee) -> int:
    low, high = version.government_fee_min, version.government_fee_max
    if government_fee is None or government_fee == "":
        if low != high:
            raise ValidationFailed(
                errors={
                    "government_fee": [
                        _(
                            "This service's government fee depends on the case: enter it (between %(min)s and %(max)s baisa)."
                        )
                        % {"min": low, "max": high}
                    ]
                }
            )
        return low
    if isinstance(government_fee, bool) or not isinstance(government_fee, int):
        raise ValidationFailed(errors={"government_fee": [_("Enter the fee as a whole number of baisa.")]})
    if not low <= government_fee <= high:
        raise ValidationFailed(
            errors={
                "government_fee": [
                    _("The government fee for this service is between %(min)s and %(max)s baisa.")
                    % {"min": low, "max": high}
                ]
            }
        )
    return government_fee


def government_fee_for(*, version, answers: dict | None = None, government_fee=None) -> int:
    """The one government-fee rule, for every way a case is opened: the fee given, else the one the
    catalogue's fee rule gives for these form answers, else the version's fixed fee; a range with
    neither is an error, and the fee is always within the version's range."""
    from sanad.catalogue.services import government_fee_from_answers

    if government_fee is None or government_fee == "":
        government_fee = government_fee_from_answers(version=version, answers=answers or {})
    return _government_fee(version, government_fee)


def fee_snapshot(*, centre, service, version, government_fee=None, answers: dict | None = None) -> dict:
    from sanad.catalogue.services import fee_breakdown

    centre_fee = selectors.centre_fee_now(centre=centre, service=service)
    return fee_breakdown(
        version=version,
        centre_fee=centre_fee,
        government_fee=government_fee_for(version=version, answers=answers, government_fee=government_fee),
    )


def case_open(
    *,
    actor,
    centre,
    service,
    citizen,
    channel: str,
    form_data: dict,
    government_fee: int | None = None,
    idempotency_key: str | None = None,
    language: str = "ar",
) -> Case:
    """Open a case: a walk-in at the counter (by centre staff; starts `accepted`) or an online
    request (by the citizen; starts `submitted`). Validates everything first; writes nothing if any
    of it is wrong. The same Idempotency-Key from the same caller returns the first case."""
    from sanad.catalogue.selectors import service_current_version
    from sanad.catalogue.services import form_data_validate

    fingerprint = _fingerprint(centre, service, citizen, channel, form_data, government_fee)
    if idempotency_key:
        existing = (
            IdempotencyKey.objects.filter(user=actor, key=idempotency_key).select_related("case").first()
        )
        if existing:
            return _replayed(existing, fingerprint)
    if channel not in Channel.values:
        raise ValidationFailed(errors={"channel": [_("Choose walk-in or online request.")]})
    if channel == Channel.WALK_IN and not selectors.is_staff_of(actor, centre):
        raise NotFound(_("Centre not found."))
    if channel == Channel.ONLINE and actor.pk != citizen.pk:
        raise PermissionDenied(_("Citizens request services for themselves."))
    if not selectors.centre_accepts_cases(centre):
        raise Conflict(_("This centre cannot open cases now: its licence is not active."))
    version = service_current_version(service)
    if version is None:
        raise Conflict(_("This service is not available now."))
    if channel not in (version.channels or []):
        raise ValidationFailed(errors={"channel": [_("This service is not offered through this channel.")]})
    if not selectors.centre_offers(centre=centre, service=service):
        raise ValidationFailed(errors={"service": [_("This centre does not offer this service.")]})
    cleaned = form_data_validate(version=version, data=form_data or {}, language=language)
    fee = fee_snapshot(
        centre=centre, service=service, version=version, government_fee=government_fee, answers=cleaned
    )

    now = timezone.now()
    state = CaseState.ACCEPTED if channel == Channel.WALK_IN else CaseState.SUBMITTED
    from sanad.audit.chain import batch

    try:
        with transaction.atomic(), batch():  # the case's and its event's audit rows in one INSERT
            case = _case_create_with_reference(
                year=timezone.localtime(now).year,
                citizen=citizen,
                centre=centre,
                clerk=actor if channel == Channel.WALK_IN else None,
                channel=channel,
                service=service,
                service_version=version,
                state=state,
                form_data=cleaned,
                government_fee=fee["government_fee"],
                centre_fee=fee["centre_fee"],
                vat=fee["vat"],
                total=fee["total"],
                sla_due_at=calendar.add_working_hours(now, version.sla_hours, selectors.is_public_holiday),
                opened_by=actor,
            )
            CaseEvent.objects.create(
                case=case, action=Action.OPEN, from_state="", to_state=state, actor=actor
            )
            for effect in workflow.OPEN_EFFECTS:
                effect(case, actor)
            if idempotency_key:
                IdempotencyKey.objects.create(
                    user=actor, key=idempotency_key, case=case, fingerprint=fingerprint
                )
            _notify(case, "case_opened", key=f"case:{case.pk}:opened")
    except IntegrityError:
        if idempotency_key:  # a concurrent retry with the same key won the race
            existing = IdempotencyKey.objects.filter(user=actor, key=idempotency_key).first()
            if existing:
                return _replayed(existing, fingerprint)
        raise
    return case


def _fingerprint(centre, service, citizen, channel, form_data, government_fee) -> str:
    import hashlib
    import json

    asked = [centre.pk, service.pk, citizen.pk, channel, form_data or {}, government_fee]
    return hashlib.sha256(json.dumps(asked, sort_keys=True, default=str).encode()).hexdigest()


def _replayed(existing: IdempotencyKey, fingerprint: str) -> Case:
    if existing.fingerprint and existing.fingerprint != fingerprint:
        raise ValidationFailed(
            _("This Idempotency-Key was already used for a different request; use a new key."),
            errors={"idempotency_key": [_("Already used for a different request.")]},
        )
    return existing.case


# --- transitions ------------------------------------------------------------------------------
# What a transition reads with the lock: the guards' centre, service and version, and the citizen
# (and their civil number) whom the notification and the response name.
TRANSITION_RELATED = ("centre", "service", "service_version", "citizen__citizen_profile")


def actor_kinds(case: Case, user, institution=None) -> set[str]:
    """Who `user` is to this case. `institution` is given when an institution's system acts without
    a person (a signed callback); an officer of the case's institution acts as the institution."""
    if institution is not None and institution.pk == case.service.institution_id:
        return {Actor.INSTITUTION}
    if user is None:
        return {Actor.SYSTEM} if institution is None else set()
    kinds = set()
    if case.citizen_id == user.pk:
        kinds.add(Actor.CITIZEN)
    if selectors.is_staff_of(user, case.centre):
        kinds.add(Actor.STAFF)
    if selectors.officer_institution_id(user) == case.service.institution_id:
        kinds.add(Actor.INSTITUTION)
    return kinds


def case_transition(
    *,
    case_id: int | None = None,
    reference: str = "",
    action: str,
    actor,
    note: str = "",
    expected_version: int | None = None,
    institution_reference: str = "",
    institution=None,
    preload=(),
) -> Case:
    """Apply one step of the workflow to the case (by id, or by `reference` as a client gives it).
    `institution`: the institution acting through its system (no person), e.g. a signed callback.
    `preload`: what the caller will read back (sanad.cases.locking.PRELOADS), read with the lock."""
    note = (note or "").strip()
    with locked_case(
        case_id, actor, reference=reference, related=TRANSITION_RELATED, preload=preload
    ) as case:
        if expected_version is not None and expected_version != case.version:
            raise Conflict(
                _("Someone else changed this case a moment ago. Reload it to see its current state."),
                current_state=case.state,
            )
        if action not in Action.values:
            raise ValidationFailed(errors={"action": [_("Unknown action.")]})
        step = workflow.step_for(case.state, action)
        kinds = actor_kinds(case, actor, institution)
        if not step.actors & kinds:
            raise PermissionDenied(_("You cannot do this on this case."))
        if step.note_required and not note:
            raise ValidationFailed(errors={"note": [_("Write the reason; the citizen will see it.")]})
        workflow.check_guards(step, case)

        previous = case.state
        now = timezone.now()
        case.state = step.target
        case.version += 1
        fields = ["state", "version", "updated_at"]
        if action in (Action.SEND_BACK, Action.REQUEST_INFO):
            case.citizen_deadline = now + timedelta(days=SEND_BACK_DAYS)
            fields.append("citizen_deadline")
        elif previous == CaseState.AWAITING_CITIZEN:
            case.citizen_deadline = None
            fields.append("citizen_deadline")
        if action in (Action.ACCEPT, Action.START) and actor is not None and case.clerk_id is None:
            case.clerk = actor
            fields.append("clerk")
        if action == Action.SUBMIT_TO_INSTITUTION and institution_reference:
            case.institution_reference = institution_reference.strip()[:100]
            fields.append("institution_reference")
        if action in (Action.COMPLETE, Action.REJECT):
            case.decision_note = note
            fields.append("decision_note")
        if step.target in (CaseState.CLOSED, CaseState.CANCELLED):
            case.closed_at = now
            fields.append("closed_at")
        case.save(update_fields=fields)
        as_institution = Actor.INSTITUTION in kinds and step.actors & kinds == {Actor.INSTITUTION}
        CaseEvent.objects.create(
            case=case,
            action=action,
            from_state=previous,
            to_state=step.target,
            actor=actor,
            note=note,
            data={"institution": case.service.institution.code} if as_institution else {},
        )
        for effect in workflow.EFFECTS:
            effect(case, step, actor)
        _notify(case, "case_state_changed", key=f"case:{case.pk}:v{case.version}", note=note)
    return case


def case_fee_change(*, case_id: int, actor, government_fee: int, note: str) -> Case:
    """Change the government fee within the service's range (it depends on the case). The citizen is
    told the new breakdown before anything is charged."""
    with locked_case(case_id, actor) as case:
        if not selectors.is_staff_of(actor, case.centre):
            raise PermissionDenied(_("Only the centre's staff change the fee."))
        if not workflow.fee_editable(case.state):
            raise Conflict(
                _("The fee can only change before the case goes to the institution."),
                current_state=case.state,
            )
        if not (note or "").strip():
            raise ValidationFailed(errors={"note": [_("Write the reason; the citizen will see it.")]})
        from sanad.catalogue.services import fee_breakdown

        fee = fee_breakdown(
            version=case.service_version,
            centre_fee=case.centre_fee,
            government_fee=_government_fee(case.service_version, government_fee),
        )
        before = case.fee
        case.government_fee, case.vat, case.total = fee["government_fee"], fee["vat"], fee["total"]
        case.version += 1
        case.save(update_fields=["government_fee", "vat", "total", "version", "updated_at"])
        CaseEvent.objects.create(
            case=case,
            action=Action.FEE_CHANGED,
            from_state=case.state,
            to_state=case.state,
            actor=actor,
            note=note.strip(),
            data={"before": before, "after": case.fee},
        )
        for effect in FEE_CHANGE_EFFECTS:  # payments gives back what was paid above the new fee
            effect(case, actor)
        _notify(case, "case_opened", key=f"case:{case.pk}:fee:v{case.version}")
    return case


# Called (case, actor) inside a fee change's transaction, case locked, after the new fee is saved.
FEE_CHANGE_EFFECTS: list = []


def register_fee_change_effect(func):
    if func not in FEE_CHANGE_EFFECTS:
        FEE_CHANGE_EFFECTS.append(func)
    return func


def cases_expire_send_backs(*, now=None) -> int:
    """Cancel every case whose citizen did not respond by the deadline (a scheduled task)."""
    now = now or timezone.now()
    due = Case.objects.filter(state=CaseState.AWAITING_CITIZEN, citizen_deadline__lt=now).values_list(
        "pk", flat=True
    )
    count = 0
    for case_id in list(due):
        try:
            case_transition(case_id=case_id, action=Action.EXPIRE, actor=None, note="")
            count += 1
        except Conflict:
            continue  # the citizen answered in the meantime
    return count


# --- documents --------------------------------------------------------------------------------
def document_upload(
    *, case: Case, actor, uploaded, document_type_code: str = "", role: str = DocumentRole.REQUIRED
):
    """Attach a file to a case. Required documents follow the service version's list (type, formats,
    size); outcome documents are uploaded by staff once the institution has decided."""
    if role not in DocumentRole.values:
        raise ValidationFailed(errors={"role": [_("Unknown document kind.")]})
    with locked_case(case.pk, actor) as case:
        return _document_add(
            case=case, actor=actor, uploaded=uploaded, document_type_code=document_type_code, role=role
        )


def _document_add(*, case: Case, actor, uploaded, document_type_code: str, role: str):
    from sanad.catalogue.models import DocumentType

    kinds = actor_kinds(case, actor)
    if not workflow.documents_editable(case.state):
        raise Conflict(_("This case is finished; documents can no longer change."), current_state=case.state)
    if role == DocumentRole.OUTCOME:
        if Actor.STAFF not in kinds:
            raise PermissionDenied(_("Only the centre uploads the institution's documents."))
        spec_formats, spec_max = OUTCOME_FORMATS, OUTCOME_MAX_KB
        document_type = (
            DocumentType.objects.filter(code=document_type_code).first() if document_type_code else None
        )
    else:
        if not kinds & {Actor.STAFF, Actor.CITIZEN}:
            raise PermissionDenied(_("You cannot add documents to this case."))
        if Actor.STAFF not in kinds and not workflow.citizen_documents_editable(case.state):
            raise Conflict(
                _("You can add documents when the centre asks for them."), current_state=case.state
            )
        requirement = selectors.required_document(case.service_version, document_type_code)
        if requirement is None:
            raise ValidationFailed(
                errors={"document_type": [_("This service does not ask for this document.")]}
            )
        document_type = requirement.document_type
        spec_formats, spec_max = tuple(requirement.formats or ("pdf", "jpg", "png")), requirement.max_size_kb
    checked, content = check_upload(uploaded, formats=spec_formats, max_size_kb=spec_max)
    return document_store(
        case=case, role=role, document_type=document_type, checked=checked, content=content, actor=actor
    )


OUTCOME_FORMATS, OUTCOME_MAX_KB = ("pdf", "jpg", "png"), 10240


def document_store(*, case: Case, role: str, document_type, checked, content: bytes, actor) -> CaseDocument:
    """Write a checked file (see documents.check_upload) as the case's current document of its kind,
    keeping the one it replaces. The institution's issued document arrives here too."""
    with transaction.atomic():
        # The case lock (locked_case) serialises uploads to one case; the partial unique constraint
        # backs it up.
        previous = (
            CaseDocument.objects.filter(case=case, role=role, document_type=document_type, is_current=True)
            .order_by("-uploaded_at", "-pk")
            .first()
        )
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current"])
        document = CaseDocument(
            case=case,
            role=role,
            document_type=document_type,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            replaces=previous,
            uploaded_by=actor,
        )
        document.file.save(f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(content), save=False)
        document.save()
    return document


# --- custody of originals -----------------------------------------------------------------------
def custody_receive(*, case: Case, actor, item_type: str, description: str = "") -> CustodyItem:
    from .constants import CustodyItemType

    if item_type not in CustodyItemType.values:
        raise ValidationFailed(errors={"item_type": [_("Choose what the citizen handed over.")]})
    # Under the case lock: an original cannot slip in while the case is being closed.
    with locked_case(case.pk, actor) as case:
        if not selectors.is_staff_of(actor, case.centre):
            raise PermissionDenied(_("Only the centre's staff hold originals."))
        if case.state in (CaseState.CLOSED, CaseState.CANCELLED):
            raise Conflict(_("This case is finished."), current_state=case.state)
        return CustodyItem.objects.create(
            case=case, item_type=item_type, description=(description or "").strip()[:200], received_by=actor
        )


def custody_return(*, item_id: int, actor) -> CustodyItem:
    case_id = CustodyItem.objects.filter(pk=item_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound(_("Not found."))
    with locked_case(case_id, actor) as case:
        item = CustodyItem.objects.select_for_update().filter(pk=item_id).first()
        if not selectors.is_staff_of(actor, case.centre):
            raise PermissionDenied(_("Only the centre's staff return originals."))
        if item.returned_at is not None:
            raise Conflict(_("This original was already returned."))
        item.returned_at = timezone.now()
        item.returned_by = actor
        item.save(update_fields=["returned_at", "returned_by"])
    return item


# --- guards -------------------------------------------------------------------------------------
def _guard_mandatory_documents(case: Case) -> None:
    missing = selectors.missing_mandatory_documents(case)
    if missing:
        names = "، ".join(d.document_type.name for d in missing)
        raise Conflict(
            _("Mandatory documents are missing: %(names)s.") % {"names": names}, current_state=case.state
        )


def _guard_outcome_document(case: Case) -> None:
    if not case.documents.filter(role=DocumentRole.OUTCOME, is_current=True).exists():
        raise Conflict(
            _("Upload the document the institution issued before recording completion."),
            current_state=case.state,
        )


def _guard_no_originals_held(case: Case) -> None:
    held = [str(item) for item in case.custody.filter(returned_at__isnull=True)]
    if held:
        raise Conflict(
            _("Return the citizen's originals first: %(items)s.") % {"items": "، ".join(held)},
            current_state=case.state,
        )


def _guard_centre_open(case: Case) -> None:
    if not selectors.centre_accepts_cases(case.centre):
        raise Conflict(
            _("This centre cannot take cases now: its licence is not active."), current_state=case.state
        )


workflow.register_guard("mandatory_documents", _guard_mandatory_documents)
workflow.register_guard("outcome_document", _guard_outcome_document)
workflow.register_guard("no_originals_held", _guard_no_originals_held)
workflow.register_guard("centre_open", _guard_centre_open)


# --- notifications ------------------------------------------------------------------------------
def _notify(case: Case, template: str, *, key: str, note: str = "") -> None:
    notify(user=case.citizen, template=template, context={"case": case, "note": note}, key=key)


# --- the citizen at the counter -------------------------------------------------------------------
def citizen_at_counter(
    *, actor, centre, id_number: str = "", mobile: str = "", full_name_ar: str = "", full_name_en: str = ""
):
    """Find the citizen by civil number, or register them with their mobile (walk-ins)."""
    from django.core.exceptions import ValidationError

    from sanad.accounts.selectors import citizen_by_id_number
    from sanad.accounts.services import citizen_register

    if not selectors.is_staff_of(actor, centre):
        raise NotFound(_("Centre not found."))
    try:
        citizen = citizen_by_id_number(id_number)
    except ValidationError as exc:
        raise ValidationFailed(errors={"citizen": {"id_number": exc.messages}}) from None
    if citizen is not None:
        return citizen
    if not (mobile or "").strip():
        raise ValidationFailed(
            errors={
                "citizen": {"mobile": [_("This person is not registered yet: enter their mobile number.")]}
            }
        )
    return citizen_register(
        id_number=id_number, mobile=mobile, full_name_ar=full_name_ar, full_name_en=full_name_en
    )


def case_open_walk_in(
    *,
    actor,
    centre,
    service,
    citizen: dict,
    form_data: dict,
    government_fee: int | None = None,
    idempotency_key: str | None = None,
    language: str = "ar",
) -> Case:
    """A walk-in at the counter, the one way the console and the API open one: the citizen found by
    civil number or registered (`citizen`: id_number, mobile, full_name_ar, full_name_en) and the
    case opened, together or not at all."""
    with transaction.atomic():
        person = citizen_at_counter(actor=actor, centre=centre, **(citizen or {}))
        return case_open(
            actor=actor,
            centre=centre,
            service=service,
            citizen=person,
            channel=Channel.WALK_IN,
            form_data=form_data,
            government_fee=government_fee,
            idempotency_key=idempotency_key,
            language=language,
        )
