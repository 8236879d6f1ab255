"""What the simulated institution does with a submission, and how it decides."""

import base64
import json
import random
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from sanad.outbox.models import OutboxMessage
from sanad.outbox.services import outbox_enqueue

from .models import DecisionMode, ReceivedSubmission, SimulatedInstitution

DECIDE_KIND = "demo_institution.decide"
# A one-page PDF: the "issued document" of an approval.
ISSUED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def secret() -> str:
    return settings.SANAD_DEMO_INSTITUTION_SECRET


def receive(
    *, institution: SimulatedInstitution, body: bytes, webhook_id: str, idempotency_key: str
) -> tuple[int, dict]:
    """File a submission (once): a retry with the same key gets the same answer; the same case and
    submission number under another key would be a second file, counted as a duplicate."""
    data = json.loads(body)
    reference, number = data["case_reference"], int(data["submission_number"])
    with transaction.atomic():
        existing = (
            ReceivedSubmission.objects.select_for_update()
            .filter(institution=institution, reference=reference, submission_number=number)
            .first()
        )
        if existing is not None:
            existing.deliveries += 1
            existing.save(update_fields=["deliveries"])
            if existing.idempotency_key != idempotency_key:
                SimulatedInstitution.objects.filter(pk=institution.pk).update(duplicates=F("duplicates") + 1)
            return 200, {"reference": existing.institution_reference, "status": "received"}
        if ReceivedSubmission.objects.filter(
            institution=institution, reference=reference, decided=False
        ).exists():
            # Another submission of this case is still open here: a second file for one case.
            SimulatedInstitution.objects.filter(pk=institution.pk).update(duplicates=F("duplicates") + 1)
        try:
            with transaction.atomic():
                received = ReceivedSubmission.objects.create(
                    institution=institution,
                    reference=reference,
                    submission_number=number,
                    idempotency_key=idempotency_key,
                    webhook_id=webhook_id,
                    callback_url=data.get("callback_url", ""),
                    institution_reference=f"{institution.code}-{timezone.now():%Y}-{random.randint(100000, 999999)}",
                )
        except IntegrityError:  # a concurrent retry filed it a moment ago
            return receive(
                institution=institution, body=body, webhook_id=webhook_id, idempotency_key=idempotency_key
            )
        _schedule_decision(received, institution.delay_seconds)
    return 202, {"reference": received.institution_reference, "status": "received"}


def _schedule_decision(received: ReceivedSubmission, delay: int) -> None:
    message = outbox_enqueue(
        kind=DECIDE_KIND,
        payload={"received_id": received.pk},
        idempotency_key=f"demo-institution:{received.institution.code}:{received.idempotency_key}",
    )
    if delay:
        OutboxMessage.objects.filter(pk=message.pk).update(
            next_attempt_at=timezone.now() + timedelta(seconds=delay)
        )
        from sanad.outbox.tasks import outbox_deliver

        # The sweep would find it within a minute; this makes the delay what the control said.
        transaction.on_commit(lambda: outbox_deliver.apply_async((message.pk,), countdown=delay))


def decision_body(received: ReceivedSubmission, mode: str) -> dict:
    choice = random.choice(["approve", "reject", "more_info"]) if mode == DecisionMode.RANDOM else mode
    body = {
        "type": "decision",
        "reference": received.reference,
        "submission_number": received.submission_number,
        "decision": choice,
        "institution_reference": received.institution_reference,
    }
    if choice == "approve":
        body["document"] = {
            "name": f"{received.institution_reference}.pdf",
            "content_base64": base64.b64encode(ISSUED_PDF).decode(),
        }
    else:
        body["note"] = NOTES[choice]
    return body


NOTES = {
    "reject": "لا يمكن إصدار المعاملة: توجد مخالفات غير مسددة.",
    "more_info": "يرجى إرفاق صورة أوضح من البطاقة الشخصية.",
}
