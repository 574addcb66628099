"""The region's requisition form reads its case, grant, decision, deadline, allocation and the
saved draft (with who saved it) in one query: the same things the separate reads give."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requisitions import selectors, services
from requisitions.models import RequisitionStatus

from .conftest import STOCKHOLM_ALLOCATION, valid_data

pytestmark = pytest.mark.django_db


def assert_same_as_the_separate_reads(page, case):
    assert page.case.pk == case.pk
    assert page.case.grant.year == case.grant.year
    assert page.case.grant.decision.diarienummer == case.grant.decision.diarienummer
    deadline = services.requisition_deadline(case)
    assert (page.deadline.pk, page.deadline.effective_date) == (
        deadline.pk,
        deadline.effective_date,
    )
    assert page.allocation == services.allocation_amount_for(case) == STOCKHOLM_ALLOCATION
    current = selectors.active_requisition_for_form(case)
    if current is None:
        assert page.current is None
    else:
        for name in ("pk", "version", "status", "amount", "region_reference", "updated_at"):
            assert getattr(page.current, name) == getattr(current, name), name
        assert page.current.updated_by.get_full_name() == current.updated_by.get_full_name()


def test_without_a_requisition(case, before_deadline):
    with CaptureQueriesContext(connection) as queries:
        page = selectors.requisition_form_page(2025, case.region_id)
    assert len(queries) == 1
    assert_same_as_the_separate_reads(page, case)


def test_with_a_draft_saved_by_two_people(case, before_deadline, preparer, submitter):
    draft = services.requisition_save_draft(
        case=case, data=valid_data(region_reference="RS 1"), version=0, actor=preparer
    )
    assert_same_as_the_separate_reads(selectors.requisition_form_page(2025, case.region_id), case)
    services.requisition_save_draft(
        case=case, data=valid_data(region_reference="RS 2"), version=draft.version, actor=submitter
    )
    page = selectors.requisition_form_page(2025, case.region_id)
    assert page.current.region_reference == "RS 2"
    assert page.current.status == RequisitionStatus.DRAFT
    assert page.current.updated_by.get_full_name() == "Sara Representant"
    assert_same_as_the_separate_reads(page, case)


def test_the_form_shows_the_draft_and_who_saved_it(client, case, before_deadline, preparer):
    services.requisition_save_draft(
        case=case, data=valid_data(region_reference="RS 2025/9"), version=0, actor=preparer
    )
    client.force_login(preparer)
    page = client.get("/region/01/bidrag/2025/rekvisition/").content.decode()
    assert 'value="RS 2025/9"' in page
    assert "av Per Uppgift" in page


def test_no_decided_grant_that_year_is_not_found(client, case, before_deadline, preparer):
    client.force_login(preparer)
    assert client.get("/region/01/bidrag/2031/rekvisition/").status_code == 404
