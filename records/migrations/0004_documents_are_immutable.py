"""An issued document is never changed or deleted."""

from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("records", "0003_document")]

    operations = [refuse_changes("records_document", operations=("UPDATE", "DELETE"))]
