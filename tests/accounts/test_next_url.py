"""Where a page sends the user on after a code or a password: a path on this site only."""

import pytest
from django.test import Client, RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.views_security import safe_next
from tests.accounts.test_security import code_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/bidrag/2025/", "/bidrag/2025/"),
        ("0", "/"),  # once read by redirect() as the name of a view: a server error
        ("home", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("", "/"),
    ],
)
def test_only_a_path_on_this_site_is_followed(given, expected):
    request = RequestFactory().post("/konto/tvafaktor/", {"next": given})
    assert safe_next(request) == expected


def test_a_right_code_with_a_next_that_is_not_a_path_goes_home(officer):
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    client = Client()  # the password given, the second step still to come
    client.force_login(officer)
    response = client.post("/konto/tvafaktor/", {"code": code_for(device), "next": "0"})
    assert response.status_code == 302
    assert response["Location"] == "/"
