"""What a kept page (core/page_cache.py) read to be built."""

import re

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

# Read for every request by the middleware (the session, the user, the second factor):
# part of no page's content.
PER_REQUEST = {"django_session", "accounts_user", "otp_totp_totpdevice", "otp_static_staticdevice"}
_TABLE = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"')


def kept_answer_tables(client, url: str) -> set[str] | None:
    """The tables read to build the answer, when the answer was kept; None when it was not."""
    store = caches["pages"]
    store.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200 or not store._cache:  # type: ignore[attr-defined]
        return None
    return {table for query in queries for table in _TABLE.findall(query["sql"])}
