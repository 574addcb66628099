"""The overview's number of SQL queries does not grow with the number of regions or grants,
nor do the other main pages' (the region's start page and its grants, the inbox, the
officers' queue, the auditor's list).

A region's county code is two digits and unique, so 210 regions cannot exist. The test
compares 21 regions in 1 grant with as many regions as two-digit codes allow (99: the 21
plus 02, 11, 15, 16 and 26–99) in each of 10 grants, i.e. 990 region-grant cases; every
case has a full history (requisition, payment decision, disbursement, report with a
version, purpose and completion request, claim and repayment), written straight to the
database here for speed.
"""

import dataclasses
import datetime as dt
import hashlib

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.data import walk_requisitions
from grants.models import Allocation, AllocationTableStatus, Case
from grants.services import decision_load
from records.models import Document, DocumentKind
from regions.models import Region
from repayments.models import Claim, ClaimGround, ClaimKind, Repayment, RepaymentStatus
from reporting.kammarkollegiet import economic_report
from reporting.ministry import ministry_report_data
from reporting.overview import grant_overview
from reporting.progress import grant_progress
from reports.models import (
    CompletionRequest,
    Report,
    ReportPurpose,
    ReportStatus,
    ReportVersion,
)
from requisitions.models import Disbursement, PaymentDecision, Requisition, RequisitionStatus
from tests import factories

pytestmark = pytest.mark.django_db

EXTRA_CODES = ["02", "11", "15", "16", *[f"{n:02d}" for n in range(26, 100)]]
AT = dt.datetime(2025, 11, 3, 10, tzinfo=dt.UTC)


def _history(cases: list[Case], officer, releaser, region_user) -> None:
    """A full history for each case, written directly (the services are tested elsewhere)."""
    n = len(cases)
    documents = Document.objects.bulk_create(
        Document(
            kind=DocumentKind.PAYMENT_DECISION,
            title="x",
            filename="x.pdf",
            content=b"%PDF-1.4",
            sha256=hashlib.sha256(b"%PDF-1.4").hexdigest(),
            grant_id=case.grant_id,
            region_id=case.region_id,
        )
        for case in cases + cases
    )
    requisitions = Requisition.objects.bulk_create(
        Requisition(
            case=case,
            status=RequisitionStatus.DRAFT,
            allocation_amount=100_000,
            amount=100_000,
            account_type="bankgiro",
            account_number="5050-1055",
            organisation_number="232100-0016",
            organisation_number_confirmed=True,
            contact_email="a@example.test",
            signatory_name="S",
            attested=True,
            diarienummer="S2025/01234",
            created_by=region_user,
            updated_by=region_user,
            submitted_at=AT,
            submitted_by=region_user,
        )
        for case in cases
    )
    walk_requisitions([r.pk for r in requisitions], to=RequisitionStatus.PAID)
    decisions = PaymentDecision.objects.bulk_create(
        PaymentDecision(
            requisition=r, amount=100_000, decided_by=officer, document=d, decided_at=AT
        )
        for r, d in zip(requisitions, documents[:n], strict=True)
    )
    Disbursement.objects.bulk_create(
        Disbursement(
            payment_decision=p,
            amount=100_000,
            decided_by=officer,
            released_by=releaser,
            released_at=AT,
            payment_date=AT.date(),
            reference="ref",
            payee_name="Region",
            organisation_number="232100-0016",
            account_type="bankgiro",
            account_number="5050-1055",
        )
        for p in decisions
    )
    reports = Report.objects.bulk_create(
        Report(
            case=case,
            status=ReportStatus.APPROVED,
            amount_received=100_000,
            amount_used=90_000,
            created_by=region_user,
            updated_by=region_user,
            submitted_at=AT,
            approved_at=AT,
            approved_by=officer,
        )
        for case in cases
    )
    content = {
        "purposes": [{"purpose": "stepped_care", "amount": 90_000, "description": "Text."}],
        "target_groups": ["adults"],
        "gender_equality": "Text.",
        "child_rights": "",
        "disability": "Text.",
    }
    versions = ReportVersion.objects.bulk_create(
        ReportVersion(
            report=report,
            number=1,
            submitted_at=AT,
            submitted_by=region_user,
            amount_received=100_000,
            amount_used=90_000,
            amount_unused=10_000,
            content=content,
        )
        for report in reports
    )
    ReportPurpose.objects.bulk_create(
        ReportPurpose(report=report, purpose="stepped_care", amount=90_000) for report in reports
    )
    CompletionRequest.objects.bulk_create(
        CompletionRequest(report=r, version=v, message="m", requested_by=officer, document=d)
        for r, v, d in zip(reports, versions, documents[n:], strict=True)
    )
    claims = Claim.objects.bulk_create(
        Claim(
            case=case,
            kind=ClaimKind.REPORTED,
            ground=ClaimGround.NOT_USED,
            initial_amount=10_000,
            amount=10_000,
            due_date=dt.date(2026, 3, 31),
            ocr=f"9{case.pk:012d}",
        )
        for case in cases
    )
    Repayment.objects.bulk_create(
        Repayment(
            claim=claim,
            amount=4_000,
            received_on=dt.date(2026, 3, 20),
            reference=claim.ocr,
            status=RepaymentStatus.BOOKED,
            registered_by=officer,
        )
        for claim in claims
    )


def _page_queries(client, year: int) -> tuple[int, str]:
    url = reverse("reporting:overview", args=[year])
    client.get(url)  # a session is renewed at most once a minute: keep that write out of it
    # The built page is what is counted (the data here is written in bulk, without the audit
    # events that would tell kept pages of it).
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"sort": "-disbursed"})
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _other_pages_queries(clients) -> dict[str, int]:
    """The queries of the other main pages, each built (no kept page), by who opens it."""
    counts = {}
    for who, paths in OTHER_PAGES.items():
        for path in paths:
            clients[who].get(path)  # the session renewal out of it, as above
            caches["pages"].clear()
            with CaptureQueriesContext(connection) as queries:
                response = clients[who].get(path)
            assert response.status_code == 200, path
            counts[path] = len(queries)
    return counts


# Every main page of issue 16 besides the overview, by who opens it.
OTHER_PAGES = {
    "region": ["/region/01/", "/region/01/bidrag/"],
    "officer": ["/handlaggare/inkorg/", "/handlaggare/rekvisitioner/"],
    "auditor": ["/admin/requisitions/requisition/"],
}


def _selector_queries(grant) -> int:
    with CaptureQueriesContext(connection) as queries:
        grant_overview(grant)
        grant_overview(grant, as_of=dt.date(2026, 1, 1))
        grant_progress(grant, until=dt.date(2026, 11, 23))
        economic_report(grant)
        ministry_report_data(grant)
    return len(queries)


def test_the_overview_runs_the_same_queries_for_21_regions_as_for_99_regions_in_10_grants(
    client, grant_2025, decision_2025_data, officer, stockholm
):
    from accounts.models import RegionRole
    from tests.support.clients import VerifiedClient

    releaser = factories.officer()
    region_user = factories.UserFactory()
    _history(list(Case.objects.filter(grant=grant_2025)), officer, releaser, region_user)
    client.force_login(officer)
    clients = {"officer": client, "region": VerifiedClient(), "auditor": VerifiedClient()}
    clients["region"].force_login(factories.region_user(stockholm, RegionRole.ADMIN))
    clients["auditor"].force_login(factories.auditor())
    small_others = _other_pages_queries(clients)
    small, page = _page_queries(client, 2025)
    small_selectors = _selector_queries(grant_2025)
    assert page.count('<th scope="row"><a href="/handlaggare/bidrag/2025/region/') == 21

    grants = [grant_2025] + [
        decision_load(
            data=dataclasses.replace(decision_2025_data, year=2025 + i),
            diarienummer=f"S2025/0{i:04d}",
            decided_on=dt.date(2025, 5, 15),
        )
        for i in range(1, 10)
    ]
    regions = Region.objects.bulk_create(
        Region(
            county_code=code,
            name=f"Testregion {code}",
            short_name=code,
            organisation_number=f"2399{code}-00{code}",
        )
        for code in EXTRA_CODES
    )
    cases = Case.objects.bulk_create(
        Case(grant=grant, region=region) for grant in grants for region in regions
    )
    tables = {
        grant.pk: grant.allocation_tables.get(status=AllocationTableStatus.ADOPTED)
        for grant in grants
    }
    Allocation.objects.bulk_create(
        Allocation(table=tables[case.grant_id], region=case.region, population=1000, amount=100_000)
        for case in cases
    )
    new_cases = cases + list(Case.objects.filter(grant__in=grants[1:]).exclude(region__in=regions))
    _history(new_cases, officer, releaser, region_user)
    assert Case.objects.count() == 990

    large, page = _page_queries(client, 2025)
    assert page.count('<th scope="row"><a href="/handlaggare/bidrag/2025/region/') == 99
    assert large == small
    assert _page_queries(client, 2034)[0] == small
    assert _selector_queries(grant_2025) == small_selectors
    # The other main pages too: the same queries with 10 grants of 99 regions as with one.
    assert _other_pages_queries(clients) == small_others
