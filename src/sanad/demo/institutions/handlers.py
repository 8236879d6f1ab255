"""The simulated institution's decisions leave through the outbox (retried until Sanad answers),
signed the Standard Webhooks way and POSTed over HTTP to Sanad's callback endpoint."""

import json

from sanad.integrations import transport
from sanad.integrations.signing import sign
from sanad.outbox.registry import handler

from . import services
from .models import ReceivedSubmission


class DecisionNotAccepted(RuntimeError):
    pass


@handler(services.DECIDE_KIND)
def send_decision(message):
    received = ReceivedSubmission.objects.select_related("institution").get(pk=message.payload["received_id"])
    if received.decided:
        return
    body = json.dumps(services.decision_body(received, received.institution.decision)).encode()
    # The same id on every retry (Standard Webhooks): a retry after a lost answer is a replay to Sanad.
    webhook_id = f"msg_decision_{received.reference}_{received.submission_number}"
    headers = sign(secrets=[services.secret()], webhook_id=webhook_id, body=body)
    answer = transport.send(
        "POST",
        received.callback_url,
        body=body,
        headers={**headers, "Content-Type": "application/json"},
        timeout=15,
    )
    # 2xx: applied. 409: Sanad holds it in another state already (nothing more to do).
    if not (200 <= answer.status < 300 or answer.status == 409):
        raise DecisionNotAccepted(f"callback answered {answer.status or answer.error}")
    received.decided = True
    received.decision = json.loads(body)["decision"]
    received.save(update_fields=["decided", "decision"])
