"""Submissions going out. "Submit to institution" always succeeds locally: the workflow effect writes
a Submission and an outbox row in the case's transaction, and a worker hands it over after commit,
with capped exponential backoff and jitter, `Retry-After` honoured, 5xx/429/timeouts retried and
other refusals not, a cutoff after which a person must look (needs_attention), and the
institution's circuit breaker (health.py)."""

import json
import random
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.errors import Conflict, NotFound
from sanad.outbox.constants import MessageStatus
from sanad.outbox.models import OutboxMessage
from sanad.outbox.services import GiveUp, RetryLater, outbox_deliver, outbox_enqueue, outbox_retry

from .. import conf
from ..connectors import connectors
from ..constants import ConnectorKind, DeliveryState, Direction, Health
from ..models import Connector, MessageLog, Submission
from ..signing import sign
from .health import connector_failure, connector_success, probe_take

OUTBOX_KIND = "integrations.submission"
DOCUMENT_SALT = "sanad.integrations.document"


def backoff_seconds(attempts: int) -> float:
    """Capped exponential backoff with jitter: base·2^(n-1), capped, then a random point in its
    upper half (so a queue that failed together does not retry together)."""
    base, cap = conf.get("INTEGRATIONS_BACKOFF_BASE_SECONDS"), conf.get("INTEGRATIONS_BACKOFF_CAP_SECONDS")
    delay = min(base * (2 ** max(attempts - 1, 0)), cap)
    return random.uniform(delay / 2, delay)


def connector_for(institution_id: int) -> Connector | None:
    return Connector.objects.filter(institution_id=institution_id, is_active=True).first()


# --- creating ---------------------------------------------------------------------------------
def submission_create(*, case) -> Submission:
    """Called inside the case's transition to `submitted_to_institution` (a workflow effect)."""
    institution = case.service.institution
    connector = connector_for(institution.pk)
    kind = connector.kind if connector else ConnectorKind.PORTAL
    number = (Submission.objects.filter(case=case).aggregate(n=Max("number"))["n"] or 0) + 1
    submission = Submission.objects.create(case=case, institution=institution, number=number, kind=kind)
    if not connectors.get(kind).pushes:
        _deliver_to_portal(submission)
        return submission
    submission.outbox_message = outbox_enqueue(
        kind=OUTBOX_KIND,
        payload={"submission_id": submission.pk},
        idempotency_key=f"integrations:{submission.idempotency_key}",
    )
    submission.save(update_fields=["outbox_message"])
    if connector.health == Health.DOWN:
        _tell_citizen_queued(submission)
    return submission


def _deliver_to_portal(submission: Submission) -> None:
    now = timezone.now()
    submission.state, submission.delivered_at = DeliveryState.DELIVERED, now
    submission.save(update_fields=["state", "delivered_at"])
    MessageLog.objects.create(
        case=submission.case,
        submission=submission,
        institution=submission.institution,
        direction=Direction.OUT,
        url=reverse("integrations:inbox"),
        attempt=1,
        ok=True,
        outcome="in the officers' inbox",
    )


def document_url(document, submission: Submission) -> tuple[str, str]:
    """A signed, expiring link to one document (for the institution's system), and when it expires."""
    token = signing.dumps({"d": document.pk, "s": submission.pk}, salt=DOCUMENT_SALT)
    expires = timezone.now() + timedelta(seconds=conf.get("INTEGRATIONS_DOCUMENT_URL_SECONDS"))
    path = reverse("api:integrations-document", args=[token])
    return settings.SANAD_PUBLIC_URL.rstrip("/") + path, expires.isoformat()


def submission_body(submission: Submission) -> bytes:
    from sanad.cases.constants import DocumentRole

    case = submission.case
    documents = []
    for document in case.documents.filter(role=DocumentRole.REQUIRED, is_current=True).select_related(
        "document_type"
    ):
        url, expires = document_url(document, submission)
        documents.append(
            {
                "type": document.document_type.code if document.document_type else "",
                "name": document.original_name,
                "content_type": document.content_type,
                "size": document.size,
                "sha256": document.sha256,
                "download_url": url,
                "expires_at": expires,
            }
        )
    callback = settings.SANAD_PUBLIC_URL.rstrip("/") + reverse(
        "api:integrations-callback", args=[submission.institution.code]
    )
    return json.dumps(
        {
            "type": "submission",
            "idempotency_key": submission.idempotency_key,
            "case_reference": case.reference,
            "submission_number": submission.number,
            "service": {"code": case.service.code, "version": case.service_version.number},
            "form_data": case.form_data,
            "fee": case.fee,
            "documents": documents,
            "sla_due_at": case.sla_due_at.isoformat() if case.sla_due_at else None,
            "callback_url": callback,
        },
        ensure_ascii=False,
        sort_keys=True,
    ).encode()


# --- delivering -------------------------------------------------------------------------------
def _queued_reason(submission: Submission) -> str:
    return _("%(institution)s is not answering; your submission will be sent automatically.") % {
        "institution": submission.institution.name
    }


def _tell_citizen_queued(submission: Submission) -> None:
    if submission.citizen_told_queued:
        return
    from sanad.notifications.services import notify

    case = submission.case
    notify(
        user=case.citizen,
        template="case_queued",
        context={"case": case, "institution": submission.institution},
        key=f"submission:{submission.pk}:queued",
    )
    Submission.objects.filter(pk=submission.pk).update(citizen_told_queued=True)
    submission.citizen_told_queued = True


def _needs_attention(submission: Submission, error: str) -> None:
    submission.state, submission.last_error = DeliveryState.NEEDS_ATTENTION, error[:500]
    submission.save(update_fields=["state", "last_error"])


def _log(submission: Submission, outcome, *, attempt: int, webhook_id: str, size: int) -> None:
    MessageLog.objects.create(
        case=submission.case,
        submission=submission,
        institution=submission.institution,
        direction=Direction.OUT,
        url=outcome.url[:500],
        status=outcome.status,
        latency_ms=outcome.latency_ms,
        attempt=attempt,
        webhook_id=webhook_id,
        size=size,
        ok=outcome.delivered,
        outcome=("delivered" if outcome.delivered else outcome.error)[:300],
    )


def submission_deliver(*, submission_id: int, now=None) -> Submission:
    """One attempt (the outbox handler). Idempotent: a delivered submission is not sent again; a
    worker killed mid-attempt leaves it `delivering`, and the next attempt sends the same key."""
    now = now or timezone.now()
    submission = Submission.objects.select_related(
        "case__service", "case__service_version", "case__citizen", "institution"
    ).get(pk=submission_id)
    if submission.state in (DeliveryState.DELIVERED, DeliveryState.NEEDS_ATTENTION):
        return submission
    connector = connector_for(submission.institution_id)
    plugin = connectors.get(connector.kind) if connector else connectors.get(ConnectorKind.PORTAL)
    if connector is None or not plugin.pushes:
        _deliver_to_portal(submission)
        return submission
    left = (submission.queued_at + timedelta(hours=connector.cutoff_hours) - now).total_seconds()
    if left <= 0:
        error = submission.last_error or _("not delivered in time")
        _needs_attention(submission, error)
        raise GiveUp(f"cutoff reached: {error}")
    ahead = _first_waiting(submission.institution_id)
    if ahead is not None and ahead != submission.pk:
        # Delivered in order at all times: an earlier submission to this institution still waits (a
        # retry after a 5xx, a slow answer in flight), so this one waits behind it. The earlier one's
        # success drains the queue; this retry is only the safety net.
        if submission.state != DeliveryState.QUEUED:
            submission.state = DeliveryState.QUEUED
            submission.save(update_fields=["state"])
        raise RetryLater(
            f"waiting for an earlier submission ({ahead}) to this institution",
            delay_seconds=min(conf.get("INTEGRATIONS_PROBE_SECONDS"), left),
        )
    if connector.health == Health.DOWN and not probe_take(connector, now=now):
        wait = max((connector.next_probe_at - now).total_seconds(), 1) if connector.next_probe_at else 60
        if submission.state != DeliveryState.QUEUED:
            submission.state = DeliveryState.QUEUED
            submission.save(update_fields=["state"])
        _tell_citizen_queued(submission)
        # Wait for the probe; the drain that follows a recovery sends the queue in order.
        raise RetryLater("institution down; waiting for it to answer", delay_seconds=min(wait * 5, left))

    submission.attempts += 1
    submission.state = DeliveryState.DELIVERING
    submission.save(update_fields=["attempts", "state"])
    body = submission_body(submission)
    headers = sign(secrets=connector.secrets, webhook_id=submission.webhook_id, body=body)
    outcome = plugin.submit(connector=connector, submission=submission, body=body, headers=headers)
    _log(submission, outcome, attempt=submission.attempts, webhook_id=submission.webhook_id, size=len(body))

    if outcome.delivered:
        from sanad.cases.models import Case

        with transaction.atomic():
            submission.state, submission.delivered_at = DeliveryState.DELIVERED, timezone.now()
            submission.institution_reference = outcome.institution_reference
            submission.last_error = ""
            submission.save(update_fields=["state", "delivered_at", "institution_reference", "last_error"])
            if outcome.institution_reference:
                Case.objects.filter(pk=submission.case_id).update(
                    institution_reference=outcome.institution_reference
                )
            was_down = connector_success(connector)
            if not was_down and not _draining.get():  # after a recovery the drain is already queued
                institution_id = submission.institution_id
                transaction.on_commit(lambda: _drain_later(institution_id))
        return submission

    health = connector_failure(connector, error=outcome.error)
    if not outcome.retry:
        _needs_attention(submission, outcome.error)
        raise GiveUp(outcome.error)
    submission.state, submission.last_error = DeliveryState.QUEUED, outcome.error[:500]
    submission.save(update_fields=["state", "last_error"])
    _tell_citizen_queued(submission)
    delay = backoff_seconds(submission.attempts)
    if outcome.retry_after is not None:
        delay = max(delay, outcome.retry_after)
    if health == Health.DOWN:
        delay = max(delay, conf.get("INTEGRATIONS_PROBE_SECONDS"))
    raise RetryLater(outcome.error, delay_seconds=min(delay, left))


def submission_resend(*, submission_id: int, actor) -> Submission:
    """The one-click "send again" for a submission that needs attention (its centre, or an admin)."""
    from sanad.accounts.constants import Role
    from sanad.cases.selectors import is_staff_of

    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update()
            .select_related("case__centre")
            .filter(pk=submission_id)
            .first()
        )
        if submission is None or not (
            is_staff_of(actor, submission.case.centre) or getattr(actor, "role", None) == Role.ADMIN
        ):
            raise NotFound(_("Not found."))
        if submission.state != DeliveryState.NEEDS_ATTENTION:
            raise Conflict(_("This submission does not need sending again."))
        submission.state, submission.queued_at = DeliveryState.QUEUED, timezone.now()
        submission.save(update_fields=["state", "queued_at"])
        if submission.outbox_message_id:
            outbox_retry(message_id=submission.outbox_message_id)
    return submission


def _deliver_now(message_id: int) -> None:
    OutboxMessage.objects.filter(pk=message_id, status="pending").update(next_attempt_at=timezone.now())
    outbox_deliver(message_id=message_id)


def _waiting(institution_id: int):
    """The submissions to one institution that still have to go, in the order they must arrive."""
    return Submission.objects.filter(
        institution_id=institution_id,
        state__in=(DeliveryState.QUEUED, DeliveryState.DELIVERING),
        outbox_message__status=MessageStatus.PENDING,
    ).order_by("pk")


def _first_waiting(institution_id: int) -> int | None:
    return _waiting(institution_id).values_list("pk", flat=True).first()


def _drain_later(institution_id: int) -> None:
    """After a delivery, if others wait behind it, send them now (not at their next retry)."""
    if _waiting(institution_id).exists():
        from ..tasks import drain

        drain.delay(institution_id)


# Set while a drain runs in this thread, so that its own deliveries do not start another drain (with
# an eager task runner that would nest one drain per submission).
_draining: ContextVar[bool] = ContextVar("integrations_draining", default=False)


def institution_drain(*, institution_id: int) -> int:
    """Send what waits, oldest first, one at a time, stopping if the institution goes down or the
    head of the queue could not be delivered (it keeps its place and retries)."""
    sent = 0
    token = _draining.set(True)
    try:
        for message_id in list(_waiting(institution_id).values_list("outbox_message_id", flat=True)):
            if Connector.objects.filter(institution_id=institution_id, health=Health.DOWN).exists():
                break
            _deliver_now(message_id)
            sent += 1
            if not Submission.objects.filter(
                outbox_message_id=message_id, state=DeliveryState.DELIVERED
            ).exists():
                break  # the head was not delivered and keeps its place: the rest would only wait
    finally:
        _draining.reset(token)
    return sent


def institution_probe(*, now=None) -> int:
    """Each minute: for every institution that is down, let its oldest waiting submission try."""
    now = now or timezone.now()
    probed = 0
    for connector in Connector.objects.filter(health=Health.DOWN, next_probe_at__lte=now):
        oldest = _waiting(connector.institution_id).values_list("outbox_message_id", flat=True).first()
        if oldest is None:  # nothing waits: nothing to learn by calling; assume it is back
            Connector.objects.filter(pk=connector.pk).update(
                health=Health.UP, consecutive_failures=0, next_probe_at=None
            )
            continue
        _deliver_now(oldest)
        probed += 1
    return probed


def submissions_pull_overdue(*, now=None) -> int:
    """Delivered submissions still without a decision after the service's SLA: ask the institution
    (the connector's `status`), apply what it says, otherwise escalate (shown to the centre and the
    operators)."""
    from sanad.cases.constants import CaseState

    from .decisions import decision_apply

    now = now or timezone.now()
    overdue = Submission.objects.filter(
        state=DeliveryState.DELIVERED,
        decided_at__isnull=True,
        escalated_at__isnull=True,
        case__state=CaseState.SUBMITTED_TO_INSTITUTION,
        case__sla_due_at__lt=now,
    ).select_related("case__centre", "case__service_version", "institution")
    escalated = 0
    for submission in overdue[:200]:
        connector = connector_for(submission.institution_id)
        report = (
            connectors.get(connector.kind).status(connector=connector, submission=submission)
            if connector
            else None
        )
        if report and report.get("decision") in ("reject", "more_info"):
            try:
                decision_apply(
                    case_id=submission.case_id,
                    institution=submission.institution,
                    decision=report["decision"],
                    note=str(report.get("note") or "")[:2000],
                    institution_reference=str(report.get("reference") or "")[:100],
                )
                continue
            except Exception:  # noqa: S110 (a bad answer is escalated like no answer)
                pass
        with transaction.atomic():
            submission_escalate(submission=submission, now=now)
        escalated += 1
    return escalated


def submission_escalate(*, submission: Submission, now=None) -> bool:
    """A decision is overdue and the institution did not say where it stands: mark the submission and
    tell both sides, once: the centre's staff (clerks, managers, owner) and the institution's officers
    (for a portal institution the case is also flagged in their inbox). False if already escalated."""
    from sanad.catalogue.models import InstitutionMembership
    from sanad.centres.selectors import centre_staff
    from sanad.notifications.services import notify

    now = now or timezone.now()
    if not Submission.objects.filter(pk=submission.pk, escalated_at__isnull=True).update(escalated_at=now):
        return False
    case = submission.case
    context = {"case": case, "institution": submission.institution, "centre": case.centre}
    for membership in centre_staff(case.centre):
        notify(
            user=membership.user,
            template="submission_overdue_centre",
            context=context,
            key=f"submission:{submission.pk}:overdue:{membership.user_id}",
        )
    officers = InstitutionMembership.objects.filter(
        institution_id=submission.institution_id, user__is_active=True
    ).select_related("user")
    for membership in officers:
        notify(
            user=membership.user,
            template="submission_overdue_institution",
            context=context,
            key=f"submission:{submission.pk}:overdue:{membership.user_id}",
        )
    return True
