"""The renewal fee of a driving licence follows from the renewal period (ROP: RO10 for two years,
RO20 for ten). Fills the new column on the current versions; the published content is unchanged."""

from django.db import migrations

RULES = {"ROP-DL-RENEW": [{"field": "renewal_years", "fees": {"2": 10000, "10": 20000}}]}


def forwards(apps, schema_editor):
    ServiceVersion = apps.get_model("catalogue", "ServiceVersion")
    for code, rules in RULES.items():
        ServiceVersion.objects.filter(service__code=code).update(fee_rules=rules)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_service_version_fee_rules")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
