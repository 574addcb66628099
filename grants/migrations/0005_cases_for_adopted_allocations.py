"""Every region with an adopted allocation has a case in the grant."""

from django.db import migrations


def create_cases(apps, schema_editor):
    Allocation = apps.get_model("grants", "Allocation")
    Case = apps.get_model("grants", "Case")
    using = schema_editor.connection.alias
    for grant_id, region_id in Allocation.objects.using(using).filter(table__status="adopted").values_list(
        "table__grant_id", "region_id"
    ):
        Case.objects.using(using).get_or_create(grant_id=grant_id, region_id=region_id)


class Migration(migrations.Migration):
    dependencies = [("grants", "0004_case_refuse_deletes")]

    operations = [migrations.RunPython(create_cases, migrations.RunPython.noop)]
