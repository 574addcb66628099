"""The deadline day under load, through gunicorn on loopback against the test database:
all 21 regions submit at once (two users each, one of them double-clicking) while two
officers decide what arrives. The same scenario as `make loadtest` (bench/deadline_day.py),
with two users per region instead of three."""

import pytest
from django.conf import settings
from django.db import connection

from bench import deadline_day, support
from requisitions.models import Requisition

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _test_database_url() -> str:
    s = connection.settings_dict
    name = settings.DATABASES["default"]["NAME"]
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def test_the_deadline_day_gives_one_requisition_and_one_receipt_per_region(regions, tmp_path):
    scenario = deadline_day.prepare(users_per_region=2)
    with support.gunicorn(
        database=_test_database_url(),
        secret_key=settings.SECRET_KEY,
        log=tmp_path / "gunicorn.log",
        workers=2,
        threads=4,
    ) as server:
        results = deadline_day.run(server, scenario, time_limit=45)

    print(deadline_day.summary(results))
    assert deadline_day.verify(scenario, results) == []
    # What the verification rests on did happen: 21 regions × (1 + a double click) posts,
    # and every one of the 21 requisitions is stored once.
    assert sum(1 for step, _, _ in results.requests if step == "submit") == 21 * 3
    assert Requisition.objects.filter(case__grant_id=scenario.grant_id).count() == 21
    assert len(results.receipts) == 21
