"""The officers' inbox (portal/inbox.py) on the demo's history, on 2026-11-23: what waits,
with its counts and links, and the cases the demo assigned (logged) under "mine"."""

import pytest

from accounts.models import User
from grants.models import Deadline, DeadlineKind
from ombud.models import OmbudApplication
from records.models import AuditAction, AuditEvent
from repayments.models import Repayment, RepaymentStatus

pytestmark = pytest.mark.django_db

HANNA = "handlaggare@socialstyrelsen.test"
OLLE = "handlaggare2@socialstyrelsen.test"


def test_the_inbox_shows_what_waits_with_counts_and_links(demo, client):
    client.force_login(User.objects.get(email=HANNA))
    page = client.get("/handlaggare/inkorg/").content.decode()
    # Västerbotten's report waits for review; two bank lines need handling.
    assert "Redovisningar och kompletteringar att granska (1)" in page
    assert 'href="/handlaggare/bidrag/2025/region/24/redovisning/">Granska redovisningen' in page
    assert "Bankrader som behöver hanteras (2)" in page
    for flagged in Repayment.objects.filter(status=RepaymentStatus.FLAGGED):
        assert f'href="/handlaggare/aterbetalningar/{flagged.pk}/"' in page
    # Four regions have not repaid what they reported unused by 2026-03-31; Dalarna has not
    # paid its recovery claim. Norrbotten still owes 645 937 kr after its late report.
    assert "Försenade återbetalningar (4)" in page
    assert "645\xa0937\xa0kr" in page
    assert "Försenade återkrav (1)" in page
    assert 'href="/handlaggare/bidrag/2025/region/20/"' in page
    assert "Försenad</strong>" in page
    # The agency's own steps are done (tests/portal/test_inbox.py shows them waiting): none
    # shows as overdue a year on. Each is on record as done, on the day it was done.
    assert "Socialstyrelsens egna tidsfrister: 0" in page
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
    # Stockholm's representative has applied to become its ombud (demo/ombud.py).
    pending = OmbudApplication.objects.get(status="submitted")
    assert "Ombudsansökningar att besluta (1)" in page
    assert f'href="/handlaggare/ombudsansokningar/{pending.pk}/"' in page
    # Stockholm's last message, with its voucher, is unread (demo/conversations.py).
    assert "Olästa meddelanden från regionerna (1)" in page
    assert 'href="/handlaggare/bidrag/2025/region/01/meddelanden/">1 oläst meddelande' in page
    # Nothing waits to be decided or released.
    assert "Rekvisitioner att besluta om: 0" in page
    assert "Utbetalningar som väntar på att verkställas: 0" in page


def test_mine_shows_the_cases_the_demo_assigned(demo, client):
    assigned = AuditEvent.objects.filter(action=AuditAction.CASE_ASSIGNED)
    assert sorted(e.region.county_code for e in assigned) == ["07", "14", "25"]

    client.force_login(User.objects.get(email=HANNA))
    mine = client.get("/handlaggare/inkorg/mina/").content.decode()
    assert "Försenade återbetalningar (1)" in mine
    assert 'href="/handlaggare/bidrag/2025/region/25/"' in mine
    assert "region/22/" not in mine
    assert "Socialstyrelsens egna tidsfrister: 0" in mine
    # The ombud application belongs to no case: it shows under "mine" as under "all".
    assert "Ombudsansökningar att besluta (1)" in mine
    # Stockholm's unread message (demo/conversations.py) is in "all": its case is nobody's.
    assert "Olästa meddelanden från regionerna: 0" in mine
    assert "Alla (10)" in mine

    client.force_login(User.objects.get(email=OLLE))
    mine = client.get("/handlaggare/inkorg/mina/").content.decode()
    assert "Försenade återbetalningar: 0" in mine
