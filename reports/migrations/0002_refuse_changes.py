"""A report is never deleted; a submitted version and a completion request never change."""

from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        refuse_changes("reports_report"),
        refuse_changes("reports_reportversion", operations=("UPDATE", "DELETE")),
        refuse_changes("reports_completionrequest", operations=("UPDATE", "DELETE")),
    ]
