"""Money arithmetic for payments and refunds, in integer baisa, with no database: what is still owed,
what a refund rule gives back, and how a refund is spread over the payments that brought the money in.
Every function keeps the one invariant that matters: never give back more than was paid."""

from dataclasses import dataclass

COMPONENTS = ("government_fee", "centre_fee", "vat")


@dataclass(frozen=True)
class Breakdown:
    government_fee: int = 0
    centre_fee: int = 0
    vat: int = 0

    @property
    def total(self) -> int:
        return self.government_fee + self.centre_fee + self.vat

    @classmethod
    def of(cls, obj) -> "Breakdown":
        """From a model (case, payment, refund) or a dict with the three components."""
        get = obj.get if isinstance(obj, dict) else lambda name, default=0: getattr(obj, name, default)
        return cls(*(int(get(name, 0) or 0) for name in COMPONENTS))

    def __add__(self, other: "Breakdown") -> "Breakdown":
        return Breakdown(*(getattr(self, n) + getattr(other, n) for n in COMPONENTS))

    def __sub__(self, other: "Breakdown") -> "Breakdown":
        return Breakdown(*(getattr(self, n) - getattr(other, n) for n in COMPONENTS))

    def clamp(self) -> "Breakdown":
        """Negative components become zero."""
        return Breakdown(*(max(getattr(self, n), 0) for n in COMPONENTS))

    def at_most(self, limit: "Breakdown") -> "Breakdown":
        return Breakdown(*(min(getattr(self, n), max(getattr(limit, n), 0)) for n in COMPONENTS))

    def fits_within(self, limit: "Breakdown") -> bool:
        return all(0 <= getattr(self, n) <= getattr(limit, n) for n in COMPONENTS)

    def as_dict(self) -> dict:
        return {
            "government_fee": self.government_fee,
            "centre_fee": self.centre_fee,
            "vat": self.vat,
            "total": self.total,
        }


ZERO = Breakdown()


def outstanding(fee: Breakdown, net_paid: Breakdown) -> Breakdown:
    """What is left to pay, per component (never negative)."""
    return (fee - net_paid).clamp()


def refund_due(
    *,
    net_paid: Breakdown,
    reached_institution: bool,
    work_started: bool,
    government_fee_on_rejection: bool,
    centre_fee_before_work: bool,
    centre_fee_after_work: bool,
) -> Breakdown:
    """What goes back when a paid case is rejected by the institution or cancelled.

    Government fee: back if the case never reached the institution, or if the service's rule says it
    comes back after a rejection. Centre fee (and its VAT): by the centre's policy, before or after
    work started. Never more than was paid, component by component."""
    paid = net_paid.clamp()
    government = paid.government_fee if (not reached_institution or government_fee_on_rejection) else 0
    centre_refunded = centre_fee_after_work if work_started else centre_fee_before_work
    centre = paid.centre_fee if centre_refunded else 0
    vat = paid.vat if centre_refunded else 0
    return Breakdown(government, centre, vat)


def allocate(amount: Breakdown, available: list[tuple[int, Breakdown]]) -> list[tuple[int, Breakdown]]:
    """Spread a refund over payments (id, what is still refundable on it), latest first. Returns the
    parts, each within its payment's refundable amount; raises ValueError if the refund does not fit."""
    remaining = amount
    parts = []
    for payment_id, room in available:
        part = remaining.at_most(room)
        if part.total > 0:
            parts.append((payment_id, part))
            remaining = remaining - part
        if remaining.total == 0:
            break
    if remaining.total != 0:
        raise ValueError("refund is more than what was paid")
    return parts
