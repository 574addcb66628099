from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_load_regions")]

    operations = [
        refuse_changes("regions_region"),
        refuse_changes("regions_populationdataset"),
        refuse_changes("regions_populationfigure", operations=("UPDATE", "DELETE")),
    ]
