from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("grants", "0003_case")]

    operations = [refuse_changes("grants_case")]
