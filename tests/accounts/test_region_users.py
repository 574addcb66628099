"""The ombud and representatives manage their own region's users: invite, change role,
deactivate (the rights in DOMAIN.md's table: tests/accounts/test_invitation_rights.py)."""

import re

import pytest

from accounts import permissions
from accounts.models import RegionMembership, RegionRole, User
from records.models import AuditAction, AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(stockholm):
    return factories.region_user(stockholm, RegionRole.ADMIN, full_name="Olga Ombud")


def test_an_admin_invites_a_user_who_sets_a_password_and_logs_in(
    client, admin, stockholm, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/region/01/anvandare/",
            {"email": "Ny.Person@Region.test", "full_name": "Ny Person", "role": "preparer"},
        )
    assert response.status_code == 302
    user = User.objects.get(email="ny.person@region.test")
    assert not user.has_usable_password()
    assert permissions.region_role(user, stockholm) == RegionRole.PREPARER
    assert AuditEvent.objects.filter(action=AuditAction.USER_INVITED, region=stockholm).count() == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ny.person@region.test"]
    assert "Olga Ombud har gett dig rollen ”Uppgiftssamordnare” för Region Stockholm" in mail.body
    link = re.search(r"http://\S+/konto/aktivera/\S+/", mail.body).group(0)
    path = link.split("8000", 1)[1] if "8000" in link else link

    client.logout()
    form = client.get(path, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    response = client.post(
        set_url,
        {"new_password1": "Ett-långt-lösenord-42", "new_password2": "Ett-långt-lösenord-42"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Ett-långt-lösenord-42")
    # The link works once.
    assert "Länken har redan använts" in client.get(path, follow=True).content.decode()
    response = client.post(
        "/konto/logga-in/",
        {"username": user.email, "password": "Ett-långt-lösenord-42"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/region/01/"


def test_an_admin_changes_a_role_and_deactivates(client, admin, stockholm):
    member = factories.region_user(stockholm, RegionRole.SUBMITTER)
    membership = RegionMembership.objects.get(user=member)
    client.force_login(admin)
    client.post(f"/region/01/anvandare/{membership.pk}/", {"role": "preparer", "is_active": "on"})
    membership.refresh_from_db()
    assert membership.role == RegionRole.PREPARER
    client.post(f"/region/01/anvandare/{membership.pk}/", {"role": "preparer"})
    membership.refresh_from_db()
    assert not membership.is_active
    assert not permissions.can_view_region(User.objects.get(pk=member.pk), stockholm)
    assert RegionMembership.objects.filter(pk=membership.pk).exists()  # deactivated, not deleted


def test_the_ombuds_own_role_is_not_changed_on_the_users_page(client, admin, stockholm):
    """The ombud is appointed and replaced only through an ombud application."""
    membership = RegionMembership.objects.get(user=admin)
    client.force_login(admin)
    assert client.get(f"/region/01/anvandare/{membership.pk}/").status_code == 403
    response = client.post(
        f"/region/01/anvandare/{membership.pk}/", {"role": "submitter", "is_active": "on"}
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert (membership.role, membership.is_active) == (RegionRole.ADMIN, True)
    users_page = client.get("/region/01/anvandare/").content.decode()
    assert f"/region/01/anvandare/{membership.pk}/" not in users_page


def test_nothing_beyond_the_region(client, admin, stockholm, uppsala, officer):
    other = factories.region_user(uppsala, RegionRole.SUBMITTER)
    other_membership = RegionMembership.objects.get(user=other)
    client.force_login(admin)
    # Another region's membership, even through this region's URL, is not found.
    assert (
        client.post(
            f"/region/01/anvandare/{other_membership.pk}/", {"role": "preparer", "is_active": "on"}
        ).status_code
        == 404
    )
    assert client.get("/region/03/anvandare/").status_code == 403
    other_membership.refresh_from_db()
    assert other_membership.role == RegionRole.SUBMITTER
    # Agency staff cannot be given a region role.
    response = client.post(
        "/region/01/anvandare/", {"email": officer.email, "full_name": "x", "role": "submitter"}
    )
    assert "tillhör personal på Socialstyrelsen" in response.content.decode()
    assert not RegionMembership.objects.filter(user=officer).exists()


def test_a_preparer_manages_nobody(client, stockholm):
    client.force_login(factories.region_user(stockholm, RegionRole.PREPARER))
    assert client.get("/region/01/anvandare/").status_code == 403
    assert (
        client.post(
            "/region/01/anvandare/", {"email": "x@y.test", "full_name": "x", "role": "preparer"}
        ).status_code
        == 403
    )
    assert not User.objects.filter(email="x@y.test").exists()


def test_bad_invitation_input_is_explained(client, admin):
    client.force_login(admin)
    response = client.post(
        "/region/01/anvandare/",
        {"email": "inte en adress", "full_name": "<b>x</b>", "role": "boss"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fyll i en giltig e-postadress." in html
    assert "Skriv vanlig text utan HTML-kod" in html
    assert "Välj ett giltigt alternativ." in html
    # Nobody is invited as ombud: the role is not even offered.
    assert 'value="admin"' not in html


def test_password_reset_does_not_reveal_accounts(
    client, admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/konto/glomt-losenord/", {"email": admin.email})
        unknown = client.post("/konto/glomt-losenord/", {"email": "nobody@nowhere.test"})
    assert known.content.decode().count("på väg") == unknown.content.decode().count("på väg") == 1
    assert [m.to for m in mailoutbox] == [[admin.email]]
