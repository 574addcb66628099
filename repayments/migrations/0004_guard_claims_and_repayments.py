"""PostgreSQL holds what the services do to claims and repayments:

- a claim never changes, except its amount, which is always what it asked when made plus
  its adjustments (checked on every write of the claim, and at commit after an adjustment);
- an adjustment is never changed, deleted or emptied;
- a booked or returned repayment never changes; a flagged one may be booked (to a claim,
  for at most what came in: the rest is returned as a row of its own) or returned, and what
  came in, when and from whom never changes.
"""

from django.db import migrations

from core.migration_ops import changed, guard_rows, refuse, refuse_changes

CLAIM_FIXED = (
    "id",
    "case_id",
    "kind",
    "ground",
    "initial_amount",
    "due_date",
    "ocr",
    "reason",
    "created_at",
    "decided_by_id",
    "document_id",
)

ADJUSTED_TOTAL = """(
    SELECT COALESCE(SUM(a.amount), 0) FROM repayments_claimadjustment a WHERE a.claim_id = {claim}
)"""

CLAIM = f"""
IF TG_OP = 'INSERT' THEN
    IF NEW.amount <> NEW.initial_amount THEN
        {refuse("a new claim asks what it was made for")}
    END IF;
    RETURN NEW;
END IF;
IF {changed(CLAIM_FIXED)} THEN
    {refuse("a claim never changes; a correction is an adjustment with its cause")}
END IF;
IF NEW.amount <> NEW.initial_amount + {ADJUSTED_TOTAL.format(claim="NEW.id")} THEN
    {refuse("a claim asks what it was made for plus its recorded adjustments")}
END IF;
RETURN NEW;
"""

# At commit: the claim an adjustment belongs to asks exactly its initial amount plus them.
CLAIM_ADDS_UP = """EXISTS (
    SELECT FROM repayments_claim c WHERE c.id = NEW.claim_id
    AND c.amount = c.initial_amount + (
        SELECT COALESCE(SUM(a.amount), 0) FROM repayments_claimadjustment a WHERE a.claim_id = c.id
    )
)"""
ADJUSTMENT = f"""
IF NOT {CLAIM_ADDS_UP} THEN
    {refuse("the claim does not ask its initial amount plus its adjustments")}
END IF;
RETURN NEW;
"""

RECEIVED = ("id", "received_on", "reference", "payer", "bank_transaction_id", "registered_at", "registered_by_id")

REPAYMENT = f"""
IF OLD.status <> 'flagged' THEN
    IF {changed(RECEIVED + ("claim_id", "amount", "status", "flag_reason", "handling_note"))} THEN
        {refuse("a booked or returned repayment never changes; a correction is a new row")}
    END IF;
    RETURN NEW;
END IF;
IF {changed(RECEIVED)} THEN
    {refuse("what came in, when and from whom never changes")}
END IF;
IF NEW.amount > OLD.amount OR (NEW.amount <> OLD.amount AND NEW.status <> 'booked') THEN
    {refuse("a flagged repayment is booked for at most what came in, the rest returned")}
END IF;
RETURN NEW;
"""


class Migration(migrations.Migration):
    dependencies = [("repayments", "0003_claim_adjustments")]

    operations = [
        refuse_changes("repayments_claimadjustment", operations=("UPDATE", "DELETE")),
        guard_rows("repayments_claim", name="amount_adjusted", events=("INSERT", "UPDATE"), body=CLAIM),
        guard_rows(
            "repayments_claimadjustment",
            name="claim_adds_up",
            events=("INSERT",),
            body=ADJUSTMENT,
            deferred=True,
        ),
        guard_rows("repayments_repayment", name="booked_once", events=("UPDATE",), body=REPAYMENT),
    ]
