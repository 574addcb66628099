"""Benchmark: the daily reminder sweep over 100 grants × 21 regions on PostgreSQL.

    make bench-reminders        (or: .venv/bin/python bench/reminders.py)

Builds a fresh database `statsbidrag_bench` (dropped and created again) with 100 decided
grants, every deadline kind and a mix of cases: not requisitioned, paid without a report,
reported with money to repay, recovery claims; two region contacts per region and three
officers. It then times recording the reminders due on one day (computing what is due and
writing the Reminder and outbox rows; sending is not part of it), counts the queries, and
does the same for 10 grants to show the count does not grow. Target: under 5 s.
"""

import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("BENCH_DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = os.environ.get("BENCH_DATABASE_NAME", "statsbidrag_bench")
os.environ["DATABASE_URL"] = BASE_URL.rsplit("/", 1)[0] + "/" + DB_NAME
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["CELERY_BROKER_URL"] = ""  # nothing is sent in the benchmark

import psycopg  # noqa: E402


def recreate_database() -> None:
    with psycopg.connect(BASE_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


recreate_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

DAY = dt.date(2030, 6, 3)  # the day swept
# The grants of the measured case (fewer for the test that the benchmark still runs).
GRANTS = int(os.environ.get("BENCH_REMINDER_GRANTS", "100"))


def build(grant_count: int) -> None:
    from accounts.models import RegionMembership, User
    from accounts.roles import StaffRole
    from accounts.services import staff_role_grant
    from bench.data import walk_requisitions
    from grants.models import (
        Allocation,
        AllocationTable,
        Case,
        Deadline,
        DeadlineKind,
        Decision,
        Grant,
    )
    from records.models import Document
    from regions.models import PopulationDataset, PopulationFigure, Region
    from repayments.models import Claim, ClaimGround, ClaimKind
    from repayments.ocr import ocr_reference
    from requisitions.models import Disbursement, PaymentDecision, Requisition, RequisitionStatus

    regions = list(Region.objects.order_by("county_code"))
    officer_users = []
    for n in range(3):
        user = User.objects.create_user(email=f"officer{n}@bench.test", password=None)
        staff_role_grant(user=user, role=StaffRole.OFFICER)
        officer_users.append(user)
    members = []
    for region in regions:
        for role in ("admin", "submitter"):
            user = User.objects.create_user(
                email=f"{role}-{region.county_code}@bench.test", password=None
            )
            members.append(RegionMembership(user=user, region=region, role=role))
    RegionMembership.objects.bulk_create(members)
    dataset = PopulationDataset.objects.create(
        name="bench", source="bench", reference_date=dt.date(2029, 11, 1)
    )
    PopulationFigure.objects.bulk_create(
        PopulationFigure(dataset=dataset, region=r, population=100_000) for r in regions
    )
    officer = officer_users[0]
    for index in range(grant_count):
        year = 2000 + index
        decision = Decision.objects.create(
            diarienummer=f"S{year}/{index + 1:05d}",
            decided_on=dt.date(year, 1, 1),
            title=f"Bench {year}",
            ministry="S",
            appropriation="1:8",
            total_amount=2_100_000_000,
            regions_amount=2_100_000_000,
            administration_amount=0,
            conditions="-",
        )
        grant = Grant.objects.create(
            decision=decision,
            year=year,
            population_dataset=dataset,
            use_from=dt.date(year, 1, 1),
            use_to=dt.date(year, 12, 31),
        )
        table = AllocationTable.objects.create(
            grant=grant, population_dataset=dataset, total_amount=2_100_000_000
        )
        Allocation.objects.bulk_create(
            Allocation(table=table, region=r, population=100_000, amount=100_000_000)
            for r in regions
        )
        Case.objects.bulk_create(Case(grant=grant, region=r) for r in regions)
        # Every deadline kind falls on a day the default rules remind of, seen from DAY.
        offsets = {
            DeadlineKind.AGENCY_REQUISITION: 7,
            DeadlineKind.REQUISITION: 14,
            DeadlineKind.REPORT: 7,
            DeadlineKind.REPAYMENT: 1,
            DeadlineKind.AGENCY_REPAYMENT: 30,
            DeadlineKind.MINISTRY_REPORT: -1,
        }
        Deadline.objects.bulk_create(
            Deadline(grant=grant, kind=kind, due_date=DAY + dt.timedelta(days=days))
            for kind, days in offsets.items()
        )
        cases = list(
            Case.objects.filter(grant=grant)
            .select_related("region")
            .order_by("region__county_code")
        )
        # Two thirds of the regions were paid; a third of those reported money to repay;
        # one region per grant has a recovery claim due in 30 days.
        paid = cases[:14]
        requisitions = Requisition.objects.bulk_create(
            Requisition(
                case=c,
                status=RequisitionStatus.DRAFT,
                allocation_amount=100_000_000,
                amount=100_000_000,
                account_type="bankgiro",
                account_number="5050-1055",
                organisation_number=c.region.organisation_number,
                organisation_number_confirmed=True,
                contact_email="x@bench.test",
                signatory_name="x",
                attested=True,
                diarienummer=decision.diarienummer,
                created_by=officer,
                updated_by=officer,
                submitted_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
            )
            for c in paid
        )
        walk_requisitions([r.pk for r in requisitions], to=RequisitionStatus.PAID)
        documents = Document.objects.bulk_create(
            Document(
                kind="payment_decision", title="x", filename="x.pdf", content=b"x", sha256="0" * 64
            )
            for _ in paid
        )
        decisions = PaymentDecision.objects.bulk_create(
            PaymentDecision(requisition=r, amount=100_000_000, decided_by=officer, document=d)
            for r, d in zip(requisitions, documents, strict=True)
        )
        Disbursement.objects.bulk_create(
            Disbursement(
                payment_decision=p,
                amount=100_000_000,
                decided_by=officer,
                released_by=officer_users[1],
                payment_date=dt.date(2030, 1, 2),
                reference="x",
                payee_name="x",
                organisation_number="232100-0016",
                account_type="bankgiro",
                account_number="5050-1055",
            )
            for p in decisions
        )
        Claim.objects.bulk_create(
            [
                Claim(
                    case=c,
                    kind=ClaimKind.REPORTED,
                    ground=ClaimGround.NOT_USED,
                    initial_amount=1_000_000,
                    amount=1_000_000,
                    due_date=DAY + dt.timedelta(days=1),
                    ocr=ocr_reference(year=year, county_code=c.region.county_code, serial=1),
                )
                for c in paid[:5]
            ]
        )
        recovery_document = Document.objects.create(
            kind="recovery_claim", title="x", filename="x.pdf", content=b"x", sha256="0" * 64
        )
        Claim.objects.create(
            case=paid[-1],
            kind=ClaimKind.RECOVERY,
            ground=ClaimGround.NOT_USED_FOR_PURPOSE,
            initial_amount=5_000_000,
            amount=5_000_000,
            due_date=DAY + dt.timedelta(days=30),
            ocr=ocr_reference(year=year, county_code=paid[-1].region.county_code, serial=2),
            decided_by=officer,
            document=recovery_document,
            reason="x",
        )


def measure() -> tuple[float, int, int]:
    from reminders.sweep import due_reminders, record

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        dues = due_reminders(DAY)
        record(dues)
        elapsed = time.perf_counter() - started
    return elapsed, len(queries), len(dues)


def main() -> None:
    call_command("migrate", verbosity=0)
    build(GRANTS)
    elapsed, queries, count = measure()
    again, queries_again, _ = measure()  # a second sweep of the same day records nothing new
    print(f"{GRANTS} grants x 21 regions: {count} reminders due on {DAY}")
    print(f"  recording: {elapsed:.2f} s, {queries} queries (target < 5 s)")
    print(
        f"  sweeping the same day again: {again:.2f} s, {queries_again} queries, nothing new recorded"
    )
    from reminders.sweep import due_reminders

    with CaptureQueriesContext(connection) as many_grants:
        due_reminders(DAY)
    recreate_database()
    connection.close()
    call_command("migrate", verbosity=0)
    build(10)
    with CaptureQueriesContext(connection) as ten_grants:
        due_reminders(DAY)
    print(
        f"  computing what is due: {len(many_grants)} queries for {GRANTS} grants, "
        f"{len(ten_grants)} for 10 grants"
    )
    if elapsed >= 5:
        sys.exit("the sweep took 5 s or more")
    if len(many_grants) != len(ten_grants):
        sys.exit("computing what is due takes more queries with more grants")


if __name__ == "__main__":
    main()
