"""Loads the geography reference file into the database. Used by data migrations, which pass
their historical models, so that a later change of the file comes with a new migration."""

import json
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "oman_geography.json"


def _coords(item: dict) -> tuple[float, float]:
    centroid = item.get("centroid") or item
    return float(centroid.get("lat", centroid.get("latitude"))), float(
        centroid.get("lon", centroid.get("longitude"))
    )


def load_geography(governorate_model, wilayat_model, data_file: Path = DATA_FILE) -> None:
    data = json.loads(data_file.read_text(encoding="utf-8"))
    for g_order, g in enumerate(data["governorates"], start=1):
        lat, lon = _coords(g)
        capital = g.get("capital") or {}
        governorate, _ = governorate_model.objects.update_or_create(
            code=g["code"],
            defaults={
                "name_ar": g["name_ar"],
                "name_en": g["name_en"],
                "capital_ar": g.get("capital_ar") or capital.get("name_ar", "") or capital.get("ar", ""),
                "capital_en": g.get("capital_en") or capital.get("name_en", "") or capital.get("en", ""),
                "latitude": lat,
                "longitude": lon,
                "population": g.get("population_2020") or g.get("population"),
                "source": g.get("source", ""),
                "sort_order": g_order,
            },
        )
        for w_order, w in enumerate(g["wilayats"], start=1):
            lat, lon = _coords(w)
            wilayat_model.objects.update_or_create(
                code=w["code"],
                defaults={
                    "governorate": governorate,
                    "name_ar": w["name_ar"],
                    "name_en": w["name_en"],
                    "latitude": lat,
                    "longitude": lon,
                    "population": w.get("population"),
                    "source": w.get("source", ""),
                    "sort_order": w_order,
                },
            )
