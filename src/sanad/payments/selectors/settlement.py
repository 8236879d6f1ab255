"""Settlement: government fees per centre, institution and month; statement lines; national totals."""

from datetime import date

from django.db.models import Count, QuerySet, Sum

from ..constants import MONEY_RECEIVED_STATES
from ..models import Payment, Refund, Remittance
from .common import month_bounds, month_start


def _per_institution(qs, field: str, amount: str) -> dict[int, int]:
    return {row[field]: row["amount"] or 0 for row in qs.values(field).annotate(amount=Sum(amount))}


def ledger(*, period: date, centre=None) -> list[dict]:
    """Government fees per institution for a month: collected, given back, owed, remitted, balance.
    For one centre, or the whole network when centre is None."""
    from sanad.catalogue.models import Institution

    start, end = month_bounds(period)
    payments = Payment.objects.filter(paid_at__gte=start, paid_at__lt=end, state__in=MONEY_RECEIVED_STATES)
    refunds = Refund.objects.filter(created_at__gte=start, created_at__lt=end)
    remittances = Remittance.objects.filter(period=month_start(period))
    if centre is not None:
        payments, refunds, remittances = (
            payments.filter(centre=centre),
            refunds.filter(centre=centre),
            remittances.filter(centre=centre),
        )
    collected = _per_institution(payments, "institution", "government_fee")
    counts = {r["institution"]: r["n"] for r in payments.values("institution").annotate(n=Count("pk"))}
    refunded = _per_institution(refunds, "institution", "government_fee")
    remitted = _per_institution(remittances, "institution", "amount")
    ids = set(collected) | set(refunded) | set(remitted)
    rows = []
    for institution in Institution.objects.filter(pk__in=ids).order_by("code"):
        owed = collected.get(institution.pk, 0) - refunded.get(institution.pk, 0)
        paid_over = remitted.get(institution.pk, 0)
        rows.append(
            {
                "institution": institution,
                "payments": counts.get(institution.pk, 0),
                "collected": collected.get(institution.pk, 0),
                "refunded": refunded.get(institution.pk, 0),
                "owed": owed,
                "remitted": paid_over,
                "balance": owed - paid_over,
            }
        )
    return rows


def ledger_totals(rows: list[dict]) -> dict:
    keys = ("payments", "collected", "refunded", "owed", "remitted", "balance")
    return {k: sum(r[k] for r in rows) for k in keys}


def ledger_lines(*, centre, institution, period: date) -> list[dict]:
    """The statement's lines: each payment's and refund's government fee, in time order."""
    start, end = month_bounds(period)
    lines = []
    for p in (
        Payment.objects.filter(
            centre=centre,
            institution=institution,
            paid_at__gte=start,
            paid_at__lt=end,
            state__in=MONEY_RECEIVED_STATES,
        )
        .select_related("case", "receipt")
        .order_by("paid_at", "pk")
    ):
        receipt = getattr(p, "receipt", None)
        lines.append(
            {
                "at": p.paid_at,
                "kind": "payment",
                "document": receipt.number if receipt else "",
                "case": p.case.reference,
                "amount": p.government_fee,
            }
        )
    for r in (
        Refund.objects.filter(
            centre=centre, institution=institution, created_at__gte=start, created_at__lt=end
        )
        .select_related("case", "credit_note")
        .order_by("created_at", "pk")
    ):
        if r.government_fee:
            note = getattr(r, "credit_note", None)
            lines.append(
                {
                    "at": r.created_at,
                    "kind": "refund",
                    "document": note.number if note else "",
                    "case": r.case.reference,
                    "amount": -r.government_fee,
                }
            )
    lines.sort(key=lambda line: line["at"])
    return lines


def remittances_of(*, centre, period: date | None = None) -> QuerySet[Remittance]:
    qs = Remittance.objects.filter(centre=centre).select_related("institution", "recorded_by")
    return qs.filter(period=month_start(period)) if period else qs


def national_by_centre(*, period: date, limit: int = 50) -> list[dict]:
    """Centres with government fees still to remit for the month, largest first."""
    from sanad.centres.models import Centre

    start, end = month_bounds(period)
    collected = _per_institution(
        Payment.objects.filter(paid_at__gte=start, paid_at__lt=end, state__in=MONEY_RECEIVED_STATES),
        "centre",
        "government_fee",
    )
    refunded = _per_institution(
        Refund.objects.filter(created_at__gte=start, created_at__lt=end), "centre", "government_fee"
    )
    remitted = _per_institution(Remittance.objects.filter(period=month_start(period)), "centre", "amount")
    balances = {
        cid: collected.get(cid, 0) - refunded.get(cid, 0) - remitted.get(cid, 0)
        for cid in set(collected) | set(refunded) | set(remitted)
    }
    top = sorted(balances.items(), key=lambda kv: -kv[1])[:limit]
    # The wilayat tells apart centres with the same name; the licence links to the centre's file.
    centres = Centre.objects.select_related("wilayat__governorate", "licence").in_bulk(
        [cid for cid, _ in top]
    )
    return [
        {
            "centre": centres.get(cid),
            "owed": collected.get(cid, 0) - refunded.get(cid, 0),
            "remitted": remitted.get(cid, 0),
            "balance": balance,
        }
        for cid, balance in top
        if cid in centres
    ]
