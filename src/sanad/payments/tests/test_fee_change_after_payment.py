"""Lowering the fee of a paid case gives the difference back at once; raising it leaves the rest
due. The citizen never ends up overpaid."""

import pytest

from sanad.cases.services import case_fee_change
from sanad.payments.constants import RefundReason
from sanad.payments.models import Refund
from sanad.payments.selectors import case_net_paid

from .factories import pay_cash

pytestmark = pytest.mark.django_db


def test_lowering_the_fee_of_a_paid_case_refunds_the_difference(case, clerk):
    pay_cash(case, clerk)
    paid_before = case_net_paid(case).total
    case = case_fee_change(case_id=case.pk, actor=clerk, government_fee=10000, note="سنتان فقط")
    refund = Refund.objects.get(case=case)
    assert refund.reason == RefundReason.OVERPAID
    assert refund.government_fee == 10000 and refund.total == paid_before - case.total
    assert case_net_paid(case).total == case.total


def test_raising_the_fee_of_a_paid_case_leaves_the_rest_due_and_refunds_nothing(case, clerk):
    case = case_fee_change(case_id=case.pk, actor=clerk, government_fee=10000, note="سنتان")
    pay_cash(case, clerk)
    case = case_fee_change(case_id=case.pk, actor=clerk, government_fee=20000, note="خمس سنوات")
    assert not Refund.objects.filter(case=case).exists()
    assert case_net_paid(case).total == case.total - 10000


def test_a_fee_change_on_an_unpaid_case_refunds_nothing(case, clerk):
    case_fee_change(case_id=case.pk, actor=clerk, government_fee=10000, note="سنتان")
    assert not Refund.objects.exists()
