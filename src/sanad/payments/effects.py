"""Effects other areas register to act in the same transaction as money moving (the statistics keep
their rollups this way): callables(payment) after a payment succeeds, callables(refund) after a
refund is issued."""

from collections.abc import Callable

PAYMENT_EFFECTS: list[Callable] = []
REFUND_EFFECTS: list[Callable] = []


def register_payment_effect(func: Callable) -> Callable:
    if func not in PAYMENT_EFFECTS:
        PAYMENT_EFFECTS.append(func)
    return func


def register_refund_effect(func: Callable) -> Callable:
    if func not in REFUND_EFFECTS:
        REFUND_EFFECTS.append(func)
    return func
