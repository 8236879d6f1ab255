import pytest

from sanad.catalogue.models import ServiceVersion
from sanad.catalogue.services import government_fee_from_answers

pytestmark = pytest.mark.django_db


def dl_renew() -> ServiceVersion:
    return ServiceVersion.objects.get(service__code="ROP-DL-RENEW", status="published")


def test_the_renewal_period_gives_the_driving_licence_fee():
    version = dl_renew()
    assert government_fee_from_answers(version=version, answers={"renewal_years": "10"}) == 20000
    assert government_fee_from_answers(version=version, answers={"renewal_years": "2"}) == 10000
    assert government_fee_from_answers(version=version, answers={"renewal_years": "1"}) is None


def test_a_case_takes_its_fee_from_the_answers_when_none_is_typed():
    from sanad.cases.tests.factories import DL_FORM, citizen, licensed_centre, open_walk_in, staff

    centre = licensed_centre()
    case = open_walk_in(
        centre, staff(centre), citizen(), government_fee=None, form_data={**DL_FORM, "renewal_years": "2"}
    )
    assert case.government_fee == 10000


def test_without_a_rule_for_the_answer_the_fee_must_still_be_typed():
    from sanad.cases.tests.factories import DL_FORM, citizen, licensed_centre, open_walk_in, staff
    from sanad.core.errors import ValidationFailed

    centre = licensed_centre()
    with pytest.raises(ValidationFailed) as error:
        open_walk_in(
            centre, staff(centre), citizen(), government_fee=None, form_data={**DL_FORM, "renewal_years": "1"}
        )
    assert "government_fee" in error.value.errors
