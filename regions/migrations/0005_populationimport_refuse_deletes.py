"""An uploaded file of population figures is a record of what the agency received: never
deleted."""

from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("regions", "0004_populationimport")]

    operations = [refuse_changes("regions_populationimport")]
