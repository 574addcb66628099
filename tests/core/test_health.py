"""The health page: "ok" through the whole middleware stack, for anyone, without a query."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_health_page_answers_ok_without_login_and_without_a_query(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    # It went through the same middleware as every page, and is never cached.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "no-cache" in response["Cache-Control"]


def test_the_health_page_is_at_halsa():
    assert reverse("core:health") == "/halsa/"


def test_staff_between_password_and_second_factor_get_ok_not_a_redirect(client):
    officer = factories.officer()
    # Password accepted, second factor not yet given: pages send the user to the code step.
    super(type(client), client).force_login(officer)
    assert client.get(reverse("requisitions:queue")).status_code == 302
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.content == b"ok"
