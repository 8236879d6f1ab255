"""Which tables each statistics answer exports, with their columns (pages and API use the same)."""

from django.utils.translation import gettext as _

from sanad.core.errors import BadRequest

FIGURES = ["cases", "completed", "rejected", "cancelled", "on_time_share", "median_completion_hours"]
NATIONAL = {
    "by_governorate": [
        "code",
        "name_ar",
        "name_en",
        "centres_licensed",
        "jobs",
        "jobs_women",
        "population",
        *FIGURES,
        "cases_per_1000",
    ],
    "by_wilayat": [
        "code",
        "name_ar",
        "name_en",
        "governorate",
        "centres_licensed",
        "jobs",
        "population",
        *FIGURES,
        "cases_per_1000",
    ],
    "by_institution": ["code", "name_ar", "name_en", *FIGURES],
    "by_service": ["code", "name_ar", "name_en", "institution", *FIGURES],
    "by_month": ["month", "cases", "completed"],
}
CENTRE = {
    "by_day": ["day", *FIGURES, "revenue"],
    "by_week": ["week", *FIGURES, "revenue"],
    "by_month": ["month", *FIGURES, "revenue"],
    "by_service": ["code", "name_ar", "name_en", *FIGURES, "revenue"],
    "by_clerk": ["clerk", "name_ar", "name_en", "opened", "completed"],
}
DECISIONS = ["submitted", "completed", "rejected", "decisions", "median_decision_hours"]
INSTITUTION = {
    "by_service": ["code", "name_ar", "name_en", "cases", *DECISIONS, "pending", "overdue"],
    "by_month": ["month", "cases", "submitted", "completed", "rejected"],
}
DAILY = "daily"  # every day × centre × service row of the selection (streamed from the database)


def choose(tables: dict, name: str | None, default: str, *, daily: bool = True) -> str:
    name = (name or default).strip()
    allowed = [*tables, *([DAILY] if daily else [])]
    if name not in allowed:
        message = _("Unknown table “%(name)s”: choose one of %(names)s.") % {
            "name": name[:40],
            "names": ", ".join(allowed),
        }
        raise BadRequest(message, errors={"table": [message]})
    return name
