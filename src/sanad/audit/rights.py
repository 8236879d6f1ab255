"""Personal data rights (Oman's Personal Data Protection Law, Royal Decree 6/2022): a copy of
one's data, correcting one's name or mobile, erasure once the law no longer requires the records,
and consents. Every step is recorded in the audit trail (exports as reads, the rest as writes)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.accounts.constants import Role
from sanad.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sanad.core.formatting import isolate_text

from .constants import PSEUDONYM_PREFIX, ConsentPurpose, RecordKind, RectificationField, RequestState
from .context import acting_as
from .models import Consent, ErasureRequest, RectificationRequest, RetentionRule


def _citizen(person):
    if person is None or not person.is_authenticated or person.role != Role.CITIZEN:
        raise PermissionDenied(_("Only a citizen's own account has these rights here."))
    return person


# --- consent -----------------------------------------------------------------------------------
def consents_of(person) -> dict:
    """{purpose: the active Consent or None} for every purpose."""
    active = {c.purpose: c for c in Consent.objects.filter(person=person, withdrawn_at__isnull=True)}
    return {purpose: active.get(purpose) for purpose in ConsentPurpose.values}


def consent_given(person, purpose: str) -> bool:
    return Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True).exists()


def consent_set(*, person, purpose: str, given: bool) -> Consent | None:
    """Give or withdraw one consent. Giving again after a withdrawal is a new record (with its time)."""
    _citizen(person)
    if purpose not in ConsentPurpose.values:
        raise ValidationFailed(_("Unknown purpose."), errors={"purpose": [_("Unknown purpose.")]})
    with transaction.atomic():
        current = (
            Consent.objects.select_for_update()
            .filter(person=person, purpose=purpose, withdrawn_at__isnull=True)
            .first()
        )
        if given:
            return current or Consent.objects.create(person=person, purpose=purpose)
        if current is not None:
            current.withdrawn_at = timezone.now()
            current.save(update_fields=["withdrawn_at"])
        return current


def notifications_allowed(user) -> bool:
    """False once a citizen withdrew consent to messages (consent is assumed until then: messages
    about one's own transaction are part of the service asked for)."""
    if getattr(user, "role", None) != Role.CITIZEN:
        return True
    known = getattr(user, "_sanad_notifications_allowed", None)  # read with a case lock (preload)
    if known is not None:
        return known
    latest = (
        Consent.objects.filter(person=user, purpose=ConsentPurpose.NOTIFICATIONS)
        .order_by("-given_at", "-pk")
        .first()
    )
    return latest is None or latest.withdrawn_at is None


# --- rectification -----------------------------------------------------------------------------
def rectification_request(*, person, field: str, value: str, reason: str = "") -> RectificationRequest:
    from django.core.exceptions import ValidationError

    from sanad.accounts.identity import normalise_phone

    _citizen(person)
    value = (value or "").strip()
    if field not in RectificationField.values:
        raise ValidationFailed(_("Choose what to correct."), errors={"field": [_("Choose what to correct.")]})
    if not value:
        raise ValidationFailed(
            _("Write the correct value."), errors={"value": [_("Write the correct value.")]}
        )
    if field == RectificationField.MOBILE:
        try:
            value = normalise_phone(value)
        except ValidationError as exc:
            message = exc.messages[0]
            raise ValidationFailed(message, errors={"value": [message]}) from exc
    if len(value) > 200:
        raise ValidationFailed(_("That is too long."), errors={"value": [_("That is too long.")]})
    if RectificationRequest.objects.filter(person=person, field=field, state=RequestState.PENDING).exists():
        raise Conflict(_("A correction of this is already waiting for review."))
    return RectificationRequest.objects.create(
        person=person,
        field=field,
        current_value=getattr(person, field) or "",
        requested_value=value,
        reason=(reason or "")[:2000],
    )


def may_review_rectification(user, request: RectificationRequest) -> bool:
    """The regulator, or staff of a centre where the person has a transaction."""
    if user is None or not user.is_authenticated:
        return False
    if user.role in (Role.REGULATOR, Role.ADMIN):
        return True
    if user.role == Role.CENTRE_STAFF:
        from sanad.cases.models import Case
        from sanad.cases.selectors import staff_centre_id

        centre_id = staff_centre_id(user)
        return (
            bool(centre_id)
            and Case.objects.filter(citizen_id=request.person_id, centre_id=centre_id).exists()
        )
    return False


def rectifications_for_reviewer(user):
    qs = RectificationRequest.objects.select_related("person").filter(state=RequestState.PENDING)
    if user.role in (Role.REGULATOR, Role.ADMIN):
        return qs
    if user.role == Role.CENTRE_STAFF:
        from sanad.cases.selectors import staff_centre_id

        centre_id = staff_centre_id(user)
        return qs.filter(person__cases__centre_id=centre_id).distinct() if centre_id else qs.none()
    return qs.none()


def rectification_review(*, request_id: int, reviewer, approve: bool, note: str = "") -> RectificationRequest:
    with transaction.atomic():
        request = RectificationRequest.objects.select_for_update().filter(pk=request_id).first()
        if request is None or not may_review_rectification(reviewer, request):
            raise NotFound(_("Request not found."))
        if request.state != RequestState.PENDING:
            raise Conflict(_("This request was already decided."))
        if not approve and not (note or "").strip():
            raise ValidationFailed(
                _("Say why the correction is refused."),
                errors={"note": [_("Say why the correction is refused.")]},
            )
        request.state = RequestState.APPROVED if approve else RequestState.REJECTED
        request.reviewed_by, request.reviewed_at, request.review_note = (
            reviewer,
            timezone.now(),
            (note or "")[:2000],
        )
        request.save()
        if approve:
            person = get_user_model().objects.select_for_update().get(pk=request.person_id)
            with acting_as(reviewer, note=_("Correction request %(id)s") % {"id": request.pk}):
                setattr(person, request.field, request.requested_value)
                person.save(update_fields=[request.field])
    return request


# --- erasure -----------------------------------------------------------------------------------
def _rule_days(kind: str, default: int) -> int:
    rule = RetentionRule.objects.filter(kind=kind).first()
    return rule.keep_days if rule else default


def erasure_blockers(person) -> list[str]:
    """Why an erasure cannot be accepted now (empty: it can)."""
    from sanad.cases.constants import FINAL_STATES, CaseState
    from sanad.cases.models import Case
    from sanad.payments.constants import RefundState
    from sanad.payments.models import Refund

    reasons = []
    open_cases = Case.objects.filter(citizen=person).exclude(state__in=(*FINAL_STATES, CaseState.DRAFT))
    references = list(open_cases.values_list("reference", flat=True)[:5])
    if references:
        reasons.append(
            _(
                "These transactions are still open: %(refs)s. Erasure can be asked once they are closed or cancelled."
            )
            % {"refs": "، ".join(isolate_text(r) for r in references)}
        )
    if Refund.objects.filter(case__citizen=person, state=RefundState.DUE).exists():
        reasons.append(_("A refund is still due to you. Collect it first."))
    owed = _closed_with_money_owed(person)
    if owed:
        reasons.append(
            _("Money is still owed on: %(refs)s.") % {"refs": "، ".join(isolate_text(r) for r in owed)}
        )
    return reasons


def _closed_with_money_owed(person) -> list[str]:
    """References of the person's closed transactions not paid in full. What was handed back as an
    overpayment does not count as paid; any other refund (a complaint upheld, a centre's goodwill)
    lowered what was due, so it is not a debt."""
    from django.db.models import F, OuterRef, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    from sanad.cases.constants import CaseState
    from sanad.cases.models import Case
    from sanad.payments.constants import MONEY_RECEIVED_STATES, RefundReason
    from sanad.payments.models import Payment, Refund

    def total_of(queryset):
        return Coalesce(
            Subquery(queryset.order_by().values("case_id").annotate(t=Sum("total")).values("t")[:1]),
            Value(0),
        )

    received = Payment.objects.filter(case_id=OuterRef("pk"), state__in=MONEY_RECEIVED_STATES)
    overpaid = Refund.objects.filter(case_id=OuterRef("pk"), reason=RefundReason.OVERPAID)
    cases = (
        Case.objects.filter(citizen=person, state=CaseState.CLOSED)
        .exclude(total=0)
        .annotate(kept=total_of(received) - total_of(overpaid))
        .filter(kept__lt=F("total"))
        .order_by("-closed_at")
    )
    return list(cases.values_list("reference", flat=True)[:5])


def erasure_date(person, now=None):
    """When the person's records may be erased: the end of the longest retention that applies."""
    from sanad.cases.models import Case

    now = now or timezone.now()
    when = now + timedelta(days=_rule_days(RecordKind.ACCOUNT, 30))
    last = Case.objects.filter(citizen=person).aggregate(last=Max("closed_at"), touched=Max("updated_at"))
    ended = last["last"] or last["touched"]
    if ended is not None:
        keep = max(_rule_days(RecordKind.CLOSED_CASE, 1825), _rule_days(RecordKind.CASE_DOCUMENT, 1825))
        when = max(when, ended + timedelta(days=keep))
    return when


def erasure_request(*, person, reason: str = "") -> ErasureRequest:
    """Accept an erasure request (scheduled for when the retention rules allow), or refuse it with
    the reasons (409) while a transaction is open or money is owed either way."""
    _citizen(person)
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=person.pk)
        existing = ErasureRequest.objects.filter(person=person, state=RequestState.SCHEDULED).first()
        if existing is not None:
            return existing
        reasons = erasure_blockers(person)
        if reasons:
            raise Conflict(" ".join(reasons), errors={"reasons": reasons})
        return ErasureRequest.objects.create(
            person=person, reason=(reason or "")[:2000], erase_after=erasure_date(person)
        )


def erasure_withdraw(*, person, request_id: int) -> ErasureRequest:
    with transaction.atomic():
        request = ErasureRequest.objects.select_for_update().filter(pk=request_id, person=person).first()
        if request is None:
            raise NotFound(_("Request not found."))
        if request.state != RequestState.SCHEDULED:
            raise Conflict(_("This request can no longer be withdrawn."))
        request.state = RequestState.WITHDRAWN
        request.save(update_fields=["state"])
    return request


def erasures_run(*, now=None) -> int:
    """The scheduled job: carry out every erasure whose retention has ended. Returns how many."""
    now = now or timezone.now()
    done = 0
    for request_id in ErasureRequest.objects.filter(
        state=RequestState.SCHEDULED, erase_after__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            request = ErasureRequest.objects.select_for_update().get(pk=request_id)
            if request.state != RequestState.SCHEDULED:
                continue
            if erasure_blockers(request.person):  # a new transaction since: wait for it
                continue
            with acting_as(None, note=_("Erasure request %(id)s") % {"id": request.pk}) as actor:
                actor.redact = True
                pseudonymise(request.person)
                request.state, request.done_at = RequestState.DONE, timezone.now()
                request.save(update_fields=["state", "done_at"])
        done += 1
    return done


def pseudonymise(person) -> None:
    """Replace what identifies the person; keep what the statistics and the books need (dates,
    services, centres, states, amounts, receipt numbers, gender and nationality). Event rows are
    append-only and hold no personal fields beyond the person's id and free-text notes."""
    from django.core.files.storage import storages

    from sanad.accounts.models import CitizenProfile
    from sanad.cases.models import Case, CaseDocument, CustodyItem
    from sanad.notifications.models import Notification

    person = get_user_model().objects.select_for_update().get(pk=person.pk)
    person.username = f"{PSEUDONYM_PREFIX}{person.pk}"
    person.first_name = person.last_name = person.full_name_ar = person.full_name_en = ""
    person.email = person.mobile = ""
    person.is_active = False
    person.set_unusable_password()
    person.save()
    profile = CitizenProfile.objects.filter(user=person).first()
    if profile is not None:
        profile.id_number = f"X{person.pk:09d}"[-10:]
        profile.date_of_birth = None
        profile.save()
    storage = storages["private"]
    for case in Case.objects.filter(citizen=person):
        case.form_data, case.institution_reference, case.decision_note = {}, "", ""
        case.save()
        for document in CaseDocument.objects.filter(case=case):
            if document.file.name and storage.exists(document.file.name):
                storage.delete(document.file.name)
            document.file, document.original_name, document.sha256 = "", "—", ""
            document.save()
        for item in CustodyItem.objects.filter(case=case).exclude(description=""):
            item.description = ""
            item.save()
    for notification in Notification.objects.filter(recipient=person):
        notification.address, notification.subject, notification.body = "", "", ""
        notification.save()
    for consent in Consent.objects.filter(person=person, withdrawn_at__isnull=True):
        consent.withdrawn_at = timezone.now()
        consent.save()


def erasure_of(*, person, request_id: int) -> ErasureRequest:
    request = ErasureRequest.objects.filter(Q(pk=request_id) & Q(person=person)).first()
    if request is None:
        raise NotFound(_("Request not found."))
    return request
