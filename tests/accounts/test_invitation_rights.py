"""Who invites and removes whom follows the agency's table in DOMAIN.md exactly:

| right                              | ombud | representant | uppgiftssamordnare |
| invite or remove representatives   | yes   | no           | no                 |
| invite or remove preparers         | yes   | yes          | no                 |

and nobody invites an ombud or changes the ombud's role: the ombud is appointed by an approved
ombud application (tests/ombud)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import permissions
from accounts.models import RegionMembership, RegionRole, User
from accounts.services import region_membership_change, region_user_invite
from tests import factories

pytestmark = pytest.mark.django_db

ADMIN, SUBMITTER, PREPARER = RegionRole.ADMIN, RegionRole.SUBMITTER, RegionRole.PREPARER

# (actor's role, role invited or removed) -> allowed. DOMAIN.md's table, cell by cell.
TABLE = {
    (ADMIN, SUBMITTER): True,
    (ADMIN, PREPARER): True,
    (ADMIN, ADMIN): False,
    (SUBMITTER, SUBMITTER): False,
    (SUBMITTER, PREPARER): True,
    (SUBMITTER, ADMIN): False,
    (PREPARER, SUBMITTER): False,
    (PREPARER, PREPARER): False,
    (PREPARER, ADMIN): False,
}


@pytest.mark.parametrize(("actor_role", "role"), list(TABLE), ids=lambda r: str(r))
def test_the_permission_answers_the_table(stockholm, actor_role, role):
    actor = factories.region_user(stockholm, actor_role)
    assert permissions.can_manage_role(actor, stockholm, role) is TABLE[(actor_role, role)]


@pytest.mark.parametrize(("actor_role", "role"), list(TABLE), ids=lambda r: str(r))
def test_inviting_follows_the_table(stockholm, actor_role, role):
    actor = factories.region_user(stockholm, actor_role)
    email = f"ny-{actor_role}-{role}@region.test"
    if TABLE[(actor_role, role)]:
        region_user_invite(region=stockholm, email=email, full_name="Ny", role=role, actor=actor)
        assert permissions.region_role(User.objects.get(email=email), stockholm) == role
        return
    with pytest.raises((PermissionDenied, ValidationError)):
        region_user_invite(region=stockholm, email=email, full_name="Ny", role=role, actor=actor)
    assert not User.objects.filter(email=email).exists()


@pytest.mark.parametrize(("actor_role", "role"), list(TABLE), ids=lambda r: str(r))
def test_removing_follows_the_table(stockholm, actor_role, role):
    actor = factories.region_user(stockholm, actor_role)
    # A region has one ombud: the ombud's "own kind" is the ombud's own role.
    same_ombud = actor_role == ADMIN and role == ADMIN
    member = actor if same_ombud else factories.region_user(stockholm, role)
    membership = RegionMembership.objects.get(user=member)
    if TABLE[(actor_role, role)]:
        region_membership_change(membership=membership, role=role, active=False, actor=actor)
        membership.refresh_from_db()
        assert not membership.is_active
        return
    with pytest.raises((PermissionDenied, ValidationError)):
        region_membership_change(membership=membership, role=role, active=False, actor=actor)
    membership.refresh_from_db()
    assert membership.is_active


def test_a_representative_cannot_promote_a_preparer(stockholm):
    representative = factories.region_user(stockholm, SUBMITTER)
    preparer = factories.region_user(stockholm, PREPARER)
    membership = RegionMembership.objects.get(user=preparer)
    with pytest.raises(ValidationError) as refused:
        region_membership_change(
            membership=membership, role=SUBMITTER, active=True, actor=representative
        )
    assert "Endast regionens ombud bjuder in och tar bort representanter." in str(refused.value)
    membership.refresh_from_db()
    assert membership.role == PREPARER


def test_a_representative_invites_a_preparer_on_the_page(client, stockholm):
    representative = factories.region_user(stockholm, SUBMITTER)
    client.force_login(representative)
    page = client.get("/region/01/anvandare/").content.decode()
    assert 'value="preparer"' in page
    assert 'value="submitter"' not in page
    assert 'value="admin"' not in page
    response = client.post(
        "/region/01/anvandare/",
        {"email": "rep@region.test", "full_name": "Rep", "role": "submitter"},
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ." in response.content.decode()
    assert not User.objects.filter(email="rep@region.test").exists()
    response = client.post(
        "/region/01/anvandare/",
        {"email": "prep@region.test", "full_name": "Prep", "role": "preparer"},
    )
    assert response.status_code == 302
    assert (
        permissions.region_role(User.objects.get(email="prep@region.test"), stockholm) == PREPARER
    )


def test_the_users_page_shows_the_history_of_roles(client, stockholm):
    ombud = factories.region_user(stockholm, ADMIN, full_name="Olga Ombud")
    client.force_login(ombud)
    client.post(
        "/region/01/anvandare/",
        {"email": "prep@region.test", "full_name": "Prep", "role": "preparer"},
    )
    membership = RegionMembership.objects.get(user__email="prep@region.test")
    client.post(f"/region/01/anvandare/{membership.pk}/", {"role": "preparer"})
    page = client.get("/region/01/anvandare/").content.decode()
    assert "Ändringar av roller" in page
    assert "Fick rollen Uppgiftssamordnare" in page
    assert "Rollen Uppgiftssamordnare togs bort" in page
    assert "Olga Ombud" in page
