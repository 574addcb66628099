"""The grant's period of use (issue 14): every grant registered so far is for use during its
budget year, as the 2025 decision says ("under 2025")."""

import datetime

from django.db import migrations, models


def budget_year(apps, schema_editor):
    Grant = apps.get_model("grants", "Grant")
    using = schema_editor.connection.alias
    for grant in Grant.objects.using(using).all():
        grant.use_from = datetime.date(grant.year, 1, 1)
        grant.use_to = datetime.date(grant.year, 12, 31)
        grant.save(update_fields=["use_from", "use_to"], using=using)


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0006_allocationtable_frozen'),
        ('regions', '0005_populationimport_refuse_deletes'),
    ]

    operations = [
        migrations.AddField(
            model_name='grant',
            name='use_from',
            field=models.DateField(default=datetime.date(2000, 1, 1), help_text='The first day the money may be used.', verbose_name='period of use, first day'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='grant',
            name='use_to',
            field=models.DateField(default=datetime.date(2000, 1, 1), verbose_name='period of use, last day'),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name='grant',
            constraint=models.CheckConstraint(condition=models.Q(('use_from__lte', models.F('use_to'))), name='grant_period_of_use_in_order'),
        ),
        migrations.RunPython(budget_year, migrations.RunPython.noop, elidable=False),
    ]
