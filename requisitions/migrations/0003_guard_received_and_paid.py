"""PostgreSQL holds what the services do to a requisition and a payment:

- a requisition is created as a draft and changes freely while it is one; once received,
  its money, bank and certification fields never change, and its status moves only along
  received → decided → paid or received → refused (the refusal's fields with it). The
  contact person may still change (the region's right, DOMAIN.md).
- a disbursement never changes once written, except being placed in a payment file, once.
"""

from django.db import migrations

from core.migration_ops import changed, guard_rows, refuse

# Everything a received requisition holds that must never change again.
FROZEN_ONCE_RECEIVED = (
    "id",
    "case_id",
    "version",
    "allocation_amount",
    "amount",
    "account_type",
    "account_number",
    "organisation_number",
    "organisation_number_confirmed",
    "region_reference",
    "signatory_name",
    "signatory_title",
    "attested",
    "diarienummer",
    "created_at",
    "created_by_id",
    "submitted_at",
    "submitted_by_id",
    "is_late",
    "late_reason",
)
REFUSAL = ("refused_at", "refused_by_id", "refusal_reason")

REQUISITION = f"""
IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'draft' THEN
        {refuse("a requisition begins as a draft")}
    END IF;
    RETURN NEW;
END IF;
IF OLD.status = 'draft' THEN
    IF NEW.status NOT IN ('draft', 'received') THEN
        {refuse("a draft can only be received")}
    END IF;
    RETURN NEW;
END IF;
IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
    (OLD.status = 'received' AND NEW.status IN ('approved', 'refused'))
    OR (OLD.status = 'approved' AND NEW.status = 'paid')
) THEN
    {refuse("this change of status is not one a decision makes")}
END IF;
IF {changed(FROZEN_ONCE_RECEIVED)} THEN
    {refuse("a received requisition never changes its amount, account or certification")}
END IF;
IF ({changed(REFUSAL)}) AND NOT (OLD.status = 'received' AND NEW.status = 'refused') THEN
    {refuse("a refusal is recorded once, when the requisition is refused")}
END IF;
RETURN NEW;
"""

DISBURSEMENT_FIELDS = (
    "id",
    "payment_decision_id",
    "amount",
    "decided_by_id",
    "released_by_id",
    "released_at",
    "payment_date",
    "reference",
    "payee_name",
    "organisation_number",
    "account_type",
    "account_number",
)

DISBURSEMENT = f"""
IF TG_OP = 'INSERT' THEN
    IF NEW.payment_file_id IS NOT NULL THEN
        {refuse("a payment is put in a payment file after it is released")}
    END IF;
    RETURN NEW;
END IF;
IF {changed(DISBURSEMENT_FIELDS)} THEN
    {refuse("a released payment never changes")}
END IF;
IF NEW.payment_file_id IS DISTINCT FROM OLD.payment_file_id AND OLD.payment_file_id IS NOT NULL THEN
    {refuse("a payment is put in one payment file, once")}
END IF;
RETURN NEW;
"""


class Migration(migrations.Migration):
    dependencies = [("requisitions", "0002_refuse_deletes")]

    operations = [
        guard_rows(
            "requisitions_requisition",
            name="transitions",
            events=("INSERT", "UPDATE"),
            body=REQUISITION,
        ),
        guard_rows(
            "requisitions_disbursement",
            name="written_once",
            events=("INSERT", "UPDATE"),
            body=DISBURSEMENT,
        ),
    ]
