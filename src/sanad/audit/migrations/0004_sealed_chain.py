"""The chain is sealed behind the writers (sanad.audit.chain): rows are written without a hash and
their id from the sequence; the sealer gives them `seq`. Existing rows were chained with ids 1, 2,
3, … and keep their hashes: they get seq = id. The triggers are replaced by the ones that allow the
seal (and nothing else)."""

from django.db import migrations, models

from sanad.audit.triggers import APPEND_ONLY, statements


def _number_existing_rows(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only")
            cursor.execute("UPDATE audit_auditentry SET seq = id WHERE hash IS NOT NULL")
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_auditentry_append_only")
            # Ids were given by hand until now: move the sequence past them.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('audit_auditentry', 'id'), "
                "COALESCE((SELECT MAX(id) FROM audit_auditentry), 0) + 1, false)"
            )
        else:
            for op in ("update", "delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS audit_auditentry_no_{op}")
            cursor.execute("UPDATE audit_auditentry SET seq = id WHERE hash IS NOT NULL")
    existing = set(connection.introspection.table_names())
    for sql in statements(connection.vendor, [t for t in APPEND_ONLY if t in existing]):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_default_retention_rules")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(blank=True, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(_number_existing_rows, migrations.RunPython.noop, elidable=False),
    ]
