"""Claims, repayments and bank files are never deleted; a bank line never changes."""

from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("repayments", "0001_initial")]

    operations = [
        refuse_changes("repayments_claim"),
        refuse_changes("repayments_repayment"),
        refuse_changes("repayments_bankimport"),
        refuse_changes("repayments_banktransaction", operations=("UPDATE", "DELETE")),
    ]
