"""The public centre API and the regulator's licensing API."""

from datetime import UTC, datetime, timedelta

import pytest
from conftest import authed
from django.utils import timezone

from sanad.centres.constants import CHECKLIST, LicenceState, StaffRole
from sanad.centres.models import Licence
from sanad.geo.models import Wilayat

from .factories import add_owner, make_centre, price, staff_of

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_governorate_wilayat_and_service(api_client, dl_renew):
    bawshar = make_centre()
    salalah = make_centre(wilayat=Wilayat.objects.get(code="OM-ZU-SALALAH"))
    price(bawshar, dl_renew, 1500)
    ids = lambda query: [c["id"] for c in api_client.get(f"/api/v1/centres/?{query}").json()["results"]]  # noqa: E731
    assert ids("") == [bawshar.pk, salalah.pk]
    assert ids("governorate=OM-ZU") == [salalah.pk]
    assert ids("wilayat=OM-MA-BAWSHAR") == [bawshar.pk]
    assert ids("service=ROP-DL-RENEW") == [bawshar.pk]


@pytest.mark.parametrize(
    "query", ["governorate=OM-XX", "wilayat=NOWHERE", "service=NO-SUCH", "open_now=perhaps"]
)
def test_unknown_filters_are_a_400_problem(api_client, query):
    response = api_client.get(f"/api/v1/centres/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_a_centre_shows_hours_and_services_with_fee_and_cap(api_client, dl_renew):
    centre = make_centre(hours={6: [(450, 810)]})
    price(centre, dl_renew, 1800)
    body = api_client.get(f"/api/v1/centres/{centre.pk}/").json()
    assert body["status"] == "active" and body["licence_number"] == centre.licence.number
    sunday = next(d for d in body["hours"]["week"] if d["weekday"] == 6)
    assert sunday["periods"] == [{"opens": "07:30", "closes": "13:30"}]
    [service] = body["services"]
    assert (service["service"], service["centre_fee"], service["cap"], service["fee"], service["vat"]) == (
        "ROP-DL-RENEW",
        1800,
        2000,
        1800,
        90,
    )


@pytest.mark.parametrize(
    "state", [LicenceState.SUSPENDED, LicenceState.EXPIRED, LicenceState.REVOKED, LicenceState.SUBMITTED]
)
def test_suspended_expired_revoked_and_unlicensed_centres_vanish_from_public_search(api_client, state):
    hidden = make_centre(
        state=state,
        expires_in_days=-3 if state == LicenceState.EXPIRED else 100,
        suspended_until=timezone.localdate() + timedelta(days=9) if state == LicenceState.SUSPENDED else None,
    )
    assert api_client.get("/api/v1/centres/").json()["count"] == 0
    assert api_client.get(f"/api/v1/centres/{hidden.pk}/").status_code == 404
    assert api_client.get("/api/v1/centres/map/").json() == {"count": 0, "open": 0, "centres": []}


def test_the_map_endpoint_lists_every_licensed_centre_as_a_point(api_client):
    centre = make_centre()
    body = api_client.get("/api/v1/centres/map/").json()
    assert body["count"] == 1
    assert body["centres"][0] == {
        "id": centre.pk,
        "name_ar": centre.name_ar,
        "name_en": centre.name_en,
        "latitude": centre.latitude,
        "longitude": centre.longitude,
        "governorate": "OM-MA",
        "wilayat": "OM-MA-BAWSHAR",
        "open": False,  # no opening hours
    }
    assert body["open"] == 0


def test_the_map_says_which_centres_are_open_now_in_muscat_time(api_client):
    import time_machine

    from sanad.centres.models import HoursException

    every_day = {day: [(8 * 60, 14 * 60)] for day in range(7)}
    morning = make_centre(hours=every_day)
    closed_today = make_centre(hours=every_day)
    make_centre(hours={day: [(16 * 60, 21 * 60)] for day in range(7)})
    at = timezone.localtime(datetime(2026, 12, 8, 6, 0, tzinfo=UTC))  # a Tuesday, 10:00 in Muscat
    HoursException.objects.create(
        centre=closed_today, starts_on=at.date(), ends_on=at.date(), name_ar="صيانة", is_closed=True
    )
    with time_machine.travel(at, tick=False):
        body = api_client.get("/api/v1/centres/map/").json()
    is_open = {point["id"]: point["open"] for point in body["centres"]}
    assert is_open[morning.pk] and not is_open[closed_today.pk]
    assert body["count"] == 3 and body["open"] == 1
    with time_machine.travel(at.replace(hour=17), tick=False):
        body = api_client.get("/api/v1/centres/map/").json()
    assert body["open"] == 1 and not {p["id"]: p["open"] for p in body["centres"]}[morning.pk]


def test_the_regulator_takes_an_application_through_the_api(api_client, regulator):
    centre = make_centre(state=LicenceState.SUBMITTED)
    add_owner(centre)
    client = authed(api_client, regulator)
    url = f"/api/v1/licences/{centre.licence.pk}/actions/"
    interview = (timezone.now() + timedelta(days=2)).isoformat()
    for action in ("start_review", "schedule_interview", "record_interview", "approve_initial"):
        response = client.post(url, {"action": action, "interview_at": interview}, format="json")
        assert response.status_code == 200, response.content
    inspection = client.post(
        f"/api/v1/licences/{centre.licence.pk}/inspections/",
        {"kind": "fitout", "checklist": dict.fromkeys(CHECKLIST, True)},
        format="json",
    )
    assert inspection.status_code == 201 and inspection.json()["result"] == "passed"
    response = client.post(url, {"action": "issue"}, format="json")
    body = response.json()
    assert body["state"] == "active" and body["number"].startswith("SC-")
    assert [e["action"] for e in body["events"]][-2:] == ["pass_fitout", "issue"]
    assert client.get("/api/v1/licences/?state=active").json()["count"] == 1


def test_an_action_out_of_order_is_a_409_naming_the_current_step_in_arabic(api_client, regulator):
    centre = make_centre(state=LicenceState.SUBMITTED)
    response = authed(api_client, regulator).post(
        f"/api/v1/licences/{centre.licence.pk}/actions/",
        {"action": "issue"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["current_state"] == "submitted"
    assert "تم تقديم الطلب" in body["detail"]
    assert Licence.objects.get().state == "submitted"


def test_only_the_regulator_uses_the_licensing_console(api_client):
    centre = make_centre()
    owner = staff_of(centre, StaffRole.OWNER)
    response = authed(api_client, owner).get("/api/v1/licences/")
    assert response.status_code == 403
    assert (
        api_client.post(f"/api/v1/licences/{centre.licence.pk}/actions/", {"action": "suspend"}).status_code
        == 403
    )


def test_the_regulator_lists_licences_expiring_within_30_days(api_client, regulator):
    soon = make_centre(expires_in_days=20)
    make_centre(expires_in_days=80)
    body = authed(api_client, regulator).get("/api/v1/licences/?expiring_within=30").json()
    assert [row["centre"] for row in body["results"]] == [soon.pk]
    assert api_client.get("/api/v1/licences/?expiring_within=abc").status_code == 400


def test_the_schema_documents_the_centre_and_licensing_endpoints(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi").content)
    for path in (
        "/api/v1/centres/",
        "/api/v1/centres/{id}/",
        "/api/v1/centres/map/",
        "/api/v1/centres/{id}/hours/",
        "/api/v1/centres/{id}/prices/{service_code}/",
        "/api/v1/centres/{id}/staff/",
        "/api/v1/licences/",
        "/api/v1/licences/{id}/actions/",
        "/api/v1/licences/{id}/inspections/",
    ):
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/v1/centres/"]["get"]["parameters"]}
    assert {"governorate", "wilayat", "service", "open_now", "near"} <= params
