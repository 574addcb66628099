"""Load the 21 regions from regions/data/regions.csv (reference data in DOMAIN.md)."""

from django.db import migrations

from regions.reference import load_regions


def load(apps, schema_editor):
    load_regions(apps.get_model("regions", "Region"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
