"""Messages, the files sent with them and the read markers are records: never changed or
deleted (docs/messages.md)."""

from django.db import migrations

from core.migration_ops import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_initial")]

    operations = [
        refuse_changes("conversations_message", operations=("UPDATE", "DELETE")),
        refuse_changes("conversations_messageattachment", operations=("UPDATE", "DELETE")),
        refuse_changes("conversations_messageread", operations=("UPDATE", "DELETE")),
    ]
