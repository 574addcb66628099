"""The agency's repayment to Kammarkollegiet, and correcting entries for its requisitions and
administration costs.

PostgreSQL holds: a repayment is never changed or deleted (as the requisitions and costs
already are); a correction names a recorded entry (not another correction) of the same
grant and never takes it below zero; and, with the grant's row locked so two officers
recording at once are counted one after the other, the requisitions never add up to more
than the decision's total nor the costs to more than its administration amount.
"""

import core.clock
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_ops import guard_rows, refuse, refuse_changes


def within_the_decision(table: str, limit: str, message: str) -> str:
    return f"""
IF NEW.corrects_id IS NOT NULL THEN
    IF NOT EXISTS (
        SELECT FROM {table} o
        WHERE o.id = NEW.corrects_id AND o.corrects_id IS NULL AND o.grant_id = NEW.grant_id
    ) THEN
        {refuse("a correction names a recorded entry of the same grant")}
    END IF;
    IF (
        SELECT SUM(e.amount) FROM {table} e
        WHERE e.id = NEW.corrects_id OR e.corrects_id = NEW.corrects_id
    ) + NEW.amount < 0 THEN
        {refuse("an entry is never corrected below zero")}
    END IF;
END IF;
PERFORM 1 FROM grants_grant WHERE id = NEW.grant_id FOR UPDATE;
IF (SELECT COALESCE(SUM(e.amount), 0) FROM {table} e WHERE e.grant_id = NEW.grant_id)
    + NEW.amount > (
        SELECT d.{limit} FROM grants_grant g JOIN grants_decision d ON d.id = g.decision_id
        WHERE g.id = NEW.grant_id
    ) THEN
    {refuse(message)}
END IF;
RETURN NEW;
"""  # noqa: S608 - our own SQL, no input in it  # nosec B608


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0006_allocationtable_frozen'),
        ('reporting', '0003_administration_cost_in_budget_year'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AgencyRepayment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('repaid_on', models.DateField(verbose_name='date')),
                ('amount', models.BigIntegerField(verbose_name='amount (öre)')),
                ('reference', models.CharField(max_length=100, verbose_name='reference')),
                ('created_at', models.DateTimeField(default=core.clock.now, verbose_name='registered')),
            ],
            options={
                'verbose_name': 'repayment to Kammarkollegiet',
                'verbose_name_plural': 'repayments to Kammarkollegiet',
                'ordering': ['grant', 'repaid_on', 'pk'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='administrationcost',
            name='administration_cost_amount_positive',
        ),
        migrations.RemoveConstraint(
            model_name='agencyrequisition',
            name='agency_requisition_amount_positive',
        ),
        migrations.AddField(
            model_name='administrationcost',
            name='corrects',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='reporting.administrationcost', verbose_name='corrects'),
        ),
        migrations.AddField(
            model_name='administrationcost',
            name='reason',
            field=models.CharField(blank=True, max_length=500, verbose_name='reason for the correction'),
        ),
        migrations.AddField(
            model_name='agencyrequisition',
            name='corrects',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='reporting.agencyrequisition', verbose_name='corrects'),
        ),
        migrations.AddField(
            model_name='agencyrequisition',
            name='reason',
            field=models.CharField(blank=True, max_length=500, verbose_name='reason for the correction'),
        ),
        migrations.AddConstraint(
            model_name='administrationcost',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('amount__gt', 0), ('corrects__isnull', True), ('reason', '')), models.Q(('corrects__isnull', False), models.Q(('amount', 0), _negated=True), models.Q(('reason', ''), _negated=True)), _connector='OR'), name='administration_cost_entry_or_correction'),
        ),
        migrations.AddConstraint(
            model_name='agencyrequisition',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('amount__gt', 0), ('corrects__isnull', True), ('reason', '')), models.Q(('corrects__isnull', False), models.Q(('amount', 0), _negated=True), models.Q(('reason', ''), _negated=True)), _connector='OR'), name='agency_requisition_entry_or_correction'),
        ),
        migrations.AddField(
            model_name='agencyrepayment',
            name='created_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registered by'),
        ),
        migrations.AddField(
            model_name='agencyrepayment',
            name='grant',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='agency_repayments', to='grants.grant', verbose_name='grant'),
        ),
        migrations.AddConstraint(
            model_name='agencyrepayment',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='agency_repayment_amount_positive'),
        ),
        migrations.AddConstraint(
            model_name='agencyrepayment',
            constraint=models.CheckConstraint(condition=models.Q(('reference', ''), _negated=True), name='agency_repayment_has_reference'),
        ),
        refuse_changes("reporting_agencyrepayment", operations=("UPDATE", "DELETE")),
        guard_rows(
            "reporting_agencyrequisition",
            name="within_the_decision",
            events=("INSERT",),
            body=within_the_decision(
                "reporting_agencyrequisition",
                "total_amount",
                "the requisitions would exceed the decision total",
            ),
        ),
        guard_rows(
            "reporting_administrationcost",
            name="within_the_decision",
            events=("INSERT",),
            body=within_the_decision(
                "reporting_administrationcost",
                "administration_amount",
                "the administration costs would exceed the amount for administration",
            ),
        ),
    ]
