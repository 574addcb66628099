"""Officers add and change reminder rules from the reminders page, each change audited."""

import pytest

from records.models import AuditEvent
from reminders.models import ReminderRule

pytestmark = pytest.mark.django_db

LOG = "/bidrag/2025/paminnelser/"


def test_an_officer_changes_a_rule_from_the_reminders_page(officer_client, grant_2025):
    rule = ReminderRule.objects.get(kind="report", direction="before", days=30, audience="regions")
    page = officer_client.get(LOG).content.decode()
    assert "Påminnelseregler" in page
    assert f'href="/bidrag/2025/paminnelser/regler/{rule.pk}/"' in page

    response = officer_client.post(
        f"/bidrag/2025/paminnelser/regler/{rule.pk}/",
        {"kind": "report", "direction": "before", "days": "21", "audience": "regions"},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.days, rule.is_active) == (21, False)
    event = AuditEvent.objects.get(action="reminder_rule.changed")
    assert event.data["before"]["days"] == 30
    assert event.data["after"]["days"] == 21


def test_a_rule_that_exists_or_comes_on_the_day_after_is_refused_at_the_field(
    officer_client, grant_2025
):
    taken = {"kind": "report", "direction": "before", "days": "7", "audience": "regions"}
    page = officer_client.post("/bidrag/2025/paminnelser/regler/ny/", taken)
    assert page.status_code == 200
    assert "Det finns redan en regel för den här tidsfristen" in page.content.decode()
    after_zero = {**taken, "direction": "after", "days": "0"}
    page = officer_client.post("/bidrag/2025/paminnelser/regler/ny/", after_zero)
    assert "minst en dag efter" in page.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="reminder_rule").exists()


def test_an_auditor_sees_the_rules_but_cannot_change_them(client, auditor, grant_2025):
    client.force_login(auditor)
    page = client.get(LOG).content.decode()
    assert "Påminnelseregler" in page
    assert "/paminnelser/regler/" not in page
    assert client.get("/bidrag/2025/paminnelser/regler/ny/").status_code == 403
