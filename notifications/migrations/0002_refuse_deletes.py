from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [refuse_changes("notifications_email")]
