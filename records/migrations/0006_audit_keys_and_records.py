

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0005_document_kind_guidance'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='key_id',
            field=models.CharField(blank=True, default='', max_length=40, verbose_name='key'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='records',
            field=models.JSONField(blank=True, default=dict, verbose_name='records written'),
        ),
    ]
