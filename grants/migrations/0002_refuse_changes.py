"""Decided records are never deleted; an adopted allocation and the decision's printed table
are never changed (a correction supersedes them)."""

from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]

    operations = [
        refuse_changes("grants_decision"),
        refuse_changes("grants_grant"),
        refuse_changes("grants_deadline"),
        refuse_changes("grants_allocationtable"),
        refuse_changes("grants_allocation", operations=("UPDATE", "DELETE")),
        refuse_changes("grants_publishedallocation", operations=("UPDATE", "DELETE")),
    ]
