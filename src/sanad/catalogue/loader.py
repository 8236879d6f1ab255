"""Loads data/catalogue.json (real reference content: institutions, categories, document types and
services with their first published version). Used by a data migration, which passes its historical
models, so that a later change of the file comes with a new migration."""

import json
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from .search import version_search_index

DATA_FILE = Path(__file__).parent / "data" / "catalogue.json"

CATEGORY_ICONS = {
    "vehicles": "car-front",
    "residence": "passport",
    "civil_status": "people",
    "labour": "briefcase",
    "commerce": "shop",
    "certificates": "patch-check",
    "housing": "house-door",
    "municipal": "buildings",
    "health": "heart-pulse",
    "justice": "bank",
    "social_protection": "shield-check",
    "utilities": "lightning-charge",
}


def steps_with_final(steps: list[dict]) -> list[dict]:
    """Processing steps as stored: ordered, the last one (and only it) final."""
    return [
        {
            "code": s["code"],
            "name_ar": s["name_ar"],
            "name_en": s["name_en"],
            "final": i == len(steps) - 1,
        }
        for i, s in enumerate(steps)
    ]


def aliases_text(names: list[str] | None) -> str:
    return "\n".join(names or [])


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def index_fields(version, *, service, institution, category) -> None:
    """Fill the version's stored search columns that its model (possibly a migration's historical
    one) has."""
    for field, value in version_search_index(
        version=version, service=service, institution=institution, category=category
    ).items():
        if _has_field(type(version), field):
            setattr(version, field, value)


def aliases_load(models: dict, data_file: Path = DATA_FILE) -> int:
    """Give the file's aliases to each service whose only version is still the file's first one,
    with no aliases yet (a later version is the institution's own), and refresh its search columns.
    The columns are derived data, so filling them on a published version changes nothing it says."""
    Service, ServiceVersion = models["Service"], models["ServiceVersion"]
    data = json.loads(data_file.read_text(encoding="utf-8"))
    by_code = {s["code"]: s for s in data["services"]}
    updated = 0
    services = Service.objects.select_related("institution").filter(code__in=by_code)
    for service in services:
        versions = list(ServiceVersion.objects.select_related("category").filter(service=service))
        if len(versions) != 1 or versions[0].aliases_ar or versions[0].aliases_en:
            continue
        version, entry = versions[0], by_code[service.code]
        version.aliases_ar = aliases_text(entry.get("aliases_ar"))
        version.aliases_en = aliases_text(entry.get("aliases_en"))
        index_fields(version, service=service, institution=service.institution, category=version.category)
        version.save(
            update_fields=["aliases_ar", "aliases_en", "search_text", "search_terms", "search_tokens"]
        )
        updated += 1
    return updated


def load_catalogue(models: dict, data_file: Path = DATA_FILE) -> dict:
    """`models` maps model names (Institution, Category, DocumentType, Service, ServiceVersion,
    RequiredDocument) to model classes. Existing rows are updated by code; an existing service is
    left alone (its versions are the institution's, not the file's)."""
    Institution, Category, DocumentType = models["Institution"], models["Category"], models["DocumentType"]
    Service, ServiceVersion = models["Service"], models["ServiceVersion"]
    RequiredDocument = models["RequiredDocument"]
    data = json.loads(data_file.read_text(encoding="utf-8"))
    now = timezone.now()

    doc_types = {}
    for d in data["document_types"]:
        doc_types[d["code"]], _ = DocumentType.objects.update_or_create(
            code=d["code"], defaults={"name_ar": d["name_ar"], "name_en": d["name_en"]}
        )
    categories = {}
    for order, c in enumerate(data["categories"], start=1):
        categories[c["code"]], _ = Category.objects.update_or_create(
            code=c["code"],
            defaults={
                "name_ar": c["name_ar"],
                "name_en": c["name_en"],
                "icon": CATEGORY_ICONS.get(c["code"], "grid"),
                "sort_order": order,
            },
        )
    institutions = {}
    for i in data["institutions"]:
        institutions[i["code"]], _ = Institution.objects.update_or_create(
            code=i["code"],
            defaults={
                "name_ar": i["name_ar"],
                "name_en": i["name_en"],
                "kind": i["kind"],
                "website": i.get("website") or "",
                "phone": i.get("phone") or "",
                "email": i.get("email") or "",
            },
        )

    has_aliases = _has_field(ServiceVersion, "aliases_ar")
    existing = set(Service.objects.values_list("code", flat=True))
    created = 0
    for s in data["services"]:
        if s["code"] in existing:
            continue
        institution, category = institutions[s["institution"]], categories[s["category"]]
        service = Service.objects.create(code=s["code"], institution=institution, category=category)
        version = ServiceVersion(
            service=service,
            number=1,
            status="published",
            category=category,
            name_ar=s["name_ar"],
            name_en=s["name_en"],
            description_ar=s["description_ar"],
            description_en=s["description_en"],
            channels=list(s["channels"]),
            form_fields=s["fields"],
            steps=steps_with_final(s["steps"]),
            government_fee_min=s["government_fee_min"],
            government_fee_max=s["government_fee_max"],
            fee_percent=Decimal(str(s["fee_percent"])) if s.get("fee_percent") is not None else None,
            fee_is_estimate=s["fee_is_estimate"],
            fee_source=s["fee_source"],
            fee_note_ar=s.get("fee_note_ar", ""),
            fee_note_en=s.get("fee_note_en", ""),
            centre_fee_cap=s["centre_fee_cap"],
            sla_hours=s["sla_hours"],
            change_note="الإصدار الأول من دليل الخدمات المرجعي",
            published_at=now,
        )
        if has_aliases:
            version.aliases_ar = aliases_text(s.get("aliases_ar"))
            version.aliases_en = aliases_text(s.get("aliases_en"))
        index_fields(version, service=service, institution=institution, category=category)
        version.save()
        RequiredDocument.objects.bulk_create(
            RequiredDocument(
                version=version,
                document_type=doc_types[d["type"]],
                position=pos,
                mandatory=d["mandatory"],
                formats=list(d["formats"]),
                max_size_kb=d["max_size_kb"],
                note_ar=d.get("note_ar", ""),
                note_en=d.get("note_en", ""),
            )
            for pos, d in enumerate(s["documents"], start=1)
        )
        Service.objects.filter(pk=service.pk).update(current_version=version)
        created += 1
    return {"services_created": created}
