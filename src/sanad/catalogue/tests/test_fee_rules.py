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


# --- The derived fee shown before a request is sent ------------------------------------------------


def test_the_service_page_lists_the_fee_for_each_renewal_period(client):
    html = client.get("/services/ROP-DL-RENEW/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="fee-rules"' in html
    assert 'data-value="2"' in html and 'data-value="10"' in html
    assert "10.000" in html and "20.000" in html


def test_the_api_preview_derives_the_fee_from_the_answers(api_client):
    from sanad.cases.tests.factories import DL_FORM, licensed_centre

    centre = licensed_centre(fee=1500)
    response = api_client.post(
        "/api/v1/services/ROP-DL-RENEW/fee-preview/",
        {"centre": centre.pk, "form_data": {**DL_FORM, "renewal_years": "10"}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["source"] == "rule" and body["government_fee"] == 20000 and not body["is_range"]
    assert body["centre_fee"] == 1500 and body["vat"] == 75 and body["total"] == 21575
    assert body["rule"]["field"] == "renewal_years" and body["rule"]["value"] == "10"
    assert body["rule"]["question"] == "Renewal period"


def test_the_api_preview_without_the_deciding_answer_gives_the_range(api_client):
    body = api_client.post("/api/v1/services/ROP-DL-RENEW/fee-preview/", {}, format="json").json()
    assert body["source"] == "range" and body["is_range"] and body["rule"] is None
    assert (body["government_fee"], body["government_fee_max"]) == (10000, 20000)
    given = api_client.post(
        "/api/v1/services/ROP-DL-RENEW/fee-preview/",
        {"government_fee": 15000, "form_data": {"renewal_years": "10"}},
        format="json",
    ).json()
    assert given["source"] == "given" and given["government_fee"] == 15000


@pytest.mark.parametrize(
    "body",
    [{"government_fee": -1}, {"government_fee": "ten"}, {"government_fee": 99_000_000}, {"centre": 999999}],
)
def test_a_bad_preview_request_is_422_problem_json(api_client, body):
    response = api_client.post("/api/v1/services/ROP-DL-RENEW/fee-preview/", body, format="json")
    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/problem+json")


def test_the_request_forms_preview_shows_the_fee_for_the_answer_given(client):
    from sanad.cases.tests.factories import citizen, licensed_centre

    centre = licensed_centre()
    client.force_login(citizen())
    hint = client.get(
        "/my/cases/new/fee/", {"service": "ROP-DL-RENEW", "centre": centre.pk}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'data-testid="fee-rule-hint"' in hint
    html = client.get(
        "/my/cases/new/fee/",
        {"service": "ROP-DL-RENEW", "centre": centre.pk, "renewal_years": "2", "government_fee": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert 'data-testid="fee-rule-applied"' in html and "10.000" in html
