import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts import permissions
from accounts.models import RegionMembership, RegionRole, User
from demo.history import ADMINISTRATION_COSTS
from demo.management.commands.demo import DEMO_PASSWORD
from grants.models import Deadline, DeadlineKind, Grant
from records.services import audit_chain_first_break
from regions.models import Region
from reporting.kammarkollegiet import economic_report
from reporting.models import (
    AdministrationCost,
    AgencyRepayment,
    AgencyRequisition,
    MinistryReport,
)
from requisitions.models import Disbursement, Requisition, RequisitionStatus
from requisitions.selectors import account_check

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_demo_loads_the_2025_grant_and_users_and_can_run_twice(capsys):
    call_command("demo")
    call_command("demo")

    grant = Grant.objects.get(year=2025)
    assert grant.decision.diarienummer_is_example
    assert Deadline.objects.filter(grant=grant, kind=DeadlineKind.REPORT).count() == 1
    officer = User.objects.get(email="handlaggare@socialstyrelsen.test")
    assert permissions.is_officer(officer)
    assert officer.check_password(DEMO_PASSWORD)
    assert permissions.is_auditor(User.objects.get(email="revisor@socialstyrelsen.test"))
    assert RegionMembership.objects.filter(role="admin").count() == 21
    assert RegionMembership.objects.filter(role="submitter").count() == 21
    assert RegionMembership.objects.filter(role="preparer").count() == 21
    assert User.objects.count() == 3 + 3 * 21
    # The 2025 history: most paid, one refused after a late arrival, one late exception.
    paid = Requisition.objects.filter(case__grant=grant, status=RequisitionStatus.PAID)
    assert paid.count() == 20
    refused = Requisition.objects.filter(case__grant=grant, status=RequisitionStatus.REFUSED)
    assert sorted(refused.values_list("case__region__county_code", flat=True)) == ["07", "10"]
    assert list(
        Requisition.objects.filter(is_late=True).values_list("case__region__county_code", "status")
    ) in (
        [("10", "refused"), ("23", "paid")],
        [("23", "paid"), ("10", "refused")],
    )
    assert Disbursement.objects.filter(payment_file__isnull=True).count() == 0
    # Kronoberg's refused requisition named another account than the one it was paid to:
    # the officer's checks mark it as changed (issue 15), not green.
    assert account_check(refused.get(case__region__county_code="07")).state == "changed"
    # The agency's own money and its assessment, recorded once however often the demo runs.
    assert AgencyRequisition.objects.filter(grant=grant).count() == 1
    costs = AdministrationCost.objects.filter(grant=grant)
    assert costs.filter(corrects__isnull=True).count() == len(ADMINISTRATION_COSTS)
    assert costs.filter(corrects__isnull=False).count() == 1  # one corrected
    assert AgencyRepayment.objects.get(grant=grant).amount == economic_report(grant).to_repay
    assert MinistryReport.objects.get(grant=grant).assessment.startswith("Exempeltext")
    assert audit_chain_first_break() is None
    output = capsys.readouterr().out
    assert DEMO_PASSWORD in output
    # In English, like every command, the roles' labels too.
    assert re.search(r"handlaggare@socialstyrelsen.test +officer\n", output)
    assert re.search(r"revisor@socialstyrelsen.test +auditor\n", output)
    codes = list(Region.objects.order_by("county_code").values_list("county_code", flat=True))
    assert f"county codes: {' '.join(codes)}\n" in output
    # The README names exactly the demo's region users: every county code it lists has its
    # three users, and it lists every region's code.
    readme = " ".join((ROOT / "README.md").read_text().split())
    listed = re.search(r"NN is one of the 21 regions' county codes: ([\d ]+) \(", readme)
    assert listed is not None
    assert listed.group(1).split() == codes
    for code in codes:
        for prefix, role in (
            ("ombud", RegionRole.ADMIN),
            ("representant", RegionRole.SUBMITTER),
            ("uppgift", RegionRole.PREPARER),
        ):
            membership = RegionMembership.objects.get(user__email=f"{prefix}-{code}@regioner.test")
            assert (membership.region.county_code, membership.role) == (code, role)


@pytest.mark.django_db
def test_demo_refuses_where_demo_data_is_not_allowed(settings):
    settings.DEMO_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_staff_log_in_with_the_printed_second_factor(client, capsys):
    import re

    call_command("demo")
    output = capsys.readouterr().out
    assert "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" in output
    call_command("demo_code")
    code = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d{6}", code)
    response = client.post(
        "/konto/logga-in/",
        {"username": "handlaggare@socialstyrelsen.test", "password": DEMO_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith("/konto/tvafaktor/")
    response = client.post("/konto/tvafaktor/", {"code": code, "next": "/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/handlaggare/inkorg/"
