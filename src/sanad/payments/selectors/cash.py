"""The cash drawer: what a clerk took in and handed back on a day, and the manager's daily totals."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, QuerySet, Sum

from ..constants import MONEY_RECEIVED_STATES, PaymentMethod
from ..models import DailyClose, Payment, Refund
from .common import day_bounds, is_manager, staff_centre


def drawer(clerk, day: date) -> dict:
    """Cash a clerk took in and handed back on a day, what should be in the drawer, and its close."""
    start, end = day_bounds(day)
    received = Payment.objects.filter(
        method=PaymentMethod.CASH,
        received_by=clerk,
        paid_at__gte=start,
        paid_at__lt=end,
        state__in=MONEY_RECEIVED_STATES,
    ).aggregate(total=Sum("total"), count=Count("pk"))
    refunded = Refund.objects.filter(
        method=PaymentMethod.CASH, paid_out_by=clerk, paid_out_at__gte=start, paid_out_at__lt=end
    ).aggregate(total=Sum("total"), count=Count("pk"))
    cash_in, cash_out = received["total"] or 0, refunded["total"] or 0
    return {
        "day": day,
        "cash_received": cash_in,
        "payments_count": received["count"],
        "cash_refunded": cash_out,
        "refunds_count": refunded["count"],
        "expected_cash": cash_in - cash_out,
        "close": DailyClose.objects.filter(clerk=clerk, day=day).first(),
    }


DAY_PAYMENTS_LIMIT = 500


def day_payments(centre, day: date) -> list[Payment]:
    """The payments behind a day's totals (what the manager expands under the table), oldest first,
    each with its transaction, who took it and its receipt."""
    start, end = day_bounds(day)
    return list(
        Payment.objects.filter(
            centre=centre, paid_at__gte=start, paid_at__lt=end, state__in=MONEY_RECEIVED_STATES
        )
        .select_related("case", "received_by", "receipt")
        .order_by("paid_at", "pk")[:DAY_PAYMENTS_LIMIT]
    )


def daily_totals(centre, day: date) -> dict:
    """The manager's view of a day: per staff member and method, what came in and went back, and
    whether each drawer was closed."""
    start, end = day_bounds(day)
    rows: dict = defaultdict(
        lambda: {"methods": defaultdict(lambda: {"count": 0, "total": 0}), "refunded": 0}
    )
    people = {}
    payments = (
        Payment.objects.filter(
            centre=centre, paid_at__gte=start, paid_at__lt=end, state__in=MONEY_RECEIVED_STATES
        )
        .values("received_by", "method")
        .annotate(count=Count("pk"), total=Sum("total"))
    )
    for row in payments:
        cell = rows[row["received_by"]]["methods"][row["method"]]
        cell["count"] += row["count"]
        cell["total"] += row["total"] or 0
    refunds = (
        Refund.objects.filter(centre=centre, paid_out_at__gte=start, paid_out_at__lt=end)
        .values("paid_out_by")
        .annotate(total=Sum("total"))
    )
    for row in refunds:
        rows[row["paid_out_by"]]["refunded"] += row["total"] or 0
    from sanad.accounts.models import User

    for user in User.objects.filter(pk__in=[k for k in rows if k is not None]):
        people[user.pk] = user
    closes = {c.clerk_id: c for c in DailyClose.objects.filter(centre=centre, day=day)}
    for clerk_id in closes:
        rows[clerk_id]  # a close with no payments still shows
        if clerk_id not in people:
            people[clerk_id] = closes[clerk_id].clerk
    methods = [m.value for m in PaymentMethod]
    table = []
    totals = {m: {"count": 0, "total": 0} for m in methods}
    for person_id, data in rows.items():
        cells = [data["methods"].get(m, {"count": 0, "total": 0}) for m in methods]
        for m, cell in zip(methods, cells, strict=True):
            totals[m]["count"] += cell["count"]
            totals[m]["total"] += cell["total"]
        table.append(
            {
                "person": people.get(person_id),
                "cells": cells,
                "total": sum(c["total"] for c in cells),
                "refunded": data["refunded"],
                "close": closes.get(person_id),
            }
        )
    table.sort(key=lambda r: (r["person"] is None, r["person"].username if r["person"] else ""))
    return {
        "day": day,
        "methods": [(m, PaymentMethod(m).label) for m in methods],
        "rows": table,
        "totals": [totals[m] for m in methods],
        "grand_total": sum(t["total"] for t in totals.values()),
    }


def closes_of(clerk, limit: int = 14) -> QuerySet[DailyClose]:
    return DailyClose.objects.filter(clerk=clerk).order_by("-day")[:limit]


def daily_closes_visible_to(user) -> QuerySet[DailyClose]:
    """A clerk's own closes; the manager's whole centre. 404 for anyone not working at a centre."""
    closes = DailyClose.objects.filter(centre=staff_centre(user)).select_related("clerk")
    if not is_manager(user):
        closes = closes.filter(clerk=user)
    return closes.order_by("-day", "clerk_id")
