import pytest

from repayments.models import Claim, ClaimKind
from reports.services import PurposeData, ReportData, report_approve, report_submit

UNUSED = 80_081_200  # öre, Stockholm reports 115 000 000 kr used of 115 800 812 kr


@pytest.fixture
def reported_case(paid_case, region_submitter):
    """Stockholm has reported 800 812 kr not used (a claim of that amount, due 2026-03-31)."""
    data = ReportData(
        amount_used=11_500_000_000,
        bookkeeping="Eget projektnummer.",
        certifier_name="Eva",
        certifier_title="Ekonomichef",
        certified=True,
        target_groups=("adults",),
        gender_equality="x",
        child_rights="x",
        disability="x",
        purposes={"stepped_care": PurposeData(amount=None, description="Stegvis vård.")},
    )
    report_submit(case=paid_case, data=data, version=0, actor=region_submitter)
    return paid_case


@pytest.fixture
def approved_case(reported_case, officer):
    report_approve(report=reported_case.report, actor=officer)
    return reported_case


@pytest.fixture
def reported_claim(reported_case) -> Claim:
    return Claim.objects.get(case=reported_case, kind=ClaimKind.REPORTED)
