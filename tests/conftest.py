"""Shared fixtures. PostgreSQL- and Redis-only tests are marked; they are skipped where the
server is missing, except in CI (STATSBIDRAG_REQUIRE_SERVICES=1), where a missing server fails."""

import os
import socket

import pytest
from django.db import connection

from grants.decision_file import DATA_DIR, read_decision_file
from regions.models import Region
from regions.reference import load_regions
from tests import factories
from tests.support import database

REQUIRE_SERVICES = os.environ.get("STATSBIDRAG_REQUIRE_SERVICES") == "1"
DIARIENUMMER = "S2025/01234"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def pytest_xdist_make_scheduler(config, log):
    """Long tests first, each browser test on its own (tests/support/scheduling.py)."""
    if config.getoption("dist") != "loadscope":
        return None
    from tests.support.scheduling import LongTestsFirst

    return LongTestsFirst(config, log)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        if REQUIRE_SERVICES:
            pytest.fail("PostgreSQL is required here: set DATABASE_URL to a PostgreSQL database")
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    if item.get_closest_marker("redis") and not _redis_up():
        if REQUIRE_SERVICES:
            pytest.fail("Redis is required here: start redis-server on 127.0.0.1:6379")
        pytest.skip("needs Redis on 127.0.0.1:6379")


@pytest.fixture(scope="session", autouse=True)
def attachment_storage(tmp_path_factory):
    """Attachments (the storage's files) go to a temporary folder, never to var/media."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_blocker):
    """On PostgreSQL the test database is made and migrated by the owning role (see
    tests/support/database.py)."""
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock():
            database.prepare_roles()
    database.install_flush()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test runs as the application's database role, as production does."""
    if connection.vendor != "postgresql":
        yield
        return
    with django_db_blocker.unblock():
        database.run_as_application()
    yield
    with django_db_blocker.unblock():
        database.run_as_owner()


@pytest.fixture
def regions(db) -> None:
    """The reference data from the data migrations (regions, default reminder rules). A
    transactional test's flush empties the tables, so tests that need them ask here."""
    from reminders.defaults import create_default_rules
    from reminders.models import ReminderRule

    if not Region.objects.exists():
        load_regions(Region)
    if not ReminderRule.objects.exists():
        create_default_rules(ReminderRule)


@pytest.fixture
def decision_2025_data():
    return read_decision_file(DATA_DIR / "decision_2025.toml")


@pytest.fixture
def grant_2025(regions, decision_2025_data):
    import datetime as dt

    from grants.services import decision_load

    return decision_load(
        data=decision_2025_data, diarienummer=DIARIENUMMER, decided_on=dt.date(2025, 5, 15)
    )


@pytest.fixture
def stockholm(regions) -> Region:
    return Region.objects.get(county_code="01")


@pytest.fixture
def uppsala(regions) -> Region:
    return Region.objects.get(county_code="03")


@pytest.fixture
def officer(db):
    return factories.officer()


@pytest.fixture
def auditor(db):
    return factories.auditor()


@pytest.fixture
def client():
    """The test client, with force_login giving the session a verified second factor and a
    fresh authentication time (as a real login does)."""
    from tests.support.clients import VerifiedClient

    return VerifiedClient()


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture(autouse=True)
def _broker_not_known_to_be_down():
    """Each test starts without the pause a failed hand-over to the broker causes."""
    from notifications import services

    services._broker_down_until = 0.0


@pytest.fixture(autouse=True)
def _no_kept_pages():
    """Each test starts with no kept pages (core.page_cache): a rolled-back test's audit ids
    can come again on SQLite, and a page kept then must not answer the next test."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture(scope="session", autouse=True)
def _subprocesses_anchor_apart(tmp_path_factory):
    """A server or worker a test starts anchors in a log of the test run, not in var/."""
    os.environ["AUDIT_ANCHOR_LOG"] = str(
        tmp_path_factory.mktemp("subprocess-anchors") / "audit-anchors.log"
    )


@pytest.fixture(autouse=True)
def _own_anchor_log(settings, tmp_path_factory):
    """Each test anchors the audit chain in a log of its own: a rolled-back test's events are
    gone, and its anchors must not accuse the next test's chain of missing them."""
    settings.AUDIT_ANCHOR_LOG = tmp_path_factory.mktemp("anchors") / "audit-anchors.log"


@pytest.fixture(autouse=True)
def _swedish():
    """Tests run in the interface's default language unless they choose another."""
    from django.utils import translation

    with translation.override("sv"):
        yield


STOCKHOLM_TZ = __import__("zoneinfo").ZoneInfo("Europe/Stockholm")
PAID_AMOUNT = 11_580_081_200  # öre: Stockholm's whole allocation


@pytest.fixture
def region_submitter(stockholm):
    from accounts.models import RegionRole

    return factories.region_user(stockholm, RegionRole.SUBMITTER, full_name="Sara Representant")


def stockholm_requisition():
    """Stockholm's requisition of its whole allocation, as its submitter fills it in."""
    from requisitions.services import RequisitionData

    return RequisitionData(
        amount=PAID_AMOUNT,
        account_type="bankgiro",
        account_number="5050-1055",
        organisation_number_confirmed=True,
        contact_name="Sara",
        contact_email="sara@regionstockholm.test",
        contact_phone="08-123 456 78",
        signatory_name="Eva",
        signatory_title="Ekonomidirektör",
        attested=True,
    )


@pytest.fixture
def paid_case(grant_2025, stockholm, officer, region_submitter, time_machine):
    """Stockholm requisitioned and was paid its whole allocation in November 2025; the
    report is due 2026-02-27 and the clock stands at 2026-02-02."""
    import datetime as dt

    from core import clock
    from grants.models import Case, DeadlineKind
    from grants.services import deadline_set
    from requisitions import services as requisition_services

    case = Case.objects.get(grant=grant_2025, region=stockholm)
    releaser = factories.officer(full_name="Andra Handläggaren")
    data = stockholm_requisition()
    with clock.at(dt.datetime(2025, 11, 3, 10, tzinfo=STOCKHOLM_TZ)):
        requisition = requisition_services.requisition_submit(
            case=case, data=data, version=0, actor=region_submitter
        )
        requisition_services.requisition_approve(requisition=requisition, actor=officer)
        requisition_services.payment_release(
            requisition=requisition, payment_date=dt.date(2025, 11, 4), actor=releaser
        )
    deadline_set(
        grant=grant_2025, kind=DeadlineKind.REPORT, due_date=dt.date(2026, 2, 27), actor=officer
    )
    time_machine.move_to(dt.datetime(2026, 2, 2, 10, tzinfo=STOCKHOLM_TZ), tick=True)
    return case


UNUSED = 80_081_200  # öre, Stockholm reports 115 000 000 kr used of 115 800 812 kr


@pytest.fixture
def reported_case(paid_case, region_submitter):
    """Stockholm has reported 800 812 kr not used (a claim of that amount, due 2026-03-31)."""
    import datetime as dt

    from reports.services import PurposeData, ReportData, report_submit

    data = ReportData(
        amount_used=11_500_000_000,
        period_from=dt.date(2025, 1, 1),
        period_to=dt.date(2025, 12, 31),
        bookkeeping="Eget projektnummer.",
        certifier_name="Eva",
        certifier_title="Ekonomichef",
        certified=True,
        target_groups=("adults",),
        gender_equality="x",
        child_rights="x",
        disability="x",
        purposes={"stepped_care": PurposeData(amount=None, description="Stegvis vård.")},
    )
    report_submit(case=paid_case, data=data, version=0, actor=region_submitter)
    return paid_case


@pytest.fixture
def approved_case(reported_case, officer):
    from reports.services import report_approve

    report_approve(report=reported_case.report, actor=officer)
    return reported_case


@pytest.fixture
def reported_claim(reported_case):
    from repayments.models import Claim, ClaimKind

    return Claim.objects.get(case=reported_case, kind=ClaimKind.REPORTED)


@pytest.fixture(scope="session")
def oidc_provider(django_db_setup, live_server, tmp_path_factory):
    """A real OpenID provider in a process of its own (tests/support/oidc_provider)."""
    from tests.support.oidc_provider import CALLBACK_PATH, TestProvider

    provider = TestProvider(
        redirect_uris=[f"http://testserver{CALLBACK_PATH}", f"{live_server.url}{CALLBACK_PATH}"],
        directory=tmp_path_factory.mktemp("oidc-provider"),
    )
    yield provider
    provider.stop()


@pytest.fixture
def eid(settings, oidc_provider):
    """The service configured with the test provider (e-ID login on)."""
    for name, value in oidc_provider.settings().items():
        setattr(settings, name, value)
    return oidc_provider
