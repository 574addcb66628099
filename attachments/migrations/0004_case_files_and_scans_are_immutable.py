"""A case's file links and the scans of a file are written once: PostgreSQL refuses to
change or delete them (a new scan is a new row; the latest one is the file's state)."""

from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("attachments", "0003_case_files_and_scans")]

    operations = [
        refuse_changes("attachments_caseattachment", operations=("UPDATE", "DELETE")),
        refuse_changes("attachments_attachmentscan", operations=("UPDATE", "DELETE")),
    ]
