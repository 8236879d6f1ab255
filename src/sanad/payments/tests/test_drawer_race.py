"""A cash payment and the drawer's daily close serialise on the drawer (PostgreSQL, real threads):
either the close counts the payment, or the payment is refused on the closed drawer — never a
payment the close misses."""

import threading

import pytest
from django.db import connection, connections

from sanad.core.errors import Conflict
from sanad.payments.models import DailyClose, Payment
from sanad.payments.services import cash as cash_services
from sanad.payments.services.cash import daily_close_create

from .factories import citizen, licensed_centre, open_walk_in, pay_cash, staff

PAUSE = 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_cash_payment_during_the_daily_close_is_counted_or_refused(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer, so there is no race to test")
    centre = licensed_centre()
    clerk = staff(centre)
    case = open_walk_in(centre, clerk, citizen())
    counted, paid = threading.Event(), threading.Event()
    real_drawer = cash_services.selectors.drawer

    def count_then_hold(actor, day):
        result = real_drawer(actor, day)
        counted.set()
        paid.wait(timeout=PAUSE)  # without a drawer lock the payment lands now, uncounted
        return result

    monkeypatch.setattr(cash_services.selectors, "drawer", count_then_hold)
    outcome = {}

    def close():
        try:
            outcome["close"] = daily_close_create(actor=clerk, counted_cash=0).pk
        except Exception as exc:
            outcome["close"] = exc
        finally:
            connections.close_all()

    def pay():
        counted.wait(timeout=PAUSE * 2)
        try:
            outcome["pay"] = pay_cash(case, clerk).pk
        except Exception as exc:
            outcome["pay"] = exc
        finally:
            paid.set()
            connections.close_all()

    threads = [threading.Thread(target=close), threading.Thread(target=pay)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    day_close = DailyClose.objects.get(clerk=clerk)
    taken = sum(Payment.objects.filter(received_by=clerk, method="cash").values_list("total", flat=True))
    assert day_close.cash_received == taken, "the close missed a payment"
    assert isinstance(outcome["pay"], Conflict)  # the drawer was closed by the time it got in
