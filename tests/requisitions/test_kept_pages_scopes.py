"""Kept pages survive other regions' and grants' work (core/page_cache.py): a change in one
region's case leaves the other regions' kept pages as they are, a change to a grant itself
or to what everyone sees is shown on every page at once, and the kept pages are shared
between processes through Redis when there is one, and built as usual when it does not
answer."""

import datetime as dt
import logging
import os
import re
import uuid

import pytest
import redis
from django.db import transaction
from django.test import override_settings

from accounts.models import RegionRole
from core.page_cache import KEPT_HEADER
from grants.models import DeadlineKind
from grants.services import deadline_set
from records.models import AuditAction
from records.services import audit_record
from requisitions import services
from tests import factories
from tests.support.clients import VerifiedClient

from .conftest import valid_data

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")
STOCKHOLM_HOME, UPPSALA_HOME = "/region/01/", "/region/03/"
OVERVIEW = "/bidrag/2025/oversikt/"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def served(client, path) -> str:
    """ "kept" when the page came from its kept copy, "built" otherwise."""
    response = client.get(path)
    assert response.status_code == 200
    return response.get(KEPT_HEADER, "built")


@pytest.fixture
def region_clients(grant_2025, stockholm, uppsala):
    clients = {}
    for region, path in ((stockholm, STOCKHOLM_HOME), (uppsala, UPPSALA_HOME)):
        client = VerifiedClient()
        client.force_login(factories.region_user(region, RegionRole.ADMIN))
        clients[path] = client
    return clients


def test_one_regions_change_leaves_the_other_regions_pages_kept(
    before_deadline, case, submitter, officer, region_clients
):
    staff = VerifiedClient()
    staff.force_login(officer)
    for path, client in region_clients.items():
        assert served(client, path) == "built"
        assert served(client, path) == "kept"
    assert served(staff, OVERVIEW) == "built"
    assert served(staff, OVERVIEW) == "kept"
    stockholm_before = text_of(region_clients[STOCKHOLM_HOME].get(STOCKHOLM_HOME))

    services.requisition_submit(case=case, data=valid_data(), version=0, actor=submitter)

    # Uppsala's page shows nothing of Stockholm's case: still kept.
    assert served(region_clients[UPPSALA_HOME], UPPSALA_HOME) == "kept"
    # Stockholm's own page and the grant's overview show the requisition at once.
    stockholm = region_clients[STOCKHOLM_HOME]
    assert served(stockholm, STOCKHOLM_HOME) == "built"
    assert text_of(stockholm.get(STOCKHOLM_HOME)) != stockholm_before
    assert served(staff, OVERVIEW) == "built"


def test_a_change_to_the_grant_itself_or_to_everyones_data_shows_on_every_page(
    before_deadline, grant_2025, officer, region_clients, stockholm
):
    for path, client in region_clients.items():
        served(client, path)
        assert served(client, path) == "kept"

    # The agency sets the report deadline: every region's page shows it.
    deadline_set(
        grant=grant_2025, kind=DeadlineKind.REPORT, due_date=dt.date(2026, 2, 27), actor=officer
    )
    for path, client in region_clients.items():
        assert served(client, path) == "built", path
        assert served(client, path) == "kept", path

    # A change that names no grant (as the admin site's, to the regions' reference data).
    with transaction.atomic():
        audit_record(
            actor=officer,
            action=AuditAction.ADMIN_CHANGED,
            target=stockholm,
            data={"model": "regions.region", "change": "name"},
        )
    for path, client in region_clients.items():
        assert served(client, path) == "built", path


@pytest.mark.redis
def test_kept_pages_are_shared_through_redis(before_deadline, region_clients):
    prefix = f"test-{uuid.uuid4().hex}"
    pages = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
        "TIMEOUT": 60,
    }
    client = region_clients[UPPSALA_HOME]
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "pages": pages,
        }
    ):
        assert served(client, UPPSALA_HOME) == "built"
        keys = redis.Redis.from_url(REDIS_URL).keys(f"{prefix}:*")
        assert len(keys) == 1  # kept in Redis, where every worker process finds it
        assert served(client, UPPSALA_HOME) == "kept"
    redis.Redis.from_url(REDIS_URL).delete(*keys)


def test_a_page_is_built_when_the_store_does_not_answer(before_deadline, region_clients, caplog):
    unreachable = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    client = region_clients[UPPSALA_HOME]
    with (
        override_settings(
            CACHES={
                "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
                "pages": unreachable,
            }
        ),
        caplog.at_level(logging.WARNING, logger="core.page_cache"),
    ):
        assert served(client, UPPSALA_HOME) == "built"
        assert served(client, UPPSALA_HOME) == "built"
        assert "Region Uppsala" in text_of(client.get(UPPSALA_HOME))
    assert "did not answer" in caplog.text
