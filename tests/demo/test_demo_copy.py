"""The tests' quick demo (tests/support/demo.py): the rows copied back are exactly the rows
the services wrote, and what is written after them gets new ids."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from accounts.models import User
from records.models import AuditEvent
from tests.support import demo

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the copy is PostgreSQL's COPY; elsewhere the demo always loads")


def test_the_demo_copied_back_is_the_demo_the_services_wrote(regions):
    tables = demo._tables()
    before = demo._fingerprints(tables)
    with transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        written = demo._fingerprints(tables)
        copy = demo._take(tables, before)
        newest_event = AuditEvent.objects.order_by("-pk").first()
        transaction.set_rollback(True)
    assert demo._fingerprints(tables) == before
    assert copy is not None and copy.tables

    demo._restore(copy)

    assert demo._fingerprints(tables) == written
    assert AuditEvent.objects.order_by("-pk").first() == newest_event
    later = User.objects.create_user(email="senare@example.test")
    assert later.pk > User.objects.exclude(pk=later.pk).order_by("-pk").first().pk


def test_a_demo_that_changed_rows_already_there_is_not_copied(regions):
    tables = demo._tables()
    before = demo._fingerprints(tables)
    with transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        from regions.models import Region

        Region.objects.filter(county_code="01").update(name="Region Stockholm (ändrad)")
        assert demo._take(tables, before) is None
        transaction.set_rollback(True)
