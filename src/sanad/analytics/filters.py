"""The one parser of statistics filters (pages, API and exports share it): a period and codes for
governorate, wilayat, institution and service. Anything wrong is a 400 with a message that says what,
never an empty success."""

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.errors import BadRequest

from .constants import MAX_PERIOD_DAYS


@dataclass(frozen=True)
class StatsFilter:
    start: date
    end: date
    governorate: object = None  # geo.Governorate
    wilayat: object = None  # geo.Wilayat
    institution: object = None  # catalogue.Institution
    service: object = None  # catalogue.Service
    params: dict = field(default_factory=dict)  # the query as given (for export links)

    def rollup_q(self) -> dict:
        """Filters on the rollup tables' copied geography and institution columns."""
        q = {}
        if self.governorate is not None:
            q["governorate_id"] = self.governorate.pk
        if self.wilayat is not None:
            q["wilayat_id"] = self.wilayat.pk
        if self.institution is not None:
            q["institution_id"] = self.institution.pk
        if self.service is not None:
            q["service_id"] = self.service.pk
        return q

    def centre_q(self, prefix: str = "") -> dict:
        q = {}
        if self.governorate is not None:
            q[f"{prefix}wilayat__governorate_id"] = self.governorate.pk
        if self.wilayat is not None:
            q[f"{prefix}wilayat_id"] = self.wilayat.pk
        return q


def _parse_day(value: str, name: str, *, end: bool) -> date:
    text = value.strip()
    try:
        if len(text) == 7:  # a month: YYYY-MM
            year, month = int(text[:4]), int(text[5:7])
            if text[4] != "-":
                raise ValueError
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        if len(text) == 4 and text.isdigit():  # a year
            return date(int(text), 12, 31) if end else date(int(text), 1, 1)
        return date.fromisoformat(text)
    except ValueError:
        raise BadRequest(
            _("“%(value)s” is not a date: write it as YYYY-MM-DD (or YYYY-MM, or YYYY).")
            % {"value": value[:40]},
            errors={name: [_("Write the date as YYYY-MM-DD (or YYYY-MM, or YYYY).")]},
        ) from None


def _code(model, value: str, name: str, label: str):
    value = (value or "").strip()
    if not value:
        return None
    found = model.objects.filter(code=value).first()
    if found is None:
        message = _("There is no %(what)s with the code “%(code)s”.") % {"what": label, "code": value[:40]}
        raise BadRequest(message, errors={name: [message]})
    return found


def parse_filters(params, *, today: date | None = None) -> StatsFilter:
    """`from`/`to` (default: the current calendar year), `governorate`, `wilayat`, `institution`,
    `service` (codes). A wilayat outside the chosen governorate, or a service outside the chosen
    institution, is an error too."""
    from sanad.catalogue.models import Institution, Service
    from sanad.geo.models import Governorate, Wilayat

    today = today or timezone.localdate()
    start_text, end_text = params.get("from") or "", params.get("to") or ""
    start = _parse_day(start_text, "from", end=False) if start_text.strip() else date(today.year, 1, 1)
    end = _parse_day(end_text, "to", end=True) if end_text.strip() else date(start.year, 12, 31)
    if end < start:
        raise BadRequest(
            _("The period ends (%(end)s) before it starts (%(start)s).") % {"start": start, "end": end},
            errors={"to": [_("The end of the period must not be before its start.")]},
        )
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise BadRequest(
            _("The period is longer than ten years: choose a shorter one."),
            errors={"from": [_("A period is at most ten years.")]},
        )
    governorate = _code(Governorate, params.get("governorate"), "governorate", _("governorate"))
    wilayat = _code(Wilayat, params.get("wilayat"), "wilayat", _("wilayat"))
    institution = _code(Institution, params.get("institution"), "institution", _("institution"))
    service = _code(Service, params.get("service"), "service", _("service"))
    if governorate and wilayat and wilayat.governorate_id != governorate.pk:
        message = _("This wilayat is not in the chosen governorate.")
        raise BadRequest(message, errors={"wilayat": [message]})
    if institution and service and service.institution_id != institution.pk:
        message = _("This service is not offered by the chosen institution.")
        raise BadRequest(message, errors={"service": [message]})
    keep = ("from", "to", "governorate", "wilayat", "institution", "service")
    return StatsFilter(
        start=start,
        end=end,
        governorate=governorate,
        wilayat=wilayat,
        institution=institution,
        service=service,
        params={k: params.get(k) for k in keep if params.get(k)},
    )
