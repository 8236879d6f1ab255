"""How many statements the hot API writes cost, counted end to end (token, lock, writes, audit,
outbox, the answer). Transactional tests, so the count is what production sends (no test
savepoints). Django's query log also lists the transaction's BEGIN and COMMIT; the budget is for the
statements between them. Delivering the queued messages is the worker's work, after commit, and is
left out (the tests run Celery eagerly)."""

import pytest
from conftest import authed

from sanad.audit import chain
from sanad.audit.models import AuditEntry
from sanad.cases.models import Case, CaseEvent
from sanad.outbox.models import OutboxMessage

from .factories import citizen, licensed_centre, open_walk_in, staff

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


TRANSACTION_CONTROL = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT"}


def statements(context) -> list[str]:
    return [q["sql"] for q in context.captured_queries if q["sql"] not in TRANSACTION_CONTROL]


@pytest.fixture(autouse=True)
def _no_delivery_in_the_request(monkeypatch):
    monkeypatch.setattr("sanad.outbox.services._hand_to_worker", lambda message_id: None)


@pytest.fixture
def world(api_client):
    centre = licensed_centre()
    clerk = staff(centre)
    person = citizen()
    case = open_walk_in(centre, clerk, person)
    return centre, clerk, person, case, authed(api_client, clerk)


def test_a_transition_through_the_api_costs_at_most_six_queries(world, django_assert_max_num_queries):
    _centre, _clerk, _person, case, client = world
    with django_assert_max_num_queries(6 + 2) as context:
        response = client.post(
            f"/api/v1/cases/{case.reference}/transitions/", {"action": "start"}, format="json"
        )
    assert response.status_code == 200, response.content
    assert len(statements(context)) <= 6, "\n".join(statements(context))
    body = response.json()
    assert body["state"] == "in_progress" and body["version"] == case.version + 1
    assert body["amount_due"] == case.total and body["amount_paid"] == 0
    assert body["delivery"]["state"] == "not_sent" and body["citizen"]["civil_number"].endswith(
        case.citizen.citizen_profile.id_number[-4:]
    )
    assert "send_back" in body["allowed_actions"]
    # everything the slower path wrote is there
    assert CaseEvent.objects.filter(case=case, action="start").count() == 1
    assert OutboxMessage.objects.filter(idempotency_key__startswith=f"case:{case.pk}:v2").count() >= 1
    assert AuditEntry.objects.filter(object=f"case:{case.reference}", operation="update").exists()
    assert chain.verify()[1] is None


def test_the_fast_transition_answers_like_the_case_page(world):
    _centre, _clerk, _person, case, client = world
    client.post(f"/api/v1/cases/{case.reference}/transitions/", {"action": "start"}, format="json")
    after = client.post(
        f"/api/v1/cases/{case.reference}/transitions/", {"action": "send_back", "note": "صورة"}, format="json"
    ).json()
    page = client.get(f"/api/v1/cases/{case.reference}/").json()
    assert after == page


def test_a_transition_on_another_centres_case_is_a_404_and_changes_nothing(world):
    _centre, _clerk, _person, case, _client = world
    from rest_framework.test import APIClient

    other = staff(licensed_centre())
    response = authed(APIClient(), other).post(
        f"/api/v1/cases/{case.reference}/transitions/", {"action": "start"}, format="json"
    )
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).state == case.state


def test_opening_a_walk_in_case_through_the_api(world, django_assert_max_num_queries):
    centre, _clerk, person, case, client = world
    body = {
        "centre": centre.pk,
        "service": case.service.code,
        "channel": "walk_in",
        "form_data": case.form_data,
        "government_fee": case.government_fee,
        "citizen": {"id_number": person.citizen_profile.id_number},
    }
    with django_assert_max_num_queries(OPEN_BUDGET + 2) as context:
        response = client.post("/api/v1/cases/", body, format="json")
    assert response.status_code == 201, response.content
    print("\nOPEN", len(statements(context)), *statements(context), sep="\n  ")
    assert response.json()["state"] == "accepted"


def test_a_cash_payment_through_the_api(world, django_assert_max_num_queries):
    _centre, _clerk, _person, case, client = world
    with django_assert_max_num_queries(PAYMENT_BUDGET + 2) as context:
        response = client.post(
            f"/api/v1/cases/{case.reference}/payments/",
            {"method": "cash", "amount": case.total},
            format="json",
        )
    assert response.status_code == 201, response.content
    print("\nPAY", len(statements(context)), *statements(context), sep="\n  ")


OPEN_BUDGET = 40
PAYMENT_BUDGET = 40
