"""Open data (CC BY 4.0): the published datasets, their data dictionary and their rows. Small cells
are suppressed: a count of fewer than five cases is published as "<5" (and a share computed from
fewer than five as empty), so no citizen can be singled out."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .constants import OPEN_DATA_LICENCE, OPEN_DATA_LICENCE_URL, SMALL_CELL
from .models import MonthlyStat

SUPPRESSED = "<5"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # string, integer, number, month
    description: object


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: object
    description: object
    columns: tuple[Column, ...]
    rows: object  # () -> iterable of dicts


def small(count: int):
    return SUPPRESSED if 0 < count < SMALL_CELL else count


def _share(part: int, whole: int):
    return round(part / whole, 4) if whole >= SMALL_CELL else None


def _centres_by_wilayat():
    from sanad.centres.models import Centre, CentreService
    from sanad.centres.selectors import _operating_q, local_today
    from sanad.geo.models import Wilayat

    today = local_today()
    licensed = dict(
        Centre.objects.filter(_operating_q(today))
        .order_by()
        .values("wilayat_id")
        .annotate(n=Count("id"))
        .values_list("wilayat_id", "n")
    )
    offered = dict(
        CentreService.objects.filter(_operating_q(today, "centre__licence__"))
        .order_by()
        .values("centre__wilayat_id")
        .annotate(n=Count("service_id", distinct=True))
        .values_list("centre__wilayat_id", "n")
    )
    for w in Wilayat.objects.select_related("governorate").order_by("governorate__sort_order", "sort_order"):
        yield {
            "governorate": w.governorate.code,
            "governorate_ar": w.governorate.name_ar,
            "governorate_en": w.governorate.name_en,
            "wilayat": w.code,
            "wilayat_ar": w.name_ar,
            "wilayat_en": w.name_en,
            "population": w.population,
            "centres_licensed": licensed.get(w.pk, 0),
            "services_offered": offered.get(w.pk, 0),
        }


def _monthly(keys: tuple[str, ...], measures: tuple[str, ...]):
    return (
        MonthlyStat.objects.order_by(*keys)
        .values(*keys)
        .annotate(**{m: Sum(m) for m in measures})
        .iterator(chunk_size=2000)
    )


def _transactions():
    keys = ("month", "governorate__code", "institution__code", "service__code")
    for row in _monthly(keys, ("opened", "completed")):
        if not row["opened"] and not row["completed"]:
            continue
        yield {
            "month": row["month"].strftime("%Y-%m"),
            "governorate": row["governorate__code"],
            "institution": row["institution__code"],
            "service": row["service__code"],
            "cases": small(row["opened"]),
            "completed": SUPPRESSED if 0 < row["opened"] < SMALL_CELL else small(row["completed"]),
        }


def _on_time():
    totals: dict = defaultdict(Counter)
    for row in _monthly(("month", "governorate__code"), ("completed", "on_time", "late")):
        totals[(row["month"], row["governorate__code"])].update(row)
    for (month, governorate), row in sorted(totals.items()):
        if not row["completed"]:
            continue
        yield {
            "month": month.strftime("%Y-%m"),
            "governorate": governorate,
            "completed": small(row["completed"]),
            "on_time_share": _share(row["on_time"], row["on_time"] + row["late"]),
        }


C = Column
DATASETS = (
    Dataset(
        "centres-by-wilayat",
        _("Licensed Sanad centres by wilayat"),
        _("How many centres are licensed today in each wilayat, and how many different services they offer."),
        (
            C("governorate", "string", _("Governorate code (ISO 3166-2)")),
            C("governorate_ar", "string", _("Governorate name in Arabic")),
            C("governorate_en", "string", _("Governorate name in English")),
            C("wilayat", "string", _("Wilayat code")),
            C("wilayat_ar", "string", _("Wilayat name in Arabic")),
            C("wilayat_en", "string", _("Wilayat name in English")),
            C("population", "integer", _("Population (census), empty where unknown")),
            C("centres_licensed", "integer", _("Centres whose licence is in force today")),
            C("services_offered", "integer", _("Different services offered by those centres")),
        ),
        _centres_by_wilayat,
    ),
    Dataset(
        "transactions-by-month",
        _("Transactions by month, governorate, institution and service"),
        _("Transactions opened and completed at Sanad centres each month. Fewer than five is shown as “<5”."),
        (
            C("month", "month", _("Month (YYYY-MM, Asia/Muscat)")),
            C("governorate", "string", _("Governorate code (ISO 3166-2) of the centre")),
            C("institution", "string", _("Institution code")),
            C("service", "string", _("Service code")),
            C("cases", "integer", _("Transactions opened in the month (“<5” for fewer than five)")),
            C("completed", "integer", _("Transactions completed in the month (“<5” for fewer than five)")),
        ),
        _transactions,
    ),
    Dataset(
        "on-time-by-month",
        _("Transactions completed on time, by month and governorate"),
        _("The share of completed transactions finished within the service's published time."),
        (
            C("month", "month", _("Month (YYYY-MM, Asia/Muscat)")),
            C("governorate", "string", _("Governorate code (ISO 3166-2) of the centre")),
            C("completed", "integer", _("Transactions completed in the month (“<5” for fewer than five)")),
            C("on_time_share", "number", _("Share completed on time, 0 to 1 (empty for fewer than five)")),
        ),
        _on_time,
    ),
)
BY_SLUG = {d.slug: d for d in DATASETS}


def updated_at():
    from .selectors import last_updated

    return last_updated()


def catalogue(request) -> list[dict]:
    at = updated_at()
    return [
        {
            "slug": d.slug,
            "title_ar": _translated(d.title, "ar"),
            "title_en": _translated(d.title, "en"),
            "csv_url": request.build_absolute_uri(reverse("analytics:open-data-file", args=[d.slug, "csv"])),
            "json_url": request.build_absolute_uri(
                reverse("analytics:open-data-file", args=[d.slug, "json"])
            ),
            "updated_at": at.isoformat() if at else None,
            "licence": OPEN_DATA_LICENCE,
            "licence_url": OPEN_DATA_LICENCE_URL,
        }
        for d in DATASETS
    ]


def _translated(text, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return str(text)


def dictionary(dataset: Dataset) -> list[dict]:
    return [{"name": c.name, "type": c.kind, "description": str(c.description)} for c in dataset.columns]


__all__ = ["BY_SLUG", "DATASETS"]
