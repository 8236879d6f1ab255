"""The counter page and the API open a walk-in through one service (cases.services.case_open_walk_in)
and price it by one government-fee rule (cases.services.government_fee_for): the same input gives the
same case, and the same bad input the same refusal with nothing written."""

import pytest
from conftest import authed

from sanad.accounts.models import User
from sanad.cases.models import Case
from sanad.cases.services import government_fee_for
from sanad.cases.tests.factories import DL_FORM, DL_RENEW, licensed_centre, staff
from sanad.catalogue.models import Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    return licensed_centre(services=(DL_RENEW,))


@pytest.fixture
def clerk(centre):
    return staff(centre)


def _by_web(client, clerk, centre, person_id, *, government_fee="", **form):
    client.force_login(clerk)
    data = {
        "id_number": person_id,
        "mobile": "91234567",
        "full_name_ar": "سالم الغافري",
        "service": DL_RENEW,
        "government_fee": government_fee,
        **{f"form-{k}": v for k, v in dict(DL_FORM, civil_number=person_id, **form).items()},
    }
    return client.post("/centre/cases/new/", data)


def _by_api(api_client, clerk, centre, person_id, *, government_fee=None, **form):
    body = {
        "centre": centre.pk,
        "service": DL_RENEW,
        "channel": "walk_in",
        "form_data": dict(DL_FORM, civil_number=person_id, **form),
        "citizen": {"id_number": person_id, "mobile": "91234567", "full_name_ar": "سالم الغافري"},
    }
    if government_fee is not None:
        body["government_fee"] = government_fee
    return authed(api_client, clerk).post("/api/v1/cases/", body, format="json")


@pytest.mark.parametrize("years, fee", [("2", 10000), ("10", 20000)])
def test_the_fee_rule_prices_a_walk_in_the_same_on_the_counter_page_and_the_api(
    client, api_client, centre, clerk, years, fee
):
    web = _by_web(client, clerk, centre, "11110001", renewal_years=years)
    assert web.status_code == 302, web.content.decode()[:500]
    api = _by_api(api_client, clerk, centre, "11110002", renewal_years=years)
    assert api.status_code == 201, api.content
    by_web = Case.objects.get(citizen__citizen_profile__id_number="11110001")
    by_api = Case.objects.get(citizen__citizen_profile__id_number="11110002")
    assert by_web.fee == by_api.fee == api.json()["fee"]
    assert by_web.fee["government_fee"] == fee
    assert (by_web.state, by_web.channel, by_web.clerk_id) == (by_api.state, by_api.channel, by_api.clerk_id)
    version = Service.objects.get(code=DL_RENEW).current_version
    assert government_fee_for(version=version, answers={"renewal_years": years}) == fee


def test_a_fee_outside_the_range_is_refused_the_same_way_by_both_and_nothing_is_written(
    client, api_client, centre, clerk
):
    web = _by_web(client, clerk, centre, "11110003", government_fee="99.000")
    api = _by_api(api_client, clerk, centre, "11110004", government_fee=99000)
    assert web.status_code == 422 and api.status_code in (400, 422)
    assert "government_fee" in api.json()["errors"]
    assert 'id="government_fee"' in web.content.decode() and "is-invalid" in web.content.decode()
    assert not Case.objects.exists()
    assert not User.objects.filter(citizen_profile__id_number__in=["11110003", "11110004"]).exists()
