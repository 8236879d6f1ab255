"""Writes for centres and licensing (validate → lock → write → history → outbox on commit).

Split by purpose: licences.py (application, lifecycle, inspections), centres.py (details, hours,
prices, staff). Import from here: `from sanad.centres.services import licence_transition`."""

from .centres import (
    centre_price_remove,
    centre_price_set,
    centre_set_hours,
    centre_update_contact,
    hours_exception_add,
    hours_exception_remove,
    staff_add,
    staff_remove,
)
from .licences import (
    inspection_record,
    licence_apply,
    licence_transition,
    licences_sweep,
    owner_eligibility_problems,
    violation_resolve,
)

__all__ = [
    "centre_price_remove",
    "centre_price_set",
    "centre_set_hours",
    "centre_update_contact",
    "hours_exception_add",
    "hours_exception_remove",
    "inspection_record",
    "licence_apply",
    "licence_transition",
    "licences_sweep",
    "owner_eligibility_problems",
    "staff_add",
    "staff_remove",
    "violation_resolve",
]
