"""Demo payments: every demo case that went to its institution was paid (cash or card at the counter,
or online through the gateway), with gapless receipt numbers per centre and year; centres get a VAT
number; past months are mostly remitted to the institutions. Cases still at the centre stay unpaid,
so the demo clerk has something to take payment for.

Idempotent (cases that already have a payment are skipped) and fast (rows go straight to the driver, see demo/bulk.py). Without demo
cases it does nothing."""

from collections import defaultdict
from datetime import timedelta
from random import Random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone

from sanad.cases.constants import CaseState, Channel
from sanad.cases.models import Case, CaseEvent
from sanad.payments.constants import DocumentSeries, PaymentMethod, PaymentState
from sanad.payments.models import (
    CentreBillingProfile,
    DocumentSequence,
    Payment,
    PaymentEvent,
    Receipt,
    Remittance,
)
from sanad.payments.numbering import format_number

from .bulk import audit_bulk_load, fast_insert, fast_insert_values
from .registry import step

BATCH = 2000
MUSCAT = ZoneInfo(settings.TIME_ZONE)


def _auto_times_off(*models):
    """bulk_create would stamp 'now' on auto_now(_add) fields; history has its own times."""
    fields = [
        f
        for model in models
        for f in model._meta.fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    return saved


def _restore(saved):
    for f, auto_now, auto_now_add in saved:
        f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _billing_profiles() -> int:
    from sanad.centres.models import Centre

    have = set(CentreBillingProfile.objects.values_list("centre_id", flat=True))
    missing = [pk for pk in Centre.objects.values_list("pk", flat=True) if pk not in have]
    CentreBillingProfile.objects.bulk_create(
        [CentreBillingProfile(centre_id=pk, vat_number=f"OM11{pk:08d}") for pk in missing], batch_size=BATCH
    )
    return len(missing)


def _paid_cases():
    """Cases that went to their institution and have no payment yet, with when they went (one query:
    no list of a million ids goes back to the database)."""
    went = (
        CaseEvent.objects.filter(case_id=OuterRef("pk"), to_state=CaseState.SUBMITTED_TO_INSTITUTION)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    return list(
        Case.objects.annotate(sent_at=Subquery(went))
        .filter(sent_at__isnull=False)
        .exclude(Exists(Payment.objects.filter(case_id=OuterRef("pk"))))
        .order_by()
        .values_list(
            "pk",
            "created_at",
            "channel",
            "total",
            "centre_id",
            "service__institution_id",
            "government_fee",
            "centre_fee",
            "vat",
            "citizen_id",
            "clerk_id",
            "sent_at",
            named=True,
        )
    )


def _licence_numbers() -> dict:
    from sanad.centres.models import Centre

    return {c.pk: c for c in Centre.objects.select_related("licence")}


@step("payments", weight=5)
def seed_payments(options, progress) -> str:
    rng = Random(options.get("seed", 2026) + 6)
    profiles = _billing_profiles()
    progress(1)
    if connection.vendor == "postgresql":
        return _seed_payments_sql(options, progress, profiles)
    rows = _paid_cases()
    if not rows:
        progress(4)
        return f"no new paid cases ({profiles} billing profiles added)"
    centres = _licence_numbers()
    sequences = {
        (s.centre_id, s.year): s.last_number
        for s in DocumentSequence.objects.filter(series=DocumentSeries.RECEIPT)
    }
    plans = []
    for case in rows:
        paid_at = max(case.created_at, case.sent_at - timedelta(minutes=rng.randint(2, 240)))
        if case.channel == Channel.ONLINE and case.total:
            method = PaymentMethod.ONLINE
        else:
            method = PaymentMethod.CASH if rng.random() < 0.62 else PaymentMethod.CARD_TERMINAL
        plans.append((paid_at, case, method))
    plans.sort(key=lambda plan: plan[0])
    progress(1)
    saved = _auto_times_off(Payment, PaymentEvent)
    made = 0
    try:
        for start in range(0, len(plans), BATCH):
            chunk = [p for p in plans[start : start + BATCH] if p[1].total > 0]
            payments, receipts = [], []
            for paid_at, case, method in chunk:
                online = method == PaymentMethod.ONLINE
                payments.append(
                    Payment(
                        case_id=case.pk,
                        centre_id=case.centre_id,
                        institution_id=case.service__institution_id,
                        method=method,
                        state=PaymentState.SUCCEEDED,
                        government_fee=case.government_fee,
                        centre_fee=case.centre_fee,
                        vat=case.vat,
                        total=case.total,
                        created_by_id=case.citizen_id if online or not case.clerk_id else case.clerk_id,
                        received_by_id=None if online else (case.clerk_id or None),
                        approval_reference=f"{rng.randint(100000, 999999)}"
                        if method == PaymentMethod.CARD_TERMINAL
                        else "",
                        gateway_reference=f"GW-DEMO-{case.pk:010d}" if online else "",
                        confirmed_by="callback" if online else "counter",
                        created_at=paid_at - timedelta(seconds=rng.randint(5, 90)),
                        paid_at=paid_at,
                        updated_at=paid_at,
                    )
                )
            with transaction.atomic():
                fast_insert(Payment, payments)
                for payment in payments:
                    year = payment.paid_at.astimezone(MUSCAT).year
                    key = (payment.centre_id, year)
                    sequences[key] = sequences.get(key, 0) + 1
                    receipts.append(
                        Receipt(
                            number=format_number(
                                centre=centres[payment.centre_id],
                                series=DocumentSeries.RECEIPT,
                                year=year,
                                sequence=sequences[key],
                            ),
                            payment_id=payment.pk,
                            centre_id=payment.centre_id,
                            year=year,
                            sequence=sequences[key],
                            issued_at=payment.paid_at,
                        )
                    )
                fast_insert(Receipt, receipts)
                fast_insert_values(
                    PaymentEvent,
                    ["payment_id", "from_state", "to_state", "actor_id", "created_at", "data"],
                    [
                        (
                            p.pk,
                            "",
                            PaymentState.SUCCEEDED,
                            p.received_by_id,
                            p.paid_at,
                            {"confirmed_by": p.confirmed_by, "demo": True},
                        )
                        for p in payments
                    ],
                )
                audit_bulk_load(
                    label="payments.payment",
                    counts={
                        "payments.payment": len(payments),
                        "payments.paymentevent": len(payments),
                        "payments.receipt": len(receipts),
                    },
                )
            made += len(payments)
        progress(2)
        _save_sequences(sequences)
        remitted = _remittances(rng)
    finally:
        _restore(saved)
    progress(1)
    return f"{made} payments with receipts, {remitted} remittances, {profiles} billing profiles"


def _save_sequences(sequences: dict) -> None:
    existing = {
        (s.centre_id, s.year): s for s in DocumentSequence.objects.filter(series=DocumentSeries.RECEIPT)
    }
    new = []
    for (centre_id, year), last in sequences.items():
        row = existing.get((centre_id, year))
        if row is None:
            new.append(
                DocumentSequence(
                    centre_id=centre_id, series=DocumentSeries.RECEIPT, year=year, last_number=last
                )
            )
        elif row.last_number != last:
            row.last_number = last
            row.save(update_fields=["last_number"])
    DocumentSequence.objects.bulk_create(new, batch_size=BATCH)


def _remittances(rng: Random) -> int:
    """Most centres remitted what they owed for the months before last; some are behind."""
    from sanad.centres.models import StaffMembership
    from sanad.payments.selectors import month_start

    this_month = month_start(timezone.localdate())
    cutoff = month_start(this_month - timedelta(days=1))  # last month stays open for the demo
    owed = defaultdict(int)
    for centre_id, institution_id, paid_at, fee in Payment.objects.filter(
        state=PaymentState.SUCCEEDED, government_fee__gt=0
    ).values_list("centre_id", "institution_id", "paid_at", "government_fee"):
        period = month_start(timezone.localtime(paid_at).date())
        if period < cutoff:
            owed[(centre_id, institution_id, period)] += fee
    recorder = dict(
        StaffMembership.objects.values("centre_id")
        .annotate(user=Max("user_id"))
        .values_list("centre_id", "user")
    )
    rows = []
    for (centre_id, institution_id, period), amount in owed.items():
        if centre_id not in recorder or rng.random() < 0.08:
            continue  # a few centres are behind with their remittances
        following = month_start(period + timedelta(days=32))
        rows.append(
            Remittance(
                centre_id=centre_id,
                institution_id=institution_id,
                period=period,
                amount=amount,
                remitted_on=following + timedelta(days=rng.randint(2, 12)),
                reference=f"TRF-{centre_id}-{institution_id}-{period:%Y%m}",
                recorded_by_id=recorder[centre_id],
            )
        )
    Remittance.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def _seed_payments_sql(options, progress, profiles: int) -> str:
    """PostgreSQL: the same payments generated by the database (demo/pgpayments.py)."""
    from .pgpayments import payments

    reported = 0

    def advance(fraction: float) -> None:
        nonlocal reported
        now_units = int(4 * fraction)
        progress(now_units - reported)
        reported = now_units

    with transaction.atomic():
        counts = payments(seed=options.get("seed", 2026) + 6, progress=advance)
        if counts["payments"]:
            made = counts["payments"]
            audit_bulk_load(
                label="payments.payment",
                counts={
                    "payments.payment": made,
                    "payments.paymentevent": made,
                    "payments.receipt": made,
                    "payments.remittance": counts["remittances"],
                },
            )
    advance(1)
    if not counts["payments"]:
        return f"no new paid cases ({profiles} billing profiles added)"
    return (
        f"{counts['payments']} payments with receipts, {counts['remittances']} remittances, "
        f"{profiles} billing profiles"
    )
