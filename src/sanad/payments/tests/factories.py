"""Payments test helpers, on top of the cases factories (a licensed centre, staff, a citizen, a
walk-in case): take a payment by each method, and build (signed or forged) gateway callbacks."""

import json

from sanad.cases.tests.factories import DL_FORM, DL_RENEW, citizen, licensed_centre, open_walk_in, staff
from sanad.centres.constants import StaffRole
from sanad.payments import selectors
from sanad.payments.constants import SIGNATURE_HEADER
from sanad.payments.gateway import sign
from sanad.payments.services import payment_create

CALLBACK_URL = "/api/v1/payments/gateway/callback/"
RETURN_URL = "/payments/online/return/"


def manager(centre, **kwargs):
    return staff(centre, role=StaffRole.MANAGER, **kwargs)


def due(case) -> int:
    return selectors.case_outstanding(case).total


def pay_cash(case, clerk, **kwargs):
    return payment_create(case=case, actor=clerk, method="cash", amount=due(case), **kwargs)


def pay_card(case, clerk, approval_reference="A1B2C3", **kwargs):
    return payment_create(
        case=case,
        actor=clerk,
        method="card_terminal",
        amount=due(case),
        approval_reference=approval_reference,
        **kwargs,
    )


def start_online(case, person, **kwargs):
    return payment_create(
        case=case,
        actor=person,
        method="online",
        amount=due(case),
        return_url=RETURN_URL,
        callback_url="http://testserver" + CALLBACK_URL,
        **kwargs,
    )


def callback_body(payment, status="succeeded", **overrides) -> bytes:
    body = {
        "event_id": f"{payment.gateway_reference}:{status}",
        "session": payment.gateway_reference,
        "merchant_reference": str(payment.pk),
        "case_reference": payment.case.reference,
        "status": status,
        "amount": payment.total,
        "currency": "OMR",
        "occurred_at": "2026-03-01T10:00:00+00:00",
    }
    body.update(overrides)
    return json.dumps(body).encode()


def post_callback(client, body: bytes, signature: str | None = None, **extra):
    headers = {
        f"HTTP_{SIGNATURE_HEADER.upper().replace('-', '_')}": signature
        if signature is not None
        else sign(body)
    }
    return client.post(CALLBACK_URL, data=body, content_type="application/json", **headers, **extra)


__all__ = ["DL_FORM", "DL_RENEW", "citizen", "licensed_centre", "open_walk_in", "staff"]
