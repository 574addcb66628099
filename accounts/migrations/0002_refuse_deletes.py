"""Users and memberships are deactivated, never deleted: the record names who acted."""

from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [refuse_changes("accounts_regionmembership")]
