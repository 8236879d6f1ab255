from django.db import migrations


def load(apps, schema_editor):
    from sanad.geo.loader import load_geography

    load_geography(apps.get_model("geo", "Governorate"), apps.get_model("geo", "Wilayat"))


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
