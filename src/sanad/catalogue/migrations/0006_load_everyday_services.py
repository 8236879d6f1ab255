"""The everyday services the first catalogue lacked (passports, traffic fines, …) and the aliases
of the file's services (see catalogue/data/catalogue.json). Services already in the database are
left alone; aliases go only to a service whose one version is still the file's."""

from django.db import migrations

MODELS = ("Institution", "Category", "DocumentType", "Service", "ServiceVersion", "RequiredDocument")


def load(apps, schema_editor):
    from sanad.catalogue.loader import aliases_load, load_catalogue
    from sanad.catalogue.search_index import index_rebuild

    models = {name: apps.get_model("catalogue", name) for name in MODELS}
    load_catalogue(models)
    aliases_load(models)
    index_rebuild(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_search_misses")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
