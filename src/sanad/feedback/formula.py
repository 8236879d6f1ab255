"""The centre quality index: a published, versioned formula. Pure arithmetic, no database: the
inputs come from one centre's monthly figures (selectors.quality_inputs), the result is 0–100 with a
grade, or no number ("not enough data") below the formula's minimum of cases.

Each component turns one measure into a score from 0 to 100, on a straight line between the value
that scores 0 (`worst`) and the value that scores 100 (`best`), clamped. A component without data
(too few ratings, no inspection in the last year) is left out and the others' weights are scaled up
so that they still add up to one. The index is the weighted mean, rounded half up to one decimal.

Version 1 (three-month window) left out waiting time: the queue did not record waits yet. Version 2
counts the month itself, as the index is published monthly, and adds waiting time from the queue's
tickets (issued and first called). Each published version stays on the public page, every score
names the version that computed it, and a month can be recomputed under any version from the same
monthly figures (`sanad quality_compute --formula 1`), so figures published under version 1 stay
reproducible."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Inputs:
    """One centre's figures over the formula's window."""

    cases: int = 0  # decided by the institution (completed or rejected)
    completed: int = 0
    on_time: int = 0  # completed by their SLA due time (working calendar)
    sent_back: int = 0  # decided cases that were sent back to the citizen at least once
    ratings: int = 0
    overall_sum: int = 0
    complaints_upheld: int = 0
    inspection: str | None = None  # latest result in the last 12 months: "passed", "failed" or None
    tickets: int = 0  # queue tickets first called to a counter in the window
    tickets_on_time: int = 0  # ...of which called within WAIT_TARGET_MINUTES of being issued


@dataclass(frozen=True)
class Component:
    key: str
    label: object
    weight: Decimal
    measure: object  # what is measured (for the public page)
    unit: str
    best: Decimal
    worst: Decimal


@dataclass(frozen=True)
class Formula:
    version: int
    published_on: date
    window_months: int
    min_cases: int
    min_ratings: int
    components: tuple[Component, ...]
    min_tickets: int = 0
    grades: tuple[tuple[int, str], ...] = ((85, "A"), (70, "B"), (55, "C"), (40, "D"), (0, "E"))
    later: tuple = field(default_factory=tuple)  # what later versions add


D = Decimal
V1 = Formula(
    version=1,
    published_on=date(2026, 12, 1),
    window_months=3,
    min_cases=5,
    min_ratings=3,
    components=(
        Component(
            "satisfaction",
            _("Citizen satisfaction"),
            D("0.30"),
            _("Mean overall rating (1–5) of the ratings given in the window"),
            "1–5",
            D(5),
            D(1),
        ),
        Component(
            "on_time",
            _("On-time completion"),
            D("0.25"),
            _("Share of completed transactions finished by their due time (working calendar)"),
            "%",
            D(1),
            D(0),
        ),
        Component(
            "send_backs",
            _("Few send-backs"),
            D("0.15"),
            _("Share of decided transactions sent back to the citizen at least once"),
            "%",
            D(0),
            D("0.5"),
        ),
        Component(
            "complaints",
            _("Few upheld complaints"),
            D("0.20"),
            _("Complaints upheld by the regulator per 1,000 decided transactions"),
            "‰",
            D(0),
            D(20),
        ),
        Component(
            "inspection",
            _("Inspection result"),
            D("0.10"),
            _("The latest inspection in the last 12 months: passed scores 100, failed scores 0"),
            "",
            D(1),
            D(0),
        ),
    ),
    later=(_("Waiting time at the centre, once the queue records it"),),
)
V2 = Formula(
    version=2,
    published_on=date(2026, 12, 2),
    window_months=1,
    min_cases=5,
    min_ratings=3,
    min_tickets=10,
    components=(
        Component(
            "satisfaction",
            _("Citizen satisfaction"),
            D("0.25"),
            _("Mean overall rating (1–5) of the ratings given in the window"),
            "1–5",
            D(5),
            D(1),
        ),
        V1.components[1],  # on time, 0.25
        Component(
            "send_backs",
            _("Few send-backs"),
            D("0.10"),
            _("Share of decided transactions sent back to the citizen at least once"),
            "%",
            D(0),
            D("0.5"),
        ),
        V1.components[3],  # upheld complaints, 0.20
        V1.components[4],  # inspection, 0.10
        Component(
            "waiting",
            _("Short waits"),
            D("0.10"),
            _("Share of queue tickets called to a counter within 20 minutes of being issued"),
            "%",
            D(1),
            D("0.5"),
        ),
    ),
)
FORMULAS = {1: V1, 2: V2}
CURRENT_VERSION = 2


def current() -> Formula:
    return FORMULAS[CURRENT_VERSION]


def by_version(version: int | None) -> Formula:
    """The formula of that version (None: the one in force); KeyError names the known versions."""
    if version is None:
        return current()
    try:
        return FORMULAS[int(version)]
    except (KeyError, TypeError, ValueError):
        raise KeyError(f"unknown formula version {version!r}; known: {sorted(FORMULAS)}") from None


@dataclass(frozen=True)
class Result:
    index: Decimal | None
    grade: str
    components: dict
    reason: str = ""


def _line(value: Decimal, best: Decimal, worst: Decimal) -> Decimal:
    score = (value - worst) / (best - worst) * 100
    return min(max(score, D(0)), D(100))


def _measures(inputs: Inputs, formula: Formula) -> dict[str, Decimal | None]:
    cases = D(inputs.cases)
    return {
        "satisfaction": D(inputs.overall_sum) / D(inputs.ratings)
        if inputs.ratings >= formula.min_ratings
        else None,
        "on_time": D(inputs.on_time) / D(inputs.completed) if inputs.completed else None,
        "send_backs": D(inputs.sent_back) / cases if inputs.cases else None,
        "complaints": D(inputs.complaints_upheld) * 1000 / cases if inputs.cases else None,
        "inspection": None
        if inputs.inspection is None
        else (D(1) if inputs.inspection == "passed" else D(0)),
        "waiting": D(inputs.tickets_on_time) / D(inputs.tickets)
        if inputs.tickets and inputs.tickets >= formula.min_tickets
        else None,
    }


def _round(value: Decimal, places: str = "0.1") -> Decimal:
    return value.quantize(D(places), rounding=ROUND_HALF_UP)


def grade_for(index: Decimal, formula: Formula) -> str:
    return next(letter for floor, letter in formula.grades if index >= floor)


def compute(inputs: Inputs, formula: Formula | None = None) -> Result:
    formula = formula or current()
    measures = _measures(inputs, formula)
    components = {}
    for c in formula.components:
        value = measures[c.key]
        components[c.key] = {
            "weight": float(c.weight),
            "value": None if value is None else float(_round(value, "0.0001")),
            "score": None if value is None else float(_round(_line(value, c.best, c.worst))),
        }
    if inputs.cases < formula.min_cases:
        return Result(None, "", components, reason="not_enough_data")
    present = [c for c in formula.components if measures[c.key] is not None]
    total_weight = sum((c.weight for c in present), D(0))
    weighted = sum((c.weight * _line(measures[c.key], c.best, c.worst) for c in present), D(0))
    index = _round(weighted / total_weight)
    return Result(index, grade_for(index, formula), components)
