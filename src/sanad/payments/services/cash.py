"""The cash drawer: a clerk closes their day once, with the cash they counted."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.errors import Conflict, ValidationFailed

from .. import selectors
from ..models import DailyClose


def _counted(value) -> int:
    message = _("Enter the cash you counted in baisa: a whole number, zero or more.")
    if value is None or value == "" or isinstance(value, bool):
        raise ValidationFailed(errors={"counted_cash": [message]})
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(errors={"counted_cash": [message]}) from None
    if str(number) != str(value).strip() and number != value:
        raise ValidationFailed(errors={"counted_cash": [message]})
    if number < 0:
        raise ValidationFailed(errors={"counted_cash": [_("The counted cash cannot be negative.")]})
    return number


def drawer_lock(clerk) -> None:
    """Hold the clerk's cash drawer until the transaction ends, so that closing the day and taking
    (or handing back) cash run one after the other: a close never misses a payment, and no cash
    moves on a drawer that has just been closed. The drawer is the clerk's; its lock is the clerk's
    row. Taken after the case lock by payments and refunds, alone by the close: one order, no
    deadlock."""
    from django.contrib.auth import get_user_model

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("drawer_lock runs inside a transaction")
    list(get_user_model().objects.select_for_update().filter(pk=clerk.pk).values_list("pk", flat=True))


def daily_close_create(*, actor, counted_cash, note: str = "", day: date | None = None) -> DailyClose:
    """Close the actor's drawer for a day (today by default, Asia/Muscat): what the day's cash
    payments and cash refunds say should be there, what was counted, and the difference. A day is
    closed once; a difference needs a note."""
    centre = selectors.staff_centre(actor)
    counted = _counted(counted_cash)
    today = timezone.localdate()
    day = day or today
    if day > today:
        raise ValidationFailed(errors={"day": [_("A day can be closed only once it has started.")]})
    note = (note or "").strip()
    try:
        with transaction.atomic():
            drawer_lock(actor)
            if DailyClose.objects.filter(clerk=actor, day=day).exists():
                raise Conflict(
                    _("Your cash drawer for %(day)s is already closed.") % {"day": day.isoformat()}
                )
            drawer = selectors.drawer(actor, day)
            difference = counted - drawer["expected_cash"]
            if difference != 0 and not note:
                raise ValidationFailed(
                    errors={
                        "note": [
                            _(
                                "The count differs from what is expected: write a note explaining the difference."
                            )
                        ]
                    }
                )
            return DailyClose.objects.create(
                centre=centre,
                clerk=actor,
                day=day,
                cash_received=drawer["cash_received"],
                cash_refunded=drawer["cash_refunded"],
                expected_cash=drawer["expected_cash"],
                counted_cash=counted,
                difference=difference,
                note=note[:500],
            )
    except IntegrityError:  # closed by a concurrent request a moment ago
        raise Conflict(
            _("Your cash drawer for %(day)s is already closed.") % {"day": day.isoformat()}
        ) from None
