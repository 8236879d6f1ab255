from django.db import migrations

from sanad.audit.triggers import statements

TABLE = "feedback_complaintevent"


def _create(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor, [TABLE]):
        schema_editor.execute(sql, params=None)


def _drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}", params=None)
    elif vendor == "sqlite":
        for op in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{op}", params=None)


class Migration(migrations.Migration):
    """A complaint's history is append-only in the database, like the other domain event rows."""

    dependencies = [
        ("feedback", "0001_ratings_complaints_quality"),
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
