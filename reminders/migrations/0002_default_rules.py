"""The default reminder rules (see reminders/defaults.py), and the guards on the tables."""

from django.db import migrations

from core.migration_ops import refuse_changes
from reminders.defaults import create_default_rules


def create(apps, schema_editor):
    create_default_rules(
        apps.get_model("reminders", "ReminderRule"), using=schema_editor.connection.alias
    )


class Migration(migrations.Migration):
    dependencies = [("reminders", "0001_initial")]

    operations = [
        migrations.RunPython(create, migrations.RunPython.noop),
        refuse_changes("reminders_reminderrule"),
        refuse_changes("reminders_reminder", operations=("UPDATE", "DELETE")),
        refuse_changes("reminders_announcement", operations=("UPDATE", "DELETE")),
        refuse_changes("reminders_agencystepdone", operations=("UPDATE", "DELETE")),
    ]
