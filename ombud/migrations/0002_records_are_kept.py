"""Ombud applications are public records: never deleted (their status moves on); the mandate
documents handed in and the officers' decisions are never changed either."""

from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("ombud", "0001_initial")]

    operations = [
        refuse_changes("ombud_ombudapplication", operations=("DELETE",)),
        refuse_changes("ombud_mandatedocument", operations=("UPDATE", "DELETE")),
        refuse_changes("ombud_ombuddecision", operations=("UPDATE", "DELETE")),
    ]
