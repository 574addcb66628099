"""Submitted and decided records are never deleted; a decision is never changed."""

from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("requisitions", "0001_initial")]

    operations = [
        refuse_changes("requisitions_requisition"),
        refuse_changes("requisitions_paymentdecision", operations=("UPDATE", "DELETE")),
        refuse_changes("requisitions_disbursement"),
        refuse_changes("requisitions_paymentfile", operations=("UPDATE", "DELETE")),
    ]
