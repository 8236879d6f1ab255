"""The regulator's search of the trail: API and page, filters, export, who may use it."""

import pytest
from conftest import authed

from sanad.audit.context import acting_as
from sanad.cases.services import case_transition
from sanad.cases.tests.factories import citizen, licensed_centre, open_walk_in, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases():
    centre = licensed_centre()
    clerk = staff(centre)
    first = open_walk_in(centre, clerk, citizen())
    second = open_walk_in(centre, clerk, citizen())
    with acting_as(clerk):
        case_transition(case_id=first.pk, action="start", actor=clerk)
    return centre, clerk, first, second


def test_the_regulator_finds_every_write_on_one_case(api_client, regulator, two_cases):
    _centre, _clerk, first, second = two_cases
    response = authed(api_client, regulator).get("/api/v1/audit/", {"object": f"case:{first.reference}"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert {"at", "actor", "action", "object", "changes", "hash", "prev_hash"} <= set(results[0])
    objects = {r["object"] for r in results}
    assert f"case:{first.reference}" in objects
    assert any(o.startswith("cases.caseevent:") for o in objects)
    assert f"case:{second.reference}" not in objects
    assert any(
        r["action"] == "update" and r["changes"].get("state") == ["accepted", "in_progress"] for r in results
    )


def test_search_by_person_centre_and_period(api_client, regulator, two_cases):
    centre, _clerk, first, _second = two_cases
    client = authed(api_client, regulator)
    mine = client.get("/api/v1/audit/", {"person": first.citizen.citizen_profile.id_number}).json()["results"]
    assert mine and all(r["object"] != "" for r in mine)
    by_centre = client.get("/api/v1/audit/", {"centre": centre.pk}).json()["count"]
    assert by_centre > 0
    assert client.get("/api/v1/audit/", {"centre": centre.pk + 999}).json()["count"] == 0
    assert client.get("/api/v1/audit/", {"from": "2999-01-01"}).json()["count"] == 0
    assert client.get("/api/v1/audit/", {"to": "2999-01-01"}).json()["count"] > 0


@pytest.mark.parametrize(
    "params", [{"object": "case:SND-2026-0000001-0"}, {"from": "yesterday"}, {"centre": "x"}]
)
def test_a_malformed_filter_is_a_clear_error_not_a_500(api_client, regulator, two_cases, params):
    response = authed(api_client, regulator).get("/api/v1/audit/", params)
    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/problem+json")


def test_only_the_regulator_and_admin_may_search(api_client, two_cases):
    _centre, clerk, first, _second = two_cases
    for user in (clerk, first.citizen):
        response = authed(api_client, user).get("/api/v1/audit/")
        assert response.status_code == 403
    assert api_client.credentials() is None or True


def test_the_page_searches_and_exports(client, regulator, two_cases):
    _centre, _clerk, first, _second = two_cases
    client.force_login(regulator)
    page = client.get("/regulator/audit/", {"object": f"case:{first.reference}"})
    assert page.status_code == 200 and page.content.decode().count('data-testid="trail-entry"') >= 3
    export = client.get("/regulator/audit/export.csv", {"object": f"case:{first.reference}"})
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("id,at,actor") and first.reference in body


def test_the_page_is_refused_to_a_clerk(client, two_cases):
    _centre, clerk, *_rest = two_cases
    client.force_login(clerk)
    assert client.get("/regulator/audit/").status_code == 403
    assert client.get("/regulator/audit/export.csv").status_code == 403
