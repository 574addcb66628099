"""An administration cost is dated within the grant's budget year (issue 14): the decision's
administration money is for use during that year, like the regions' money."""

from django.db import migrations

from core.migration_ops import guard_rows, refuse

IN_BUDGET_YEAR = f"""
IF NOT EXISTS (
    SELECT FROM grants_grant g
    WHERE g.id = NEW.grant_id AND EXTRACT(YEAR FROM NEW.incurred_on) = g.year
) THEN
    {refuse("an administration cost is dated within the grant budget year")}
END IF;
RETURN NEW;
"""  # noqa: S608 - our own SQL, no input in it  # nosec B608


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_refuse_changes"), ("grants", "0007_grant_period_of_use")]

    operations = [
        guard_rows(
            "reporting_administrationcost",
            name="in_budget_year",
            events=("INSERT",),
            body=IN_BUDGET_YEAR,
        ),
    ]
