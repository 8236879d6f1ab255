"""Stored stems and tokens per version, and the database's full-text index over the tokens: an FTS5
table on SQLite, a GIN index on PostgreSQL (see catalogue/search_index.py)."""

from django.db import migrations, models


def backfill(apps, schema_editor):
    from sanad.catalogue.loader import index_fields
    from sanad.catalogue.search_index import index_create, index_rebuild

    ServiceVersion = apps.get_model("catalogue", "ServiceVersion")
    for version in ServiceVersion.objects.select_related("service__institution", "category"):
        service = version.service
        index_fields(version, service=service, institution=service.institution, category=version.category)
        version.save(update_fields=["search_text", "search_terms", "search_tokens"])
    index_create(schema_editor.connection)
    index_rebuild(schema_editor.connection)


def drop(apps, schema_editor):
    from sanad.catalogue.search_index import index_drop

    index_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_version_aliases")]

    operations = [
        migrations.AddField(
            model_name="serviceversion",
            name="search_terms",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="serviceversion",
            name="search_tokens",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(backfill, drop),
    ]
