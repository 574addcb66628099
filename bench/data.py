"""Data for the benchmarks, written in bulk (the services would take minutes for 30 grants).

`decided_grant` makes a decided round with an adopted allocation, a case per region and its
deadlines; `build_history` adds 30 such grants × 21 regions with cases in every stage.
"""

import datetime as dt
from typing import Any

REGION_AMOUNT = 100_000_000  # öre per region and grant (1 000 000 kr)
ACCOUNT = {"account_type": "bankgiro", "account_number": "5050-1055"}


def decided_grant(
    *,
    year: int,
    requisition_due: dt.date,
    report_due: dt.date,
    officer: Any,
    diarienummer: str | None = None,
) -> Any:
    from grants.models import (
        Allocation,
        AllocationTable,
        Case,
        Deadline,
        DeadlineKind,
        Decision,
        DecisionStatus,
        Grant,
    )
    from regions.models import PopulationDataset, Region

    regions = list(Region.objects.order_by("county_code"))
    dataset = PopulationDataset.objects.order_by("-pk").first()
    total = REGION_AMOUNT * len(regions)
    decision = Decision.objects.create(
        status=DecisionStatus.DECIDED,
        diarienummer=diarienummer or f"S{year}/{year % 1000:05d}",
        decided_on=dt.date(year, 1, 15),
        title=f"Statsbidrag till regionerna {year}",
        ministry="Socialdepartementet",
        appropriation="1:8 Bidrag till folkhälsa och sjukvård",
        total_amount=total,
        regions_amount=total,
        administration_amount=0,
        conditions="Medlen ska användas för ändamålet.",
    )
    grant = Grant.objects.create(
        decision=decision,
        year=year,
        population_dataset=dataset,
        use_from=dt.date(year, 1, 1),
        use_to=dt.date(year, 12, 31),
    )
    table = AllocationTable.objects.create(
        grant=grant, population_dataset=dataset, total_amount=total, adopted_by=officer
    )
    Allocation.objects.bulk_create(
        Allocation(table=table, region=r, population=100_000, amount=REGION_AMOUNT) for r in regions
    )
    Case.objects.bulk_create(Case(grant=grant, region=r) for r in regions)
    Deadline.objects.bulk_create(
        [
            Deadline(grant=grant, kind=DeadlineKind.REQUISITION, due_date=requisition_due),
            Deadline(grant=grant, kind=DeadlineKind.REPORT, due_date=report_due),
        ]
    )
    return grant


def walk_requisitions(pks: list[int], *, to: str) -> None:
    """Move requisitions written as drafts along the transitions the services make, which is
    all the database allows (requisitions/migrations/0003)."""
    from requisitions.models import Requisition, RequisitionStatus

    steps = [RequisitionStatus.RECEIVED, RequisitionStatus.APPROVED, RequisitionStatus.PAID]
    for status in steps[: steps.index(RequisitionStatus(to)) + 1]:
        Requisition.objects.filter(pk__in=pks).exclude(status=status).update(status=status)


def build_history(*, years: list[int], officers: tuple[Any, Any]) -> None:
    """A decided grant × 21 regions for each of `years`. In each grant: 4 regions requisitioned and
    waiting, 4 paid without a report, 5 reported (waiting for review), 4 reported and
    approved, 3 of the reported with money to repay, 1 with a recovery claim, 4 never
    requisitioned."""
    from accounts.models import RegionMembership
    from grants.models import Case
    from records.models import Document
    from repayments.models import Claim, ClaimGround, ClaimKind
    from repayments.ocr import ocr_reference
    from reports.models import Report, ReportStatus, ReportVersion
    from requisitions.models import Disbursement, PaymentDecision, Requisition, RequisitionStatus

    officer, releaser = officers
    submitters = {
        m.region_id: m.user
        for m in RegionMembership.objects.select_related("user").filter(role="submitter")
    }
    for year in years:
        at = dt.datetime(year, 11, 3, 10, tzinfo=dt.UTC)
        grant = decided_grant(
            year=year,
            requisition_due=dt.date(year, 11, 30),
            report_due=dt.date(year + 1, 2, 27),
            officer=officer,
        )
        cases = list(
            Case.objects.filter(grant=grant)
            .select_related("region")
            .order_by("region__county_code")
        )
        waiting, paid = cases[:4], cases[4:17]
        requisitions = Requisition.objects.bulk_create(
            Requisition(
                case=c,
                status=RequisitionStatus.DRAFT,
                allocation_amount=REGION_AMOUNT,
                amount=REGION_AMOUNT,
                organisation_number=c.region.organisation_number,
                organisation_number_confirmed=True,
                contact_name="Kontakt",
                contact_email=f"kontakt-{c.region.county_code}@regioner.test",
                contact_phone="08-123 456 78",
                signatory_name="Eva Ekonom",
                signatory_title="Ekonomidirektör",
                attested=True,
                diarienummer=grant.decision.diarienummer,
                created_by=submitters[c.region_id],
                updated_by=submitters[c.region_id],
                submitted_by=submitters[c.region_id],
                submitted_at=at,
                version=2,
                **ACCOUNT,
            )
            for c in waiting + paid
        )
        paid_requisitions = requisitions[len(waiting) :]
        walk_requisitions([r.pk for r in requisitions], to=RequisitionStatus.RECEIVED)
        walk_requisitions([r.pk for r in paid_requisitions], to=RequisitionStatus.PAID)
        documents = Document.objects.bulk_create(
            Document(
                kind="payment_decision",
                title=f"Beslut om utbetalning {year}",
                filename="beslut.pdf",
                content=b"%PDF-1.4 bench",
                sha256="0" * 64,
                grant=grant,
                region=r.case.region,
            )
            for r in paid_requisitions
        )
        decisions = PaymentDecision.objects.bulk_create(
            PaymentDecision(requisition=r, amount=REGION_AMOUNT, decided_by=officer, document=d)
            for r, d in zip(paid_requisitions, documents, strict=True)
        )
        Disbursement.objects.bulk_create(
            Disbursement(
                payment_decision=p,
                amount=REGION_AMOUNT,
                decided_by=officer,
                released_by=releaser,
                payment_date=dt.date(year, 11, 4),
                reference=f"Statsbidrag {year}",
                payee_name=r.case.region.name,
                organisation_number=r.organisation_number,
                **ACCOUNT,
            )
            for p, r in zip(decisions, paid_requisitions, strict=True)
        )
        reported = paid[4:]  # 9 regions
        unused = 5_000_000
        reports = Report.objects.bulk_create(
            Report(
                case=c,
                status=ReportStatus.APPROVED if n >= 5 else ReportStatus.SUBMITTED,
                amount_received=REGION_AMOUNT,
                amount_used=REGION_AMOUNT - unused if n < 3 else REGION_AMOUNT,
                bookkeeping="Eget projektnummer.",
                certifier_name="Eva Ekonom",
                certifier_title="Ekonomidirektör",
                certified=True,
                created_by=submitters[c.region_id],
                updated_by=submitters[c.region_id],
                submitted_at=at + dt.timedelta(days=100),
                approved_at=at + dt.timedelta(days=120) if n >= 5 else None,
                approved_by=officer if n >= 5 else None,
            )
            for n, c in enumerate(reported)
        )
        ReportVersion.objects.bulk_create(
            ReportVersion(
                report=r,
                number=1,
                submitted_at=r.submitted_at,
                submitted_by=r.created_by,
                amount_received=r.amount_received,
                amount_used=r.amount_used,
                amount_unused=r.amount_received - r.amount_used,
                content={"bookkeeping": r.bookkeeping},
            )
            for r in reports
        )
        claims = [
            Claim(
                case=c,
                kind=ClaimKind.REPORTED,
                ground=ClaimGround.NOT_USED,
                initial_amount=unused,
                amount=unused,
                due_date=dt.date(year + 1, 4, 30),
                ocr=ocr_reference(year=year, county_code=c.region.county_code, serial=1),
            )
            for c in reported[:3]
        ]
        recovery_case = paid[0]
        recovery_document = Document.objects.create(
            kind="recovery_claim",
            title=f"Beslut om återkrav {year}",
            filename="aterkrav.pdf",
            content=b"%PDF-1.4 bench",
            sha256="0" * 64,
            grant=grant,
            region=recovery_case.region,
        )
        claims.append(
            Claim(
                case=recovery_case,
                kind=ClaimKind.RECOVERY,
                ground=ClaimGround.NO_REPORT,
                initial_amount=REGION_AMOUNT,
                amount=REGION_AMOUNT,
                due_date=dt.date(year + 1, 6, 30),
                ocr=ocr_reference(
                    year=year, county_code=recovery_case.region.county_code, serial=2
                ),
                decided_by=officer,
                document=recovery_document,
                reason="Ingen redovisning har kommit in.",
            )
        )
        Claim.objects.bulk_create(claims)
