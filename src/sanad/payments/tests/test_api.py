import pytest
from conftest import authed

from sanad.cases.models import Case
from sanad.payments.models import Payment, Receipt, Refund

from .factories import manager, pay_cash

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def test_the_clerk_takes_cash_through_the_api_with_an_idempotency_key(api_client, case, clerk):
    client = authed(api_client, clerk)
    url = f"/api/v1/cases/{case.reference}/payments/"
    first = client.post(url, {"method": "cash", "amount": 21575}, format="json", HTTP_IDEMPOTENCY_KEY="pos-1")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert (body["state"], body["total"], body["government_fee"], body["vat"], body["currency"]) == (
        "succeeded",
        21575,
        20000,
        75,
        "OMR",
    )
    assert body["receipt"].endswith("-000001")
    retry = client.post(url, {"method": "cash", "amount": 21575}, format="json", HTTP_IDEMPOTENCY_KEY="pos-1")
    assert retry.json()["id"] == body["id"]
    assert Payment.objects.count() == 1 and Receipt.objects.count() == 1
    listed = client.get(url).json()
    assert [p["id"] for p in listed] == [body["id"]]
    assert client.get(f"/api/v1/payments/{body['id']}/").json()["receipt"] == body["receipt"]


def test_paying_twice_through_the_api_is_a_409_problem(api_client, case, clerk):
    pay_cash(case, clerk)
    response = authed(api_client, clerk).post(
        f"/api/v1/cases/{case.reference}/payments/",
        {"method": "cash", "amount": 21575},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409 and response["Content-Type"] == PROBLEM
    assert response.json()["detail"] == "This transaction is already paid in full."
    assert Payment.objects.count() == 1


def test_a_wrong_amount_through_the_api_is_a_422_in_arabic_by_default(api_client, case, clerk):
    response = authed(api_client, clerk).post(
        f"/api/v1/cases/{case.reference}/payments/", {"method": "cash", "amount": 100}, format="json"
    )
    assert response.status_code == 422
    assert "المبلغ المستحق" in response.json()["errors"]["amount"][0]
    assert not Payment.objects.exists()


def test_paying_a_cancelled_case_through_the_api_is_a_409(api_client, case, clerk):
    Case.objects.filter(pk=case.pk).update(state="cancelled")
    response = authed(api_client, clerk).post(
        f"/api/v1/cases/{case.reference}/payments/", {"method": "cash", "amount": 21575}, format="json"
    )
    assert response.status_code == 409 and response.json()["current_state"] == "cancelled"
    assert not Payment.objects.exists()


def test_the_citizen_starts_an_online_payment_and_gets_the_gateway_address(api_client, case, person):
    response = authed(api_client, person).post(
        f"/api/v1/cases/{case.reference}/payments/", {"method": "online", "amount": 21575}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["state"] == "pending"
    assert response.json()["redirect_url"].startswith("http://testserver/demo/gateway/pay/GW-")
    assert response.json()["receipt"] is None


def test_refunds_through_the_api(api_client, case, clerk, centre):
    payment = pay_cash(case, clerk)
    boss = authed(api_client, manager(centre))
    over = boss.post(
        f"/api/v1/payments/{payment.pk}/refunds/",
        {"vat": 76, "note": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert over.status_code == 422
    assert over.json()["errors"]["amount"] == [
        "A refund cannot be more than what was paid: at most 21.575 OMR."
    ]
    made = boss.post(
        f"/api/v1/payments/{payment.pk}/refunds/",
        {"centre_fee": 1500, "vat": 75, "note": "خصم"},
        format="json",
    )
    assert made.status_code == 201 and made.json()["credit_note"]
    assert boss.get(f"/api/v1/payments/{payment.pk}/refunds/").json()[0]["total"] == 1575
    assert boss.get(f"/api/v1/payments/{payment.pk}/").json()["state"] == "partially_refunded"
    note = made.json()["credit_note"]
    assert boss.get(f"/api/v1/credit-notes/{note}/").json()["amounts"]["total"] == 1575
    assert Refund.objects.count() == 1


def test_a_mistyped_case_reference_is_a_400_and_someone_elses_case_a_404(api_client, case, person):
    from .factories import citizen

    wrong = case.reference[:-1] + str((int(case.reference[-1]) + 1) % 10)
    assert authed(api_client, person).get(f"/api/v1/cases/{wrong}/payments/").status_code == 400
    assert authed(api_client, citizen()).get(f"/api/v1/cases/{case.reference}/payments/").status_code == 404


def test_the_payments_endpoints_are_in_the_openapi_document(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path in (
        "/api/v1/cases/{reference}/payments/",
        "/api/v1/payments/{id}/",
        "/api/v1/payments/{id}/refunds/",
        "/api/v1/receipts/{number}/",
        "/api/v1/payments/gateway/callback/",
        "/api/v1/cash/closes/",
        "/api/v1/settlement/statement/",
        "/api/v1/settlement/remittances/",
    ):
        assert path in schema, path
    params = [p["name"] for p in schema["/api/v1/cases/{reference}/payments/"]["post"]["parameters"]]
    assert "Idempotency-Key" in params
