"""What the agency recorded about its own money is never changed or deleted; the report to
the ministry is edited but never deleted."""

from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [
        refuse_changes("reporting_agencyrequisition", operations=("UPDATE", "DELETE")),
        refuse_changes("reporting_administrationcost", operations=("UPDATE", "DELETE")),
        refuse_changes("reporting_ministryreport"),
    ]
