"""The officers' inbox in the demo a year on: the agency's own steps it has done do not wait
as overdue, and what is really late (the regions' repayments, Dalarna's recovery claim)
does (issue 15)."""

import re

import pytest

from accounts.models import User
from grants.models import Deadline, DeadlineKind

pytestmark = pytest.mark.django_db

OFFICER = "handlaggare@socialstyrelsen.test"


def counts(page: str) -> dict[str, str]:
    """The inbox's summary: each section's title and its count as printed ("Title: 3")."""
    rows = (re.sub(r"<[^>]+>", "", row) for row in re.findall(r"<li>(.*?)</li>", page, re.S))
    return dict(
        match.groups() for row in rows if (match := re.fullmatch(r"\s*(.+?):\s*(\d+)\s*", row))
    )


def test_the_agency_steps_done_in_the_demo_are_not_shown_as_waiting(client, demo):
    client.force_login(User.objects.get(email=OFFICER))
    page = client.get("/handlaggare/inkorg/").content.decode()
    summary = counts(page)
    assert summary["Socialstyrelsens egna tidsfrister"] == "0"
    assert summary["Försenade återkrav"] == "1"
    assert "Återkravet är försenat" in page
    # Each of the grant's agency steps is on record as done, on the day it was done.
    done = {
        d.kind: d.agency_done.done_on.isoformat()
        for d in Deadline.objects.filter(grant__year=2025).select_related("agency_done")
        if hasattr(d, "agency_done")
    }
    assert done == {
        DeadlineKind.AGENCY_REQUISITION: "2025-05-28",
        DeadlineKind.AGENCY_REPAYMENT: "2026-05-29",
        DeadlineKind.MINISTRY_REPORT: "2026-06-24",
    }
