"""A region's file joins its submission only while the submission is open: PostgreSQL refuses
a file for a requisition once it is sent, for a report once it is sent, and for an answer
when no completion request waits (attachments/cases.py checks first, with a message).
SQLite (local development only) relies on the service alone."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION statsbidrag_case_file_while_open() RETURNS trigger AS $$
BEGIN
    IF NEW.part = 'requisition' AND EXISTS (
        SELECT 1 FROM requisitions_requisition r
        WHERE r.case_id = NEW.case_id AND r.status IN ('received', 'approved', 'paid')
    ) THEN
        RAISE EXCEPTION 'statsbidrag: the requisition is sent; no file joins it'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.part = 'report' AND EXISTS (
        SELECT 1 FROM reports_report r WHERE r.case_id = NEW.case_id AND r.status <> 'draft'
    ) THEN
        RAISE EXCEPTION 'statsbidrag: the report is sent; no file joins it'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.part = 'completion_answer' AND NOT EXISTS (
        SELECT 1 FROM reports_report r
        WHERE r.case_id = NEW.case_id AND r.status = 'completion_requested'
    ) THEN
        RAISE EXCEPTION 'statsbidrag: no completion request waits for an answer'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER attachments_caseattachment_while_open
    BEFORE INSERT ON attachments_caseattachment
    FOR EACH ROW EXECUTE FUNCTION statsbidrag_case_file_while_open();
"""

REVERSE = """
DROP TRIGGER IF EXISTS attachments_caseattachment_while_open ON attachments_caseattachment;
DROP FUNCTION IF EXISTS statsbidrag_case_file_while_open();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


class Migration(migrations.Migration):
    dependencies = [
        ("attachments", "0004_case_files_and_scans_are_immutable"),
        ("requisitions", "0004_payment_file_anchor"),
        ("reports", "0003_report_period"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
