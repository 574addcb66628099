"""The Riksbank's reference rate per half-year, for late-payment interest on recovery claims.

PostgreSQL holds that a rate is never deleted or emptied, that the half-year and who entered
it never change, and that a change of the rate is a correction: with a new time of
correction (and, by the check constraint, who corrected it and why).
"""

import core.clock
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_ops import changed, guard_rows, refuse, refuse_changes

ENTERED = ("id", "starts_on", "entered_at", "entered_by_id")
CORRECTED_ONLY = f"""
IF {changed(ENTERED)} THEN
    {refuse("the half-year of a reference rate and who entered it never change")}
END IF;
IF NEW.rate_bp IS DISTINCT FROM OLD.rate_bp
    AND NEW.corrected_at IS NOT DISTINCT FROM OLD.corrected_at THEN
    {refuse("a reference rate changes only as a correction with a reason")}
END IF;
RETURN NEW;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('repayments', '0005_claim_netting'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReferenceRate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_on', models.DateField(unique=True, verbose_name='half-year from')),
                ('rate_bp', models.IntegerField(verbose_name='reference rate (hundredths of a percent)')),
                ('source', models.CharField(blank=True, max_length=200, verbose_name='source')),
                ('entered_at', models.DateTimeField(default=core.clock.now, verbose_name='entered')),
                ('corrected_at', models.DateTimeField(blank=True, null=True, verbose_name='corrected')),
                ('correction_reason', models.TextField(blank=True, verbose_name='why it was corrected')),
                ('corrected_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='corrected by')),
                ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='entered by')),
            ],
            options={
                'verbose_name': 'reference rate',
                'verbose_name_plural': 'reference rates',
                'ordering': ['starts_on'],
                'constraints': [models.CheckConstraint(condition=models.Q(('starts_on__day', 1), ('starts_on__month__in', [1, 7])), name='reference_rate_starts_a_half_year'), models.CheckConstraint(condition=models.Q(('rate_bp__gte', -1000), ('rate_bp__lte', 5000)), name='reference_rate_within_bounds'), models.CheckConstraint(condition=models.Q(('corrected_at__isnull', True), models.Q(models.Q(('correction_reason', ''), _negated=True), ('corrected_by__isnull', False)), _connector='OR'), name='reference_rate_correction_has_reason')],
            },
        ),
        refuse_changes("repayments_referencerate", operations=("DELETE",)),
        guard_rows(
            "repayments_referencerate",
            name="corrected_only",
            events=("UPDATE",),
            body=CORRECTED_ONLY,
        ),
    ]
