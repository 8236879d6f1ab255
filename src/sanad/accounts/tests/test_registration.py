import pytest

from sanad.accounts.models import CitizenProfile, User
from sanad.accounts.selectors import citizen_by_id_number
from sanad.accounts.services import citizen_register
from sanad.core.errors import Conflict, ValidationFailed

pytestmark = pytest.mark.django_db


def test_a_citizen_is_registered_with_e164_mobile_and_found_by_civil_number():
    user = citizen_register(id_number="٩٨٧٦٥٤٣٢", mobile="9123 4567", full_name_ar="سالم")
    assert user.mobile == "+96891234567"
    assert citizen_by_id_number("98765432") == user
    assert user.citizen_profile.id_suffix == "5432"


@pytest.mark.parametrize(
    ("id_number", "mobile", "field"),
    [("12", "91234567", "id_number"), ("98765432", "24123456", "mobile"), ("98765432", "phone", "mobile")],
)
def test_invalid_identity_is_refused_and_nothing_is_saved(id_number, mobile, field):
    with pytest.raises(ValidationFailed) as raised:
        citizen_register(id_number=id_number, mobile=mobile)
    assert field in raised.value.errors
    assert User.objects.count() == 0
    assert CitizenProfile.objects.count() == 0


def test_registering_the_same_civil_number_twice_is_a_conflict():
    citizen_register(id_number="98765432", mobile="91234567")
    with pytest.raises(Conflict):
        citizen_register(id_number="98765432", mobile="92345678")
    assert User.objects.count() == 1
