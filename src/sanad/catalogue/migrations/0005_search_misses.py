from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_search_index")]

    operations = [
        migrations.CreateModel(
            name="SearchMiss",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("query", models.CharField(max_length=200, verbose_name="query")),
                ("day", models.DateField(verbose_name="day")),
                ("count", models.PositiveIntegerField(default=0, verbose_name="times asked")),
            ],
            options={
                "verbose_name": "search without results",
                "verbose_name_plural": "searches without results",
                "ordering": ("-day", "-count", "query"),
                "constraints": [
                    models.UniqueConstraint(fields=("query", "day"), name="catalogue_search_miss_per_day")
                ],
            },
        ),
    ]
