import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.cases.services import case_transition
from sanad.catalogue.models import Institution
from sanad.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sanad.payments import selectors
from sanad.payments.models import CentreBillingProfile, Payment, Remittance
from sanad.payments.services import billing_profile_set, remittance_record

from .factories import licensed_centre, manager, open_walk_in, pay_cash, staff

pytestmark = pytest.mark.django_db


def this_month():
    return timezone.localdate().replace(day=1)


@pytest.fixture
def collected(centre, clerk, person):
    """Three paid cases (government fee 20.000 each), one of them cancelled before work (refunded)."""
    cases = [open_walk_in(centre, clerk, person) for _ in range(3)]
    for case in cases:
        pay_cash(case, clerk)
    case_transition(case_id=cases[2].pk, action="cancel", actor=clerk, note="ألغي")
    return cases


def test_the_ledger_shows_collected_refunded_owed_and_what_is_left_per_institution(centre, collected, boss):
    rop = Institution.objects.get(code="ROP")
    rows = selectors.ledger(period=this_month(), centre=centre)
    assert [
        (r["institution"], r["collected"], r["refunded"], r["owed"], r["remitted"], r["balance"])
        for r in rows
    ] == [(rop, 60000, 20000, 40000, 0, 40000)]
    remittance_record(
        actor=boss,
        institution="ROP",
        period=this_month().strftime("%Y-%m"),
        amount=25000,
        remitted_on=timezone.localdate(),
        reference="TRX-1",
    )
    row = selectors.ledger(period=this_month(), centre=centre)[0]
    assert (row["remitted"], row["balance"]) == (25000, 15000)


def test_fees_are_owed_to_the_institution_of_the_service(centre, collected):
    mol = Institution.objects.get(code="MOL")
    Payment.objects.filter(pk=collected[0].payments.get().pk).update(institution=mol)
    codes = {r["institution"].code: r["owed"] for r in selectors.ledger(period=this_month(), centre=centre)}
    assert codes == {"MOL": 20000, "ROP": 20000}


def test_remitting_more_than_is_owed_is_refused_and_nothing_is_recorded(collected, boss):
    with pytest.raises(ValidationFailed) as raised:
        remittance_record(
            actor=boss,
            institution="ROP",
            period=this_month().isoformat()[:7],
            amount=40001,
            remitted_on=timezone.localdate(),
            reference="T-9",
        )
    assert "40.000" in raised.value.errors["amount"][0]
    assert not Remittance.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"institution": "NOPE"}, "institution"),
        ({"amount": 0}, "amount"),
        ({"amount": -5}, "amount"),
        ({"reference": " "}, "reference"),
        ({"period": "2026-13"}, "period"),
        ({"remitted_on": "tomorrow"}, "remitted_on"),
    ],
)
def test_a_bad_remittance_is_refused(collected, boss, changes, field):
    data = {
        "institution": "ROP",
        "period": this_month().isoformat()[:7],
        "amount": 1000,
        "remitted_on": timezone.localdate(),
        "reference": "T-1",
    }
    data.update(changes)
    with pytest.raises(ValidationFailed) as raised:
        remittance_record(actor=boss, **data)
    assert field in raised.value.errors
    assert not Remittance.objects.exists()


def test_a_future_month_or_date_cannot_be_settled_and_a_reference_is_used_once(collected, boss):
    next_month = (this_month() + timedelta(days=32)).strftime("%Y-%m")
    with pytest.raises(ValidationFailed):
        remittance_record(
            actor=boss,
            institution="ROP",
            period=next_month,
            amount=1000,
            remitted_on=timezone.localdate(),
            reference="T-1",
        )
    with pytest.raises(ValidationFailed):
        remittance_record(
            actor=boss,
            institution="ROP",
            period=this_month().strftime("%Y-%m"),
            amount=1000,
            remitted_on=timezone.localdate() + timedelta(days=1),
            reference="T-1",
        )
    remittance_record(
        actor=boss,
        institution="ROP",
        period=this_month().strftime("%Y-%m"),
        amount=1000,
        remitted_on=timezone.localdate(),
        reference="T-1",
    )
    with pytest.raises(Conflict):
        remittance_record(
            actor=boss,
            institution="ROP",
            period=this_month().strftime("%Y-%m"),
            amount=1000,
            remitted_on=timezone.localdate(),
            reference="T-1",
        )
    assert Remittance.objects.count() == 1


def test_only_the_manager_or_owner_settles(collected, clerk, person):
    with pytest.raises(PermissionDenied):
        remittance_record(
            actor=clerk,
            institution="ROP",
            period=this_month().strftime("%Y-%m"),
            amount=1000,
            remitted_on=timezone.localdate(),
            reference="T-1",
        )
    with pytest.raises(NotFound):
        remittance_record(
            actor=person,
            institution="ROP",
            period=this_month().strftime("%Y-%m"),
            amount=1000,
            remitted_on=timezone.localdate(),
            reference="T-1",
        )
    assert not Remittance.objects.exists()


def test_the_statement_as_csv_xlsx_and_pdf(client, centre, collected, boss):
    client.force_login(boss)
    period = this_month().strftime("%Y-%m")
    as_csv = client.get(f"/centre/settlement/statement/ROP/{period}.csv")
    assert as_csv.status_code == 200 and as_csv["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    amounts = [int(r[4]) for r in rows if len(r) > 4 and r[1] in ("payment", "refund")]
    assert sorted(amounts) == [-20000, 20000, 20000, 20000]
    assert ["balance", "", "", "", "40000", "40.000"] in rows
    as_xlsx = client.get(f"/centre/settlement/statement/ROP/{period}.xlsx")
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert ["balance", None, None, None, 40000, "40.000"] in [
        list(r) for r in sheet.iter_rows(values_only=True)
    ]
    as_pdf = client.get(f"/centre/settlement/statement/ROP/{period}.pdf")
    assert as_pdf["Content-Type"] == "application/pdf" and as_pdf.content.startswith(b"%PDF")
    assert client.get(f"/centre/settlement/statement/ROP/{period}.doc").status_code == 404


def test_the_settlement_api(api_client, centre, collected, boss, clerk):
    from conftest import authed

    client = authed(api_client, boss)
    ledger = client.get("/api/v1/settlement/ledger/").json()
    assert ledger["rows"][0]["institution"] == "ROP" and ledger["totals"]["balance"] == 40000
    made = client.post(
        "/api/v1/settlement/remittances/",
        {
            "institution": "ROP",
            "period": this_month().strftime("%Y-%m"),
            "amount": 40000,
            "remitted_on": timezone.localdate().isoformat(),
            "reference": "BANK-77",
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    over = client.post(
        "/api/v1/settlement/remittances/",
        {
            "institution": "ROP",
            "period": this_month().strftime("%Y-%m"),
            "amount": 1,
            "remitted_on": timezone.localdate().isoformat(),
            "reference": "BANK-78",
        },
        format="json",
    )
    assert over.status_code == 422
    assert client.get("/api/v1/settlement/ledger/").json()["totals"]["balance"] == 0
    statement = client.get(
        f"/api/v1/settlement/statement/?institution=ROP&period={this_month():%Y-%m}&file_format=xlsx"
    )
    assert statement.status_code == 200 and statement.content[:2] == b"PK"
    assert authed(api_client, clerk).get("/api/v1/settlement/ledger/").status_code == 403


def test_the_regulator_sees_national_totals(api_client, client, centre, collected, boss):
    other = licensed_centre(name="مركز نزوى")
    other_clerk = staff(other)
    pay_cash(open_walk_in(other, other_clerk, collected[0].citizen), other_clerk)
    regulator = UserFactory(role=Role.REGULATOR)
    from conftest import authed

    national = authed(api_client, regulator).get("/api/v1/settlement/national/").json()
    assert national["totals"] == {
        "payments": 4,
        "collected": 80000,
        "refunded": 20000,
        "owed": 60000,
        "remitted": 0,
        "balance": 60000,
    }
    assert authed(api_client, boss).get("/api/v1/settlement/national/").status_code == 403
    client.force_login(regulator)
    page = client.get("/regulator/settlement/").content.decode()
    assert "60.000" in page and "مركز نزوى" in page
    client.force_login(boss)
    assert client.get("/regulator/settlement/").status_code == 403


def test_the_manager_pages_and_the_clerks_403(client, collected, boss, clerk):
    client.force_login(boss)
    page = client.get("/centre/settlement/")
    assert page.status_code == 200 and "40.000" in page.content.decode()
    client.force_login(clerk)
    assert client.get("/centre/settlement/").status_code == 403


def test_the_vat_number_is_validated_and_printed_on_receipts(boss, centre):
    with pytest.raises(ValidationFailed):
        billing_profile_set(actor=boss, vat_number="12345")
    assert not CentreBillingProfile.objects.exists()
    billing_profile_set(actor=boss, vat_number="om 1100012345")
    assert selectors.billing_profile_for(centre).vat_number == "OM1100012345"
    with pytest.raises(PermissionDenied):
        billing_profile_set(actor=staff(centre), vat_number="OM1100012345")


def test_another_manager_sees_only_their_own_centre(collected):
    other_boss = manager(licensed_centre(name="مركز آخر"))
    assert selectors.ledger(period=this_month(), centre=selectors.managed_centre(other_boss)) == []


def test_the_manager_sets_the_centres_refund_policy_on_the_web(client, centre, boss, clerk):
    from sanad.payments.models import CentreRefundPolicy

    client.force_login(boss)
    client.post("/centre/settlement/refund-policy/", {"refund_before_work": "on", "refund_after_work": "on"})
    policy = CentreRefundPolicy.objects.get(centre=centre)
    assert policy.refund_before_work and policy.refund_after_work
    client.force_login(clerk)
    assert client.post("/centre/settlement/refund-policy/", {}).status_code == 403
    policy.refresh_from_db()
    assert policy.refund_after_work
