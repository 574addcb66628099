"""The period a report covers (issue 14).

A working copy already saved covers the grant's period of use until the region changes it.
A version received before this change keeps no period (PostgreSQL refuses any change to a
received version, and the region stated none); every version received since states one,
and PostgreSQL refuses a version whose period lies outside the grant's period of use.
"""

from django.conf import settings
from django.db import migrations, models

from core.migration_ops import guard_rows, refuse


def grant_period(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    using = schema_editor.connection.alias
    reports = Report.objects.using(using).select_related("case__grant")
    for report in reports.filter(period_from__isnull=True):
        report.period_from = report.case.grant.use_from
        report.period_to = report.case.grant.use_to
        report.save(update_fields=["period_from", "period_to"], using=using)


WITHIN_PERIOD_OF_USE = f"""
IF NEW.period_from IS NOT NULL AND NOT EXISTS (
    SELECT FROM reports_report r
    JOIN grants_case c ON c.id = r.case_id
    JOIN grants_grant g ON g.id = c.grant_id
    WHERE r.id = NEW.report_id AND NEW.period_from >= g.use_from AND NEW.period_to <= g.use_to
) THEN
    {refuse("the period a report covers lies within the grant period of use")}
END IF;
RETURN NEW;
"""  # noqa: S608 - our own SQL, no input in it  # nosec B608


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0007_grant_period_of_use'),
        ('records', '0006_audit_keys_and_records'),
        ('reports', '0002_refuse_changes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='report',
            name='period_from',
            field=models.DateField(blank=True, null=True, verbose_name='period covered, from'),
        ),
        migrations.AddField(
            model_name='report',
            name='period_to',
            field=models.DateField(blank=True, null=True, verbose_name='period covered, to'),
        ),
        migrations.AddField(
            model_name='reportversion',
            name='period_from',
            field=models.DateField(blank=True, null=True, verbose_name='period covered, from'),
        ),
        migrations.AddField(
            model_name='reportversion',
            name='period_to',
            field=models.DateField(blank=True, null=True, verbose_name='period covered, to'),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.CheckConstraint(condition=models.Q(('period_from__isnull', True), ('period_to__isnull', True), ('period_from__lte', models.F('period_to')), _connector='OR'), name='report_period_in_order'),
        ),
        migrations.AddConstraint(
            model_name='reportversion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('period_from__isnull', True), ('period_to__isnull', True)), models.Q(('period_from__isnull', False), ('period_from__lte', models.F('period_to')), ('period_to__isnull', False)), _connector='OR'), name='report_version_period_in_order'),
        ),
        guard_rows(
            "reports_reportversion",
            name="period_within_use",
            events=("INSERT",),
            body=WITHIN_PERIOD_OF_USE,
        ),
        migrations.RunPython(grant_period, migrations.RunPython.noop, elidable=False),
    ]
