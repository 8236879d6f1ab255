"""Receipt numbers have no gaps and no duplicates when many payers pay at the same moment. Needs a
database with real row locks and concurrent connections: PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from sanad.payments.models import Receipt
from sanad.payments.services import payments as payment_services

from .factories import citizen, licensed_centre, open_walk_in, pay_cash, staff

PAYERS = 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_payers_get_consecutive_receipt_numbers_without_gaps_or_duplicates(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer, so there is no concurrency to test")
    centre = licensed_centre()
    clerks = [staff(centre) for _ in range(PAYERS)]
    person = citizen()
    cases = [open_walk_in(centre, clerks[i], person) for i in range(PAYERS)]
    # Every third payer's transaction fails after it took its number: the number must come back.
    doomed = {case.pk for case in cases[::3]}
    real_notify = payment_services._notify_paid

    def notify_or_fail(payment):
        if payment.case_id in doomed:
            raise RuntimeError("the card terminal lost power")
        real_notify(payment)

    monkeypatch.setattr(payment_services, "_notify_paid", notify_or_fail)
    start = threading.Barrier(PAYERS)
    outcomes, errors = [], []

    def pay(index):
        try:
            start.wait()
            outcomes.append(pay_cash(cases[index], clerks[index]).receipt.number)
        except RuntimeError:
            errors.append(index)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(i,)) for i in range(PAYERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(errors) == len(doomed)
    numbers = sorted(Receipt.objects.filter(centre=centre).values_list("sequence", flat=True))
    assert numbers == list(range(1, PAYERS - len(doomed) + 1))  # 1..n: no gap, no duplicate
    assert sorted(outcomes) == sorted(Receipt.objects.values_list("number", flat=True))
