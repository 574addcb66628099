"""A signature is evidence: PostgreSQL refuses to change or delete one (docs/security.md)."""

from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("signatures", "0001_initial")]

    operations = [
        refuse_changes("signatures_signature", operations=("UPDATE", "DELETE")),
    ]
