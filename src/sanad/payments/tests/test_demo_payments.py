import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min

from sanad.cases.models import Case
from sanad.payments import selectors
from sanad.payments.models import Payment, Receipt, Remittance

pytestmark = pytest.mark.django_db


def test_the_demo_pays_the_cases_that_went_to_the_institution_with_gapless_receipts_idempotently():
    call_command("seed_demo", cases=300, no_progress=True)
    sent = Case.objects.filter(events__to_state="submitted_to_institution", total__gt=0).distinct()
    assert Payment.objects.count() == sent.count() > 0
    assert Receipt.objects.count() == Payment.objects.count()
    for row in Receipt.objects.values("centre", "year").annotate(
        n=Count("pk"), low=Min("sequence"), high=Max("sequence")
    ):
        assert (row["low"], row["high"]) == (1, row["n"])  # 1..n: no gap, no duplicate
    for case in sent[:30]:
        assert selectors.case_paid_in_full(case)
    before = (Payment.objects.count(), Receipt.objects.count(), Remittance.objects.count())
    call_command("seed_demo", cases=300, no_progress=True)
    assert (Payment.objects.count(), Receipt.objects.count(), Remittance.objects.count()) == before


def test_the_demo_step_does_nothing_without_cases():
    from sanad.demo.payments import seed_payments

    assert "no new paid cases" in seed_payments({"seed": 1}, lambda n: None)
    assert not Payment.objects.exists()
