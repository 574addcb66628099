"""Marking one of the agency's steps done: a tampered deadline field is a 404, not a 500."""

import pytest

from grants.models import Deadline, DeadlineKind
from reminders.models import AgencyStepDone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("deadline", ["abc", "\u00b2", "1.0", "-1", "9" * 40, ""])
def test_a_deadline_that_is_not_one_is_not_found(officer_client, grant_2025, deadline):
    response = officer_client.post(
        "/bidrag/2025/paminnelser/", {"deadline": deadline, "done_on": "2025-06-02"}
    )
    assert response.status_code == 404


def test_the_right_deadline_is_marked_done(officer_client, grant_2025):
    deadline = Deadline.objects.get(grant=grant_2025, kind=DeadlineKind.AGENCY_REQUISITION)
    response = officer_client.post(
        "/bidrag/2025/paminnelser/", {"deadline": str(deadline.pk), "done_on": "2025-06-02"}
    )
    assert response.status_code == 302
    assert AgencyStepDone.objects.filter(deadline=deadline).exists()
