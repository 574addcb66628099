"""The region's report page reads its case, grant, decision, deadline, what was received, the
report and its versions in one query: the same things the separate reads give."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.models import Case
from repayments.services import disbursed_amount
from reports import selectors, services

from .helpers import report_post

pytestmark = pytest.mark.django_db
URL = "/region/01/bidrag/2025/redovisning/"


def assert_same_as_the_separate_reads(page, case):
    assert page.case.pk == case.pk
    assert page.case.grant.use_period_text == case.grant.use_period_text
    assert page.case.grant.decision.diarienummer == case.grant.decision.diarienummer
    deadline = services.report_deadline(case)
    if deadline is None:
        assert page.deadline is None
    else:
        assert (page.deadline.pk, page.deadline.effective_date) == (
            deadline.pk,
            deadline.effective_date,
        )
    assert page.received == disbursed_amount(case)
    report = selectors.report_for_form(case)
    if report is None:
        assert page.report is None
        assert page.versions == []
    else:
        for name in ("pk", "version", "status", "amount_used", "amount_unused", "approved_at"):
            assert getattr(page.report, name) == getattr(report, name), name
        assert page.versions == [selectors.VersionLine.of(v) for v in report.versions.all()]


def test_nothing_paid_nothing_reported(grant_2025, uppsala):
    case = Case.objects.get(grant=grant_2025, region=uppsala)
    with CaptureQueriesContext(connection) as queries:
        page = selectors.report_form_page(2025, uppsala.pk)
    assert len(queries) == 1
    assert page.received == 0
    assert_same_as_the_separate_reads(page, case)


def test_paid_then_reported_twice(client, paid_case, region_submitter, stockholm):
    assert_same_as_the_separate_reads(selectors.report_form_page(2025, stockholm.pk), paid_case)
    client.force_login(region_submitter)
    assert client.post(URL, report_post(action="draft")).status_code == 302
    assert_same_as_the_separate_reads(selectors.report_form_page(2025, stockholm.pk), paid_case)
    assert client.post(URL, report_post(version="1")).status_code == 302
    page = selectors.report_form_page(2025, stockholm.pk)
    assert [v.number for v in page.versions] == [1]
    assert page.versions[0].submitter == region_submitter.get_full_name()
    assert_same_as_the_separate_reads(page, paid_case)
    assert "Version 1, inkom" in client.get(URL).content.decode()


def test_no_decided_grant_that_year_is_not_found(client, paid_case, region_submitter):
    client.force_login(region_submitter)
    assert client.get("/region/01/bidrag/2031/redovisning/").status_code == 404
