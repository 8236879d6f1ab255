from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from sanad.cases.models import Case
from sanad.cases.services import case_transition, document_upload
from sanad.cases.tests.factories import PDF, upload
from sanad.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sanad.payments.constants import PaymentState
from sanad.payments.models import DocumentSequence, Payment, PaymentEvent, Receipt
from sanad.payments.services import payment_create

from .factories import citizen, licensed_centre, open_walk_in, pay_card, pay_cash, staff

pytestmark = pytest.mark.django_db


def nothing_written():
    return Payment.objects.count() == 0 and Receipt.objects.count() == 0 and PaymentEvent.objects.count() == 0


def test_cash_at_the_counter_succeeds_at_once_with_the_snapshot_breakdown_and_a_receipt(case, clerk):
    payment = pay_cash(case, clerk)
    assert payment.state == PaymentState.SUCCEEDED
    assert (payment.government_fee, payment.centre_fee, payment.vat, payment.total) == (
        20000,
        1500,
        75,
        21575,
    )
    assert payment.currency == "OMR"
    assert payment.received_by == clerk
    assert payment.confirmed_by == "counter"
    assert (
        payment.receipt.number
        == f"{case.centre.licence.number}-{payment.paid_at.astimezone(ZoneInfo('Asia/Muscat')).year}-000001"
    )
    assert [e.to_state for e in payment.events.all()] == ["pending", "succeeded"]


def test_a_card_payment_records_the_terminal_approval_reference(case, clerk):
    payment = pay_card(case, clerk, approval_reference="ab-778812")
    assert payment.method == "card_terminal"
    assert payment.approval_reference == "AB-778812"
    assert payment.state == PaymentState.SUCCEEDED


def test_a_card_payment_without_an_approval_reference_is_refused_and_nothing_is_written(case, clerk):
    with pytest.raises(ValidationFailed) as raised:
        payment_create(
            case=case, actor=clerk, method="card_terminal", amount=case.total, approval_reference=" "
        )
    assert "approval_reference" in raised.value.errors
    assert nothing_written()


def test_paying_a_case_twice_is_a_conflict_and_changes_nothing(case, clerk):
    first = pay_cash(case, clerk)
    with pytest.raises(Conflict) as raised:
        payment_create(case=case, actor=clerk, method="cash", amount=case.total)
    assert "مدفوعة بالكامل" in raised.value.message or "paid in full" in raised.value.message
    assert list(Payment.objects.all()) == [first]
    assert Receipt.objects.count() == 1


@pytest.mark.parametrize("amount", [21574, 21576, 0, 2157500])
def test_an_amount_different_from_the_snapshot_is_refused_and_nothing_is_written(case, clerk, amount):
    with pytest.raises(ValidationFailed) as raised:
        payment_create(case=case, actor=clerk, method="cash", amount=amount)
    assert "21575" in raised.value.errors["amount"][0]
    assert nothing_written()


@pytest.mark.parametrize("amount", [-5, "abc", None, True, 21575.5])
def test_an_amount_that_is_not_baisa_is_refused(case, clerk, amount):
    with pytest.raises(ValidationFailed):
        payment_create(case=case, actor=clerk, method="cash", amount=amount)
    assert nothing_written()


def test_an_unknown_method_is_refused(case, clerk):
    with pytest.raises(ValidationFailed) as raised:
        payment_create(case=case, actor=clerk, method="cheque", amount=case.total)
    assert "method" in raised.value.errors
    assert nothing_written()


@pytest.mark.parametrize("final_state", ["cancelled", "closed"])
def test_a_cancelled_or_closed_case_cannot_be_paid(case, clerk, final_state):
    Case.objects.filter(pk=case.pk).update(state=final_state)
    case.refresh_from_db()
    with pytest.raises(Conflict) as raised:
        payment_create(case=case, actor=clerk, method="cash", amount=case.total)
    assert raised.value.extra["current_state"] == final_state
    assert nothing_written()


def test_a_request_the_centre_has_not_accepted_cannot_be_paid(case, clerk):
    Case.objects.filter(pk=case.pk).update(state="submitted")
    case.refresh_from_db()
    with pytest.raises(Conflict):
        payment_create(case=case, actor=clerk, method="cash", amount=case.total)
    assert nothing_written()


def test_a_case_with_no_fee_has_nothing_to_pay_and_may_go_to_the_institution(case, clerk):
    Case.objects.filter(pk=case.pk).update(government_fee=0, centre_fee=0, vat=0, total=0)
    case.refresh_from_db()
    with pytest.raises(Conflict):
        payment_create(case=case, actor=clerk, method="cash", amount=0)
    case_transition(case_id=case.pk, action="start", actor=clerk)
    document_upload(
        case=case, actor=clerk, uploaded=upload(PDF, "eye.pdf"), document_type_code="eye_test_certificate"
    )
    case_transition(case_id=case.pk, action="submit_to_institution", actor=clerk)
    assert Case.objects.get(pk=case.pk).state == "submitted_to_institution"


def test_the_citizen_cannot_take_cash_and_another_centres_clerk_does_not_find_the_case(case, person):
    with pytest.raises(PermissionDenied):
        payment_create(case=case, actor=person, method="cash", amount=case.total)
    other_clerk = staff(licensed_centre(name="مركز آخر"))
    with pytest.raises(NotFound):
        payment_create(case=case, actor=other_clerk, method="cash", amount=case.total)
    assert nothing_written()


def test_the_same_idempotency_key_returns_the_first_payment(case, clerk):
    first = pay_cash(case, clerk, idempotency_key="till-7-0001")
    again = payment_create(
        case=case, actor=clerk, method="cash", amount=case.total, idempotency_key="till-7-0001"
    )
    assert again.pk == first.pk
    assert Payment.objects.count() == 1 and Receipt.objects.count() == 1


def test_an_idempotency_key_reused_for_another_case_is_a_conflict(case, centre, clerk, person):
    pay_cash(case, clerk, idempotency_key="k-1")
    other = open_walk_in(centre, clerk, person)
    with pytest.raises(Conflict):
        payment_create(case=other, actor=clerk, method="cash", amount=other.total, idempotency_key="k-1")
    assert Payment.objects.count() == 1


def test_the_case_cannot_go_to_the_institution_until_it_is_paid_in_full(case, clerk):
    case_transition(case_id=case.pk, action="start", actor=clerk)
    document_upload(
        case=case, actor=clerk, uploaded=upload(PDF, "eye.pdf"), document_type_code="eye_test_certificate"
    )
    with pytest.raises(Conflict) as raised:
        case_transition(case_id=case.pk, action="submit_to_institution", actor=clerk)
    assert "21.575" in raised.value.message
    assert Case.objects.get(pk=case.pk).state == "in_progress"
    pay_cash(case, clerk)
    case_transition(case_id=case.pk, action="submit_to_institution", actor=clerk)
    assert Case.objects.get(pk=case.pk).state == "submitted_to_institution"


def test_after_a_fee_change_only_the_difference_is_due(centre, clerk, person):
    from sanad.cases.services import case_fee_change

    case = open_walk_in(centre, clerk, person, government_fee=10000)
    pay_cash(case, clerk)
    case_fee_change(case_id=case.pk, actor=clerk, government_fee=20000, note="عشر سنوات")
    case.refresh_from_db()
    top_up = pay_cash(case, clerk)
    assert (top_up.government_fee, top_up.centre_fee, top_up.vat, top_up.total) == (10000, 0, 0, 10000)
    assert top_up.receipt.number.endswith("-000002")


def test_receipt_numbers_are_consecutive_per_centre_and_separate_between_centres(centre, clerk, person):
    numbers = [pay_cash(open_walk_in(centre, clerk, person), clerk).receipt.number for _ in range(3)]
    assert [n[-6:] for n in numbers] == ["000001", "000002", "000003"]
    other = licensed_centre(name="مركز صحار")
    other_clerk = staff(other)
    first_there = pay_cash(open_walk_in(other, other_clerk, citizen()), other_clerk).receipt
    assert first_there.number == f"{other.licence.number}-{first_there.year}-000001"


def test_receipt_numbers_start_again_each_year(centre, clerk, person):
    muscat = ZoneInfo("Asia/Muscat")
    with time_machine.travel(datetime(2026, 12, 31, 23, 50, tzinfo=muscat), tick=False):
        last = pay_cash(open_walk_in(centre, clerk, person), clerk).receipt
    with time_machine.travel(datetime(2027, 1, 1, 0, 10, tzinfo=muscat), tick=False):
        first = pay_cash(open_walk_in(centre, clerk, person), clerk).receipt
    assert last.number.endswith("-2026-000001")
    assert first.number.endswith("-2027-000001")
    assert DocumentSequence.objects.filter(centre=centre, series="receipt").count() == 2


def test_a_payment_that_fails_inside_its_transaction_leaves_no_gap(case, centre, clerk, person, monkeypatch):
    from sanad.payments.services import payments as payment_services

    def broken(**kwargs):
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(payment_services, "_notify_paid", lambda payment: broken())
    with pytest.raises(RuntimeError):
        pay_cash(case, clerk)
    monkeypatch.undo()
    assert nothing_written()
    assert pay_cash(case, clerk).receipt.number.endswith("-000001")
