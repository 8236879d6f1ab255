import factory

from sanad.accounts.constants import IdKind, Role
from sanad.accounts.models import CitizenProfile, User

TEST_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.CITIZEN
    full_name_ar = factory.Sequence(lambda n: f"مستخدم {n}")
    full_name_en = factory.Sequence(lambda n: f"User {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.om")
    password = factory.django.Password(TEST_PASSWORD)


class CitizenProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenProfile

    user = factory.SubFactory(UserFactory)
    id_kind = IdKind.CIVIL
    id_number = factory.Sequence(lambda n: f"{10000000 + n}")


class CitizenFactory(UserFactory):
    role = Role.CITIZEN
    mobile = factory.Sequence(lambda n: f"+9689{1000000 + n:07d}")
    profile = factory.RelatedFactory(CitizenProfileFactory, factory_related_name="user")
