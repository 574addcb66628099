"""The default reminder rules: 30, 14, 7 and 1 days before a deadline and on the day, and 1
and 7 days after a missed one. Regions for their own deadlines; officers (in the daily
digest) for the agency's. Officers change them on the reminders page (or in the admin site)."""

from typing import Any

REGION_KINDS = ["requisition", "report", "repayment", "recovery_claim"]
AGENCY_KINDS = ["agency_requisition", "agency_repayment", "ministry_report"]
BEFORE = [30, 14, 7, 1, 0]
AFTER = [1, 7]


def create_default_rules(rule_model: Any, *, using: str = "default") -> None:
    for kinds, audience in ((REGION_KINDS, "regions"), (AGENCY_KINDS, "officers")):
        for kind in kinds:
            for days in BEFORE:
                rule_model.objects.using(using).get_or_create(
                    kind=kind, direction="before", days=days, audience=audience
                )
            for days in AFTER:
                rule_model.objects.using(using).get_or_create(
                    kind=kind, direction="after", days=days, audience=audience
                )
