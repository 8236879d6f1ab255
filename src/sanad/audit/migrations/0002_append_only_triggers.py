from django.db import migrations

from sanad.audit.triggers import APPEND_ONLY, drop_statements, statements


def _create(apps, schema_editor):
    # Tables listed later may not exist yet when this runs; their own migrations add their triggers.
    existing = set(schema_editor.connection.introspection.table_names())
    tables = [t for t in APPEND_ONLY if t in existing]
    for sql in statements(schema_editor.connection.vendor, tables):
        schema_editor.execute(sql, params=None)


def _drop(apps, schema_editor):
    for sql in drop_statements(schema_editor.connection.vendor, APPEND_ONLY):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_trail_and_rights"),
        ("cases", "0003_case_centre_recent_idx"),
        ("centres", "0002_load_public_holidays"),
        ("payments", "0001_initial"),
        ("catalogue", "0002_load_catalogue"),
    ]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
