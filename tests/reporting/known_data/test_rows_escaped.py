"""The pages whose rows are written in Python rather than by the template (the overview, the
officers' queue, the inbox and its sections, the region's start page and its list of grants,
the admin site's read-only lists) escape what they show: a region's name, an applicant's
name and a bank line's reason holding markup are shown as text, never as markup."""

import pytest

from ombud.models import OmbudApplication
from regions.models import Region
from repayments.models import Repayment, RepaymentStatus

MARKUP = '<script>alert("x")</script>&'
SHOWN = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;"


@pytest.fixture
def hostile(demo):
    for county_code in ("01", "24"):
        Region.objects.filter(county_code=county_code).update(name=f"Region {county_code} {MARKUP}")
    OmbudApplication.objects.update(full_name=f"Namn {MARKUP}")
    Repayment.objects.filter(status=RepaymentStatus.FLAGGED).update(flag_reason=MARKUP)
    return demo


def _pages(client, user, paths):
    client.force_login(user)
    for path in paths:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="sv")
        assert response.status_code == 200, path
        yield path, response.content.decode()


@pytest.mark.parametrize(
    "who, paths",
    [
        (
            "demo_officer",
            [
                "/bidrag/2025/oversikt/",
                "/handlaggare/rekvisitioner/",
                "/handlaggare/inkorg/",
                "/handlaggare/inkorg/avsnitt/flagged/",
                "/handlaggare/inkorg/avsnitt/ombud/",
                "/handlaggare/inkorg/avsnitt/reports/",
            ],
        ),
        ("demo_auditor", ["/admin/requisitions/requisition/", "/admin/regions/region/"]),
    ],
)
def test_markup_in_the_data_is_shown_as_text(client, hostile, request, who, paths):
    for path, page in _pages(client, request.getfixturevalue(who), paths):
        assert "<script>" not in page, path
        assert SHOWN in page or "&lt;script&gt;alert" in page, path


def test_the_region_start_page_escapes_its_rows(client, hostile, demo_officer):
    for path, page in _pages(client, demo_officer, ["/region/01/", "/region/01/bidrag/"]):
        assert "<script>" not in page, path
        assert "Region 01 &lt;script&gt;" in page, path
