"""A region's documents are served to the region and the agency only. Every URL as every kind
of user is walked by the permission matrix (tests/permissions/test_matrix.py)."""

import pytest

from records.models import Document
from requisitions import services
from tests import factories

from .conftest import valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def stockholm_case_with_history(before_deadline, case, submitter, officer, second_officer):
    requisition = services.requisition_submit(
        case=case, data=valid_data(), version=0, actor=submitter
    )
    services.requisition_approve(requisition=requisition, actor=officer)
    return requisition


def test_another_regions_user_cannot_download_the_regions_documents(
    client, stockholm_case_with_history, uppsala, submitter
):
    document = Document.objects.get(region__county_code="01")
    client.force_login(factories.region_user(uppsala))
    assert client.get(f"/dokument/{document.pk}/").status_code == 403
    client.force_login(submitter)
    response = client.get(f"/dokument/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(document.content)
    client.logout()
    assert client.get(f"/dokument/{document.pk}/").status_code == 302
