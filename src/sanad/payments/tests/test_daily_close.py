from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from sanad.cases.services import case_transition
from sanad.core.errors import Conflict, NotFound, ValidationFailed
from sanad.payments import selectors
from sanad.payments.models import DailyClose, Payment
from sanad.payments.services import daily_close_create, refund_pay_out

from .factories import citizen, open_walk_in, pay_card, pay_cash, staff

pytestmark = pytest.mark.django_db
MUSCAT = ZoneInfo("Asia/Muscat")


def test_the_drawer_expects_the_days_cash_less_cash_handed_back(centre, clerk, person):
    pay_cash(open_walk_in(centre, clerk, person), clerk)
    pay_cash(open_walk_in(centre, clerk, person), clerk)
    pay_card(open_walk_in(centre, clerk, person), clerk)  # not cash: not in the drawer
    other = staff(centre)
    pay_cash(open_walk_in(centre, other, person), other)  # someone else's drawer
    cancelled = open_walk_in(centre, clerk, person)
    pay_cash(cancelled, clerk)
    case_transition(
        case_id=cancelled.pk, action="cancel", actor=clerk, note="ألغي"
    )  # cash handed back at once
    drawer = selectors.drawer(clerk, timezone.localdate())
    assert drawer["cash_received"] == 3 * 21575
    assert drawer["cash_refunded"] == 21575
    assert drawer["expected_cash"] == 2 * 21575


def test_the_day_is_the_day_in_muscat_not_in_utc(centre, clerk, person):
    today = timezone.localdate()
    early = datetime(today.year, today.month, today.day, 1, 30, tzinfo=MUSCAT)  # still yesterday in UTC
    assert early.astimezone(ZoneInfo("UTC")).date() == today - timedelta(days=1)
    with time_machine.travel(early, tick=False):
        pay_cash(open_walk_in(centre, clerk, person), clerk)
    assert selectors.drawer(clerk, today)["cash_received"] == 21575
    assert selectors.drawer(clerk, today - timedelta(days=1))["cash_received"] == 0


def test_closing_the_day_records_expected_counted_and_the_difference(case, clerk):
    pay_cash(case, clerk)
    close = daily_close_create(actor=clerk, counted_cash=21000, note="نقص 575 بيسة: خطأ في الباقي")
    assert (close.expected_cash, close.counted_cash, close.difference) == (21575, 21000, -575)
    assert close.day == timezone.localdate() and close.centre == case.centre


def test_a_count_that_differs_needs_a_note(case, clerk):
    pay_cash(case, clerk)
    with pytest.raises(ValidationFailed) as raised:
        daily_close_create(actor=clerk, counted_cash=20000)
    assert "note" in raised.value.errors
    assert not DailyClose.objects.exists()
    assert daily_close_create(actor=clerk, counted_cash=21575).difference == 0


def test_a_day_is_closed_once(clerk):
    daily_close_create(actor=clerk, counted_cash=0)
    with pytest.raises(Conflict) as raised:
        daily_close_create(actor=clerk, counted_cash=0)
    assert timezone.localdate().isoformat() in raised.value.message
    assert DailyClose.objects.count() == 1


@pytest.mark.parametrize("counted", [-1, "-5", "abc", None, "", 1.5])
def test_a_negative_or_missing_count_is_refused(clerk, counted):
    with pytest.raises(ValidationFailed) as raised:
        daily_close_create(actor=clerk, counted_cash=counted)
    assert "counted_cash" in raised.value.errors
    assert not DailyClose.objects.exists()


def test_a_future_day_cannot_be_closed_and_someone_who_is_not_staff_has_no_drawer(clerk, person):
    with pytest.raises(ValidationFailed):
        daily_close_create(actor=clerk, counted_cash=0, day=timezone.localdate() + timedelta(days=1))
    with pytest.raises(NotFound):
        daily_close_create(actor=person, counted_cash=0)
    assert not DailyClose.objects.exists()


def test_after_closing_no_cash_is_taken_or_handed_back_on_that_drawer(case, clerk, person):
    paid = pay_cash(case, clerk)
    case_transition(case_id=case.pk, action="cancel", actor=person, note="ألغيت")  # refund due at the counter
    daily_close_create(actor=clerk, counted_cash=21575)
    with pytest.raises(Conflict):
        pay_cash(open_walk_in(case.centre, clerk, citizen()), clerk)
    refund = paid.refunds.get()
    with pytest.raises(Conflict):
        refund_pay_out(refund_id=refund.pk, actor=clerk)
    assert Payment.objects.count() == 1
    pay_card(open_walk_in(case.centre, clerk, citizen()), clerk)  # a card does not touch the drawer


def test_the_manager_sees_the_days_totals_per_clerk_and_method(centre, clerk, boss, person, client):
    pay_cash(open_walk_in(centre, clerk, person), clerk)
    pay_card(open_walk_in(centre, clerk, person), clerk)
    pay_cash(open_walk_in(centre, boss, person), boss)
    daily_close_create(actor=clerk, counted_cash=21575)
    totals = selectors.daily_totals(centre, timezone.localdate())
    by_person = {row["person"]: row for row in totals["rows"]}
    methods = [m for m, _label in totals["methods"]]
    cash, card = methods.index("cash"), methods.index("card_terminal")
    assert by_person[clerk]["cells"][cash] == {"count": 1, "total": 21575}
    assert by_person[clerk]["cells"][card] == {"count": 1, "total": 21575}
    assert by_person[clerk]["close"] is not None and by_person[boss]["close"] is None
    assert totals["grand_total"] == 3 * 21575
    client.force_login(boss)
    page = client.get("/centre/cash/").content.decode()
    assert "إجماليات اليوم حسب الموظف وطريقة الدفع" in page and "64.725" in page
    client.force_login(clerk)
    assert "إجماليات اليوم" not in client.get("/centre/cash/").content.decode()


def test_closing_on_the_web_and_the_bad_count_message(case, clerk, client):
    pay_cash(case, clerk)
    client.force_login(clerk)
    response = client.post("/centre/cash/close/", {"counted_cash": "-3"}, follow=True)
    assert "لا يمكن أن يكون النقد المعدود سالبًا" in response.content.decode()
    assert not DailyClose.objects.exists()
    response = client.post("/centre/cash/close/", {"counted_cash": "21.575"}, follow=True)
    assert DailyClose.objects.get().counted_cash == 21575
    assert 'data-testid="drawer-closed"' in response.content.decode()
    again = client.post("/centre/cash/close/", {"counted_cash": "21.575"}, follow=True)
    assert "مُقفل مسبقًا" in again.content.decode()
    assert DailyClose.objects.count() == 1


def test_the_daily_close_api(api_client, case, clerk):
    from conftest import authed

    pay_cash(case, clerk)
    client = authed(api_client, clerk)
    assert client.get("/api/v1/cash/drawer/").json()["expected_cash"] == 21575
    bad = client.post("/api/v1/cash/closes/", {"counted_cash": -1}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    assert bad.json()["errors"]["counted_cash"] == ["The counted cash cannot be negative."]
    made = client.post("/api/v1/cash/closes/", {"counted_cash": 21575}, format="json")
    assert made.status_code == 201 and made.json()["difference"] == 0
    twice = client.post("/api/v1/cash/closes/", {"counted_cash": 21575}, format="json")
    assert twice.status_code == 409
    assert len(client.get("/api/v1/cash/closes/").json()) == 1
    assert client.get("/api/v1/cash/totals/").status_code == 403  # a clerk is not the manager
