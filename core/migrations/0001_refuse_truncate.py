"""TRUNCATE empties a table without firing the row triggers that refuse DELETE: refuse it on
every table whose rows may never be deleted. (Tables protected later get it from
``refuse_changes`` itself.)"""

from django.db import migrations

from core.migration_ops import refuse_truncate

PROTECTED = (
    "accounts_regionmembership",
    "grants_allocation",
    "grants_allocationtable",
    "grants_case",
    "grants_deadline",
    "grants_decision",
    "grants_grant",
    "grants_publishedallocation",
    "notifications_email",
    "records_auditevent",
    "records_document",
    "regions_populationdataset",
    "regions_populationfigure",
    "regions_populationimport",
    "regions_region",
    "reminders_agencystepdone",
    "reminders_announcement",
    "reminders_reminder",
    "reminders_reminderrule",
    "repayments_bankimport",
    "repayments_banktransaction",
    "repayments_claim",
    "repayments_repayment",
    "reporting_administrationcost",
    "reporting_agencyrequisition",
    "reporting_ministryreport",
    "reports_completionrequest",
    "reports_report",
    "reports_reportversion",
    "requisitions_disbursement",
    "requisitions_paymentdecision",
    "requisitions_paymentfile",
    "requisitions_requisition",
)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_login_attempts"),
        ("grants", "0006_allocationtable_frozen"),
        ("notifications", "0003_lazy_rendering"),
        ("records", "0005_document_kind_guidance"),
        ("regions", "0005_populationimport_refuse_deletes"),
        ("reminders", "0002_default_rules"),
        ("repayments", "0004_guard_claims_and_repayments"),
        ("reporting", "0002_refuse_changes"),
        ("reports", "0002_refuse_changes"),
        ("requisitions", "0003_guard_received_and_paid"),
    ]

    operations = [refuse_truncate(*PROTECTED)]
