"""Oman's official holidays for 2026 and 2027 (sources in centres/data/oman_public_holidays.json)."""

import json
from datetime import date
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "oman_public_holidays.json"


def load(apps, schema_editor):
    PublicHoliday = apps.get_model("centres", "PublicHoliday")
    for day, name_ar, name_en in json.loads(DATA.read_text(encoding="utf-8"))["holidays"]:
        PublicHoliday.objects.update_or_create(
            date=date.fromisoformat(day), defaults={"name_ar": name_ar, "name_en": name_en}
        )


def unload(apps, schema_editor):
    PublicHoliday = apps.get_model("centres", "PublicHoliday")
    days = [date.fromisoformat(row[0]) for row in json.loads(DATA.read_text(encoding="utf-8"))["holidays"]]
    PublicHoliday.objects.filter(date__in=days).delete()


class Migration(migrations.Migration):
    dependencies = [("centres", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
