"""The case list reads a page in a fixed number of queries, whatever the number of rows on it (the
money paid and refunded, the citizen's masked number and the latest submission are read for the
whole page, not once per row), and the amounts it shows are the ones the case itself shows."""

import pytest
from conftest import authed
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from sanad.payments.arithmetic import Breakdown
from sanad.payments.services.refunds import refund_issue

from .factories import citizen, licensed_centre, open_walk_in, pay_in_full, staff

pytestmark = pytest.mark.django_db


def _list_queries(client) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as context:
        response = client.get("/api/v1/cases/")
    assert response.status_code == 200, response.content
    return len(context.captured_queries), response.json()["results"]


def test_the_clerks_list_costs_the_same_queries_for_two_cases_or_eight(api_client):
    centre = licensed_centre()
    clerk = staff(centre)
    person = citizen()
    client = authed(api_client, clerk)
    cases = [open_walk_in(centre, clerk, person) for _ in range(2)]
    pay_in_full(cases[0], clerk)
    few, _rows = _list_queries(client)

    cases += [open_walk_in(centre, clerk, citizen()) for _ in range(6)]
    for case in cases[2:5]:
        pay_in_full(case, clerk)
    payment = pay_in_full(cases[5], clerk)
    with transaction.atomic():
        refund_issue(payment=payment, part=Breakdown(government_fee=1000), reason="overpaid", actor=clerk)
    many, rows = _list_queries(client)

    assert len(rows) == 8
    assert many == few
    for row in rows:
        detail = client.get(f"/api/v1/cases/{row['reference']}/").json()
        assert (row["amount_paid"], row["amount_due"]) == (detail["amount_paid"], detail["amount_due"])
        assert row["citizen"] == detail["citizen"]
    by_reference = {row["reference"]: row for row in rows}
    assert by_reference[cases[5].reference]["amount_due"] == 1000
    assert by_reference[cases[6].reference]["amount_paid"] == 0


def test_the_lists_capped_count_does_not_sort(api_client):
    """Counting up to 10,000 rows needs no order: sorting them first made a big centre's count an
    index scan over the whole table by date (a plan fact, checked on the SQL, not timed)."""
    centre = licensed_centre()
    clerk = staff(centre)
    open_walk_in(centre, clerk, citizen())
    with CaptureQueriesContext(connection) as context:
        response = authed(api_client, clerk).get("/api/v1/cases/")
    assert response.status_code == 200 and response.json()["count"] == 1
    counts = [q["sql"] for q in context.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1 and "ORDER BY" not in counts[0], counts
    pages = [
        q["sql"] for q in context.captured_queries if 'FROM "cases_case"' in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert any("ORDER BY" in sql for sql in pages)
