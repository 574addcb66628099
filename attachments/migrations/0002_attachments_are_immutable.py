"""An attachment is never changed or deleted once handed in: PostgreSQL refuses it."""

from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("attachments", "0001_initial")]

    operations = [refuse_changes("attachments_attachment", operations=("UPDATE", "DELETE"))]
