"""The versions of the parts of the data, for the kept pages (core/page_cache.py). A version
only ever moves up: a row deleted would let a page be served from a copy older than a
change, so the database refuses it."""

from django.db import migrations, models

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("records", "0007_claim_change")]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "scope",
                    models.CharField(
                        max_length=40, primary_key=True, serialize=False, verbose_name="scope"
                    ),
                ),
                ("version", models.BigIntegerField(verbose_name="version")),
            ],
            options={"verbose_name": "data version", "verbose_name_plural": "data versions"},
        ),
        refuse_changes("records_dataversion"),
    ]
