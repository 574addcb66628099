

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0006_audit_keys_and_records'),
        ('requisitions', '0003_guard_received_and_paid'),
    ]

    operations = [
        migrations.AddField(
            model_name='paymentfile',
            name='audit_event_id',
            field=models.PositiveBigIntegerField(null=True, verbose_name='audit trail: newest event'),
        ),
        migrations.AddField(
            model_name='paymentfile',
            name='audit_hash',
            field=models.CharField(blank=True, max_length=64, verbose_name='audit trail: its hash'),
        ),
        migrations.AddField(
            model_name='paymentfile',
            name='list_document',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='records.document', verbose_name='payment list'),
        ),
    ]
