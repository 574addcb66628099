"""An adopted allocation table is frozen: PostgreSQL refuses any UPDATE except marking it
superseded (status 'adopted' → 'superseded'), which a new, logged adoption does."""

from django.db import migrations

from core.migration_ops import refuse_updates


class Migration(migrations.Migration):
    dependencies = [("grants", "0005_cases_for_adopted_allocations")]

    operations = [
        refuse_updates(
            "grants_allocationtable",
            columns=(
                "id",
                "grant_id",
                "population_dataset_id",
                "total_amount",
                "adopted_at",
                "adopted_by_id",
                "supersedes_id",
                "reason",
            ),
            transition=("status", "adopted", "superseded"),
        ),
    ]
