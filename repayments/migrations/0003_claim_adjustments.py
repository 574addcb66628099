
import core.clock
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0006_allocationtable_frozen'),
        ('records', '0005_document_kind_guidance'),
        ('repayments', '0002_refuse_changes'),
        ('reports', '0002_refuse_changes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ClaimAdjustment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.BigIntegerField(verbose_name='change (öre)')),
                ('cause', models.CharField(choices=[('report', "The region's report states another amount not used")], max_length=20, verbose_name='cause')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('created_at', models.DateTimeField(default=core.clock.now, verbose_name='made')),
            ],
            options={
                'verbose_name': 'claim adjustment',
                'verbose_name_plural': 'claim adjustments',
                'ordering': ['claim', 'created_at', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='claim',
            name='initial_amount',
            field=models.BigIntegerField(default=0, verbose_name='amount when made (öre)'),
            preserve_default=False,
        ),
        # What every existing claim asks now is what it asked when made: no change was recorded.
        migrations.RunSQL(
            "UPDATE repayments_claim SET initial_amount = amount", migrations.RunSQL.noop
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('initial_amount__gte', 0)), name='claim_initial_amount_not_negative'),
        ),
        migrations.AddField(
            model_name='claimadjustment',
            name='claim',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='adjustments', to='repayments.claim', verbose_name='claim'),
        ),
        migrations.AddField(
            model_name='claimadjustment',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='made by'),
        ),
        migrations.AddField(
            model_name='claimadjustment',
            name='report_version',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='reports.reportversion', verbose_name='report version'),
        ),
        migrations.AddConstraint(
            model_name='claimadjustment',
            constraint=models.CheckConstraint(condition=models.Q(('amount', 0), _negated=True), name='claim_adjustment_not_zero'),
        ),
        migrations.AddConstraint(
            model_name='claimadjustment',
            constraint=models.CheckConstraint(condition=models.Q(('cause__in', ['report'])), name='claim_adjustment_cause_valid'),
        ),
        migrations.AddConstraint(
            model_name='claimadjustment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('cause', 'report'), _negated=True), ('report_version__isnull', False), _connector='OR'), name='claim_adjustment_report_names_version'),
        ),
    ]
