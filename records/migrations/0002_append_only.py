"""The audit trail is append-only: PostgreSQL refuses any update or delete."""

from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [refuse_changes("records_auditevent", operations=("UPDATE", "DELETE"))]
