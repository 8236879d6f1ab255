from django.db import migrations

MODELS = ("Institution", "Category", "DocumentType", "Service", "ServiceVersion", "RequiredDocument")


def load(apps, schema_editor):
    from sanad.catalogue.loader import load_catalogue

    load_catalogue({name: apps.get_model("catalogue", name) for name in MODELS})


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
