import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanad.cases.services import case_transition, document_upload
from sanad.cases.tests.factories import PDF, upload
from sanad.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sanad.payments import selectors
from sanad.payments.arithmetic import Breakdown, allocate, outstanding, refund_due
from sanad.payments.constants import PaymentState, RefundState
from sanad.payments.models import CentreRefundPolicy, CreditNote, Payment, Refund, ServiceRefundRule
from sanad.payments.services import refund_create, refund_pay_out

from .factories import licensed_centre, manager, pay_card, pay_cash, staff

pytestmark = pytest.mark.django_db


def act(case, action, actor, note=""):
    return case_transition(case_id=case.pk, action=action, actor=actor, note=note)


def to_institution(case, clerk):
    act(case, "start", clerk)
    document_upload(
        case=case, actor=clerk, uploaded=upload(PDF, "eye.pdf"), document_type_code="eye_test_certificate"
    )
    act(case, "submit_to_institution", clerk)


def refunded(case) -> Breakdown:
    return selectors.breakdown_sum(Refund.objects.filter(case=case))


# --- the rules, applied by the workflow ------------------------------------------------------------
def test_by_default_an_institution_rejection_refunds_nothing(case, clerk):
    payment = pay_cash(case, clerk)
    to_institution(case, clerk)
    act(case, "reject", clerk, "الصورة غير واضحة")
    assert not Refund.objects.exists()
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED


def test_when_the_service_says_so_the_government_fee_comes_back_after_a_rejection(case, clerk):
    ServiceRefundRule.objects.create(service=case.service, refund_government_fee_on_rejection=True)
    payment = pay_cash(case, clerk)
    to_institution(case, clerk)
    act(case, "reject", clerk, "رُفضت")
    assert refunded(case) == Breakdown(20000, 0, 0)
    refund = Refund.objects.get()
    assert refund.reason == "institution_rejected"
    assert refund.state == RefundState.PAID_OUT and refund.paid_out_by == clerk
    assert refund.credit_note.number == f"{case.centre.licence.number}-CN-{refund.credit_note.year}-000001"
    payment.refresh_from_db()
    assert payment.state == PaymentState.PARTIALLY_REFUNDED


def test_a_case_cancelled_before_work_starts_gets_everything_back(case, clerk):
    payment = pay_card(case, clerk)
    act(case, "cancel", clerk, "غيّر المواطن رأيه")
    assert refunded(case) == Breakdown(20000, 1500, 75)
    payment.refresh_from_db()
    assert payment.state == PaymentState.REFUNDED
    assert selectors.case_net_paid(case).total == 0


def test_a_case_cancelled_after_work_started_keeps_the_centre_fee_and_its_vat(case, clerk):
    pay_cash(case, clerk)
    act(case, "start", clerk)
    act(case, "cancel", clerk, "ألغى المواطن الطلب")
    assert refunded(case) == Breakdown(20000, 0, 0)


def test_the_centre_may_refund_its_fee_even_after_work_started(case, clerk):
    CentreRefundPolicy.objects.create(centre=case.centre, refund_before_work=True, refund_after_work=True)
    pay_cash(case, clerk)
    act(case, "start", clerk)
    act(case, "cancel", clerk, "خطأ من المركز")
    assert refunded(case) == Breakdown(20000, 1500, 75)


def test_a_cancelled_unpaid_case_refunds_nothing(case, clerk):
    act(case, "cancel", clerk, "لم يحضر")
    assert not Refund.objects.exists()


def test_when_the_citizen_cancels_the_cash_waits_at_the_counter_until_handed_back(case, clerk, person):
    pay_cash(case, clerk)
    act(case, "cancel", person, "لم أعد بحاجة")
    refund = Refund.objects.get()
    assert refund.state == RefundState.DUE and refund.paid_out_by is None
    other_clerk = staff(licensed_centre(name="مركز آخر"))
    with pytest.raises(NotFound):
        refund_pay_out(refund_id=refund.pk, actor=other_clerk)
    refund_pay_out(refund_id=refund.pk, actor=clerk)
    refund.refresh_from_db()
    assert refund.state == RefundState.PAID_OUT and refund.paid_out_by == clerk
    with pytest.raises(Conflict):
        refund_pay_out(refund_id=refund.pk, actor=clerk)


def test_a_refund_on_an_online_payment_asks_the_gateway_to_give_the_money_back(
    case, person, clerk, client, gateway_http, django_capture_on_commit_callbacks
):
    from sanad.demo.gateway.models import GatewaySession

    from .factories import start_online

    payment = start_online(case, person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(payment.gateway_url, {"action": "pay", "mode": "succeed"})
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED
    with django_capture_on_commit_callbacks(execute=True):
        act(case, "cancel", clerk, "طلب المواطن الإلغاء")
    assert GatewaySession.objects.get(reference=payment.gateway_reference).refunded == 21575
    assert Refund.objects.get().state == RefundState.PAID_OUT


# --- manual refunds -------------------------------------------------------------------------------
def test_the_manager_refunds_part_of_a_payment_with_a_credit_note(case, clerk, centre):
    boss = manager(centre)
    payment = pay_cash(case, clerk)
    refund = refund_create(payment_id=payment.pk, actor=boss, centre_fee=1500, vat=75, note="خصم خدمة")
    assert refund.total == 1575
    payment.refresh_from_db()
    assert payment.state == PaymentState.PARTIALLY_REFUNDED
    assert CreditNote.objects.get().refund == refund


def test_a_refund_above_what_was_paid_is_refused_and_nothing_changes(case, clerk, centre):
    boss = manager(centre)
    payment = pay_cash(case, clerk)
    refund_create(payment_id=payment.pk, actor=boss, government_fee=15000, note="جزء")
    with pytest.raises(ValidationFailed) as raised:
        refund_create(payment_id=payment.pk, actor=boss, government_fee=5001, note="أكثر من المتبقي")
    assert "5.000" in raised.value.errors["amount"][0] or "6.575" in raised.value.errors["amount"][0]
    with pytest.raises(ValidationFailed):
        refund_create(payment_id=payment.pk, actor=boss, vat=76, note="ضريبة أكثر")
    assert Refund.objects.count() == 1 and CreditNote.objects.count() == 1
    payment.refresh_from_db()
    assert payment.state == PaymentState.PARTIALLY_REFUNDED


@pytest.mark.parametrize("amounts", [{"government_fee": -1}, {"centre_fee": "x"}, {}, {"vat": 1.5}])
def test_a_refund_that_is_not_a_positive_number_of_baisa_is_refused(case, clerk, centre, amounts):
    boss = manager(centre)
    payment = pay_cash(case, clerk)
    with pytest.raises(ValidationFailed):
        refund_create(payment_id=payment.pk, actor=boss, note="x", **amounts)
    assert not Refund.objects.exists()


def test_a_clerk_cannot_refund_and_a_refund_needs_a_reason(case, clerk, centre):
    payment = pay_cash(case, clerk)
    with pytest.raises(PermissionDenied):
        refund_create(payment_id=payment.pk, actor=clerk, vat=75, note="x")
    with pytest.raises(ValidationFailed):
        refund_create(payment_id=payment.pk, actor=manager(centre), vat=75, note=" ")
    assert not Refund.objects.exists()


def test_another_centres_manager_does_not_find_the_payment(case, clerk):
    payment = pay_cash(case, clerk)
    with pytest.raises(NotFound):
        refund_create(
            payment_id=payment.pk, actor=manager(licensed_centre(name="مركز آخر")), vat=75, note="x"
        )


# --- arithmetic (hypothesis) ------------------------------------------------------------------------
baisa = st.integers(min_value=0, max_value=500_000)
breakdowns = st.builds(Breakdown, baisa, baisa, baisa)


@given(
    paid=breakdowns,
    reached=st.booleans(),
    started=st.booleans(),
    rule=st.booleans(),
    before=st.booleans(),
    after=st.booleans(),
)
def test_a_refund_rule_never_gives_back_more_than_was_paid(paid, reached, started, rule, before, after):
    due = refund_due(
        net_paid=paid,
        reached_institution=reached,
        work_started=started,
        government_fee_on_rejection=rule,
        centre_fee_before_work=before,
        centre_fee_after_work=after,
    )
    assert due.fits_within(paid)
    assert due.total <= paid.total
    # VAT follows the centre fee: both or neither.
    assert (due.centre_fee == paid.centre_fee and due.vat == paid.vat) or (
        due.centre_fee == 0 and due.vat == 0
    )


@given(amount=breakdowns, rooms=st.lists(breakdowns, max_size=5))
def test_allocation_spreads_a_refund_within_each_payment_or_refuses_it(amount, rooms):
    available = list(enumerate(rooms))
    capacity = Breakdown()
    for room in rooms:
        capacity = capacity + room
    if amount.fits_within(capacity):
        parts = allocate(amount, available)
        total = Breakdown()
        for payment_id, part in parts:
            assert part.fits_within(rooms[payment_id])
            total = total + part
        assert total == amount
    else:
        with pytest.raises(ValueError):
            allocate(amount, available)


@given(fee=breakdowns, paid=breakdowns)
def test_what_is_outstanding_plus_what_was_paid_covers_the_fee(fee, paid):
    due = outstanding(fee, paid)
    assert due.total >= 0
    assert all(
        getattr(due, n) + getattr(paid, n) >= getattr(fee, n) for n in ("government_fee", "centre_fee", "vat")
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    requests=st.lists(
        st.tuples(st.integers(0, 25000), st.integers(0, 2000), st.integers(0, 100)), min_size=1, max_size=6
    )
)
def test_refunds_in_the_database_never_exceed_the_payment_and_reconcile_in_baisa(
    case, clerk, centre, requests
):
    boss = manager(centre) if not hasattr(centre, "_boss") else centre._boss
    centre._boss = boss
    with transaction.atomic():
        sid = transaction.savepoint()
        payment = pay_cash(case, clerk)
        given_back = Breakdown()
        for government_fee, centre_fee, vat in requests:
            try:
                refund_create(
                    payment_id=payment.pk,
                    actor=boss,
                    government_fee=government_fee,
                    centre_fee=centre_fee,
                    vat=vat,
                    note="اختبار",
                )
                given_back = given_back + Breakdown(government_fee, centre_fee, vat)
            except ValidationFailed:
                pass
        assert given_back.fits_within(Breakdown.of(payment))
        assert selectors.breakdown_sum(Refund.objects.filter(payment=payment)) == given_back
        assert selectors.case_net_paid(case) == Breakdown.of(payment) - given_back
        assert selectors.case_net_paid(case).total + given_back.total == payment.total == 21575
        payment.refresh_from_db()
        expected = {0: PaymentState.SUCCEEDED, 21575: PaymentState.REFUNDED}.get(
            given_back.total, PaymentState.PARTIALLY_REFUNDED
        )
        assert payment.state == expected
        transaction.savepoint_rollback(sid)
    assert not Payment.objects.exists()
