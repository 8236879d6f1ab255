from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_load_catalogue")]

    operations = [
        migrations.AddField(
            model_name="serviceversion",
            name="aliases_ar",
            field=models.TextField(blank=True, verbose_name="other names and keywords (Arabic)"),
        ),
        migrations.AddField(
            model_name="serviceversion",
            name="aliases_en",
            field=models.TextField(blank=True, verbose_name="other names and keywords (English)"),
        ),
    ]
