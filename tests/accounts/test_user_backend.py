"""The user loaded for each request (accounts/backends.py) comes with the answers every
request asks of them — staff roles, whether a second factor is set up, the region role on a
region's pages, the admin site's permissions — read in fewer queries, and the same answers
Django's own model backend and the plain queries give."""

import html
import re

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import permissions, two_factor
from accounts.backends import UserBackend
from accounts.models import RegionMembership, RegionRole, User
from accounts.security import has_confirmed_device, requires_two_factor
from tests import factories

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


@pytest.fixture
def people(stockholm, uppsala):
    officer = factories.officer()
    auditor = factories.auditor()
    region_user = factories.region_user(stockholm, RegionRole.SUBMITTER)
    enrolled = factories.region_user(uppsala, RegionRole.PREPARER)
    TOTPDevice.objects.create(user=enrolled, name="app", confirmed=True)
    pending = factories.region_user(uppsala, RegionRole.ADMIN)
    TOTPDevice.objects.create(user=pending, name="app", confirmed=False)
    codes_only = factories.region_user(stockholm, RegionRole.PREPARER)
    StaticDevice.objects.create(user=codes_only, name="codes", confirmed=True)
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    given = factories.UserFactory(is_staff=True)
    given.user_permissions.add(Permission.objects.get(codename="view_region"))
    return [officer, auditor, region_user, enrolled, pending, codes_only, superuser, given]


def test_the_loaded_user_answers_as_the_plain_queries_do(people):
    for person in people:
        loaded = UserBackend().get_user(person.pk)
        plain = fresh(person)
        assert loaded == plain
        assert loaded.full_name == plain.full_name
        assert permissions.is_officer(loaded) == permissions.is_officer(plain)
        assert permissions.region_roles(loaded) == permissions.region_roles(plain)
        assert permissions.is_agency_staff(loaded) == permissions.is_agency_staff(plain)
        assert requires_two_factor(loaded) == requires_two_factor(plain)
        assert UserBackend().get_all_permissions(loaded) == ModelBackend().get_all_permissions(
            fresh(person)
        )
    given = people[-1]
    assert [requires_two_factor(UserBackend().get_user(p.pk)) for p in people] == [
        True,  # officer
        True,  # auditor
        False,  # region user without a second factor
        True,  # enrolled region user
        False,  # an authenticator not yet confirmed
        True,  # recovery codes
        True,  # superuser
        False,  # staff flag alone
    ]
    assert UserBackend().get_all_permissions(UserBackend().get_user(given.pk)) == {
        "regions.view_region"
    }


def test_loading_the_user_and_the_second_factor_check_is_one_query(people):
    region_user = people[2]
    with CaptureQueriesContext(connection) as queries:
        user = UserBackend().get_user(region_user.pk)
        requires_two_factor(user)
        permissions.is_agency_staff(user)
        permissions.is_region_user(user)
    assert len(queries) == 1


def test_the_region_roles_loaded_with_the_user_are_the_active_memberships(
    people, stockholm, uppsala
):
    region_user = people[2]
    RegionMembership.objects.create(user=region_user, region=uppsala, role=RegionRole.PREPARER)
    loaded = UserBackend().get_user(region_user.pk)
    assert permissions.region_roles(loaded) == {
        stockholm.pk: RegionRole.SUBMITTER,
        uppsala.pk: RegionRole.PREPARER,
    }
    assert permissions.can_prepare_for_region(loaded, uppsala)
    assert not permissions.can_submit_for_region(loaded, uppsala)
    RegionMembership.objects.filter(user=region_user, region=stockholm).update(is_active=False)
    loaded = UserBackend().get_user(region_user.pk)
    assert permissions.region_roles(loaded) == {uppsala.pk: RegionRole.PREPARER}
    assert not permissions.can_view_region(loaded, stockholm)
    assert permissions.region_roles(UserBackend().get_user(people[0].pk)) == {}


def test_an_inactive_or_unknown_user_is_not_loaded(people):
    region_user = people[2]
    User.objects.filter(pk=region_user.pk).update(is_active=False)
    assert UserBackend().get_user(region_user.pk) is None
    assert UserBackend().get_user(987654) is None
    assert UserBackend().get_user("not a number") is None


def test_a_second_factor_set_up_during_the_request_counts_at_once(people):
    region_user = UserBackend().get_user(people[2].pk)
    assert not requires_two_factor(region_user)
    key = two_factor.new_key({})
    token = str(totp(bytes.fromhex(key))).zfill(6)
    _device, codes = two_factor.authenticator_add(user=region_user, key=key, code=token)
    assert codes
    assert has_confirmed_device(region_user)
    assert requires_two_factor(region_user)


def test_the_region_role_read_with_the_region_is_the_membership(people, stockholm, uppsala):
    officer, _auditor, region_user, enrolled, *_ = people
    for person, county_code in (
        (region_user, "01"),
        (region_user, "03"),
        (enrolled, "03"),
        (officer, "01"),
    ):
        user = UserBackend().get_user(person.pk)
        region = permissions.region_with_role(user, county_code)
        assert permissions.region_role(user, region) == permissions.region_role(
            fresh(person), region
        )
        assert permissions.can_view_region(user, region) == permissions.can_view_region(
            fresh(person), region
        )
    assert permissions.region_with_role(region_user, "99") is None
    # A role ended in this request is forgotten with the rest.
    user = UserBackend().get_user(region_user.pk)
    region = permissions.region_with_role(user, "01")
    assert permissions.region_role(user, region) == RegionRole.SUBMITTER
    RegionMembership.objects.filter(user=region_user).update(is_active=False)
    permissions.forget_cached_roles(user)
    assert permissions.region_role(user, region) is None


def test_an_administrators_permissions_come_with_the_user(people, django_assert_num_queries):
    """The admin site's question needs no query of its own for those who may open it
    (is_staff); for anybody else it is asked only if ever asked."""
    auditor, superuser, given = people[1], people[6], people[7]
    for person in (auditor, superuser, given):
        loaded = UserBackend().get_user(person.pk)
        assert loaded.is_staff
        with django_assert_num_queries(0):
            answer = UserBackend().get_all_permissions(loaded)
        assert answer == ModelBackend().get_all_permissions(fresh(person))
    assert "requisitions.view_requisition" in UserBackend().get_all_permissions(
        UserBackend().get_user(auditor.pk)
    )
    region_user = UserBackend().get_user(people[2].pk)
    assert not hasattr(region_user, "_perm_cache")


def test_the_user_and_the_region_a_page_names_are_planned_once_per_connection(
    people, client, settings
):
    """Every request loads its user, and every region page its region, with a statement
    written out by hand that PostgreSQL took longer to plan (0.6–2.5 ms) than to run: both
    are prepared statements, planned once per connection; each still passes through
    Django's cursor, so it is counted and logged like any other query."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    settings.PAGE_CACHE = False
    region_user = people[2]
    client.force_login(region_user)
    for _ in range(2):
        assert client.get("/region/01/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/region/01/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        prepared = cursor.fetchall()
    logged = [query["sql"] for query in queries]
    for marker in ("AS devices_at_load", "AS role_of_user"):
        plans = [(generic, custom) for text, generic, custom in prepared if marker in text]
        # Prepared on its first run (psycopg's prepare_threshold 0) and planned once for
        # every run since, never afresh for the values (plan_cache_mode).
        assert len(plans) == 1 and plans[0][0] >= 3 and plans[0][1] == 0, (marker, prepared)
        assert sum(marker in sql for sql in logged) == 1, (marker, logged)
    # Still the user and the region the plain queries give.
    user = UserBackend().get_user(region_user.pk)
    assert user == fresh(region_user)
    assert user.last_login == fresh(region_user).last_login
    region = permissions.region_with_role(user, "01")
    assert (region.county_code, region.role_of_user) == ("01", RegionRole.SUBMITTER)


def _menu_regions(page: str) -> list[tuple[str, str]]:
    menu = page.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="/region/(\d+)/">([^<]+)</a>', menu)


def test_the_menus_regions_are_read_with_the_user(people, stockholm, uppsala, client, settings):
    """A region user's menu lists each region they are an active member of, in county code
    order, as Django's query would, with the names escaped; the regions come with the user
    (accounts/backends.py), so the menu asks nothing more. A staff user's menu lists none."""
    settings.PAGE_CACHE = False
    region_user = people[2]
    RegionMembership.objects.create(user=region_user, region=uppsala, role=RegionRole.PREPARER)
    uppsala.name = 'Region "Uppsala" & <län>'
    uppsala.save()
    client.force_login(region_user)
    page = client.get("/region/01/").content.decode()
    expected = [
        (code, html.escape(name))
        for code, name in permissions.regions_visible_to(fresh(region_user))
        .order_by("county_code")
        .values_list("county_code", "name")
    ]
    assert (
        _menu_regions(page)
        == expected
        == [
            ("01", "Region Stockholm"),
            ("03", "Region &quot;Uppsala&quot; &amp; &lt;län&gt;"),
        ]
    )
    loaded = UserBackend().get_user(region_user.pk)
    with CaptureQueriesContext(connection) as queries:
        assert permissions.regions_in_menu(loaded) == [
            ("01", "Region Stockholm"),
            ("03", 'Region "Uppsala" & <län>'),
        ]
    assert len(queries) == 0
    # A membership ended: gone from the menu.
    RegionMembership.objects.filter(user=region_user, region=uppsala).update(is_active=False)
    assert _menu_regions(client.get("/region/01/").content.decode()) == [("01", "Region Stockholm")]
    # And asked afresh once the roles are forgotten within a request.
    permissions.forget_cached_roles(loaded)
    assert permissions.regions_in_menu(loaded) == [("01", "Region Stockholm")]
    client.force_login(people[0])  # an officer
    assert _menu_regions(client.get("/handlaggare/inkorg/").content.decode()) == []
