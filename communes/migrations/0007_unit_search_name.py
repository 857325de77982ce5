"""The lists' search box matches a unit's folded name (core.text.folded): "Luc Nam" finds "Lục Nam"."""

from django.db import migrations, models

from core.text import folded


def fill(apps, schema_editor):
    Unit = apps.get_model("communes", "Unit")
    batch = []
    for unit in Unit.objects.only("pk", "name").iterator(chunk_size=2000):
        unit.search_name = folded(unit.name)
        batch.append(unit)
        if len(batch) == 2000:
            Unit.objects.bulk_update(batch, ["search_name"])
            batch = []
    Unit.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):

    dependencies = [("communes", "0006_remove_unit_tier")]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="search_name",
            field=models.CharField(blank=True, default="", editable=False, max_length=120),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
