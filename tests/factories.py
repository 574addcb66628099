"""Test data builders. Roles are given through the same services the application uses."""

import factory

from accounts.models import RegionRole, User
from accounts.roles import StaffRole
from accounts.services import membership_set, staff_role_grant

PASSWORD = "a-Long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name", locale="sv_SE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


def officer(**kwargs) -> User:
    user = UserFactory(**kwargs)
    staff_role_grant(user=user, role=StaffRole.OFFICER)
    return user


def auditor(**kwargs) -> User:
    user = UserFactory(**kwargs)
    staff_role_grant(user=user, role=StaffRole.AUDITOR)
    return user


def region_user(region, role: RegionRole | str = RegionRole.ADMIN, **kwargs) -> User:
    user = UserFactory(**kwargs)
    membership_set(user=user, region=region, role=role)
    return user
