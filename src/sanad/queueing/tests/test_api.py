import pytest
from conftest import authed

from sanad.queueing.models import Ticket

from .factories import clerk_at, queue_centre, service

pytestmark = pytest.mark.django_db


def test_the_public_queue_lists_lines_counters_and_now_serving(api_client):
    centre, (counter, _) = queue_centre()
    clerk = clerk_at(centre, counter)
    api_client.post(f"/api/v1/centres/{centre.pk}/tickets/", {"service": service().code}, format="json")
    authed(api_client, clerk).post(f"/api/v1/counters/{counter.pk}/call-next/")
    api_client.credentials()
    body = api_client.get(f"/api/v1/centres/{centre.pk}/queue/").json()
    assert [line["code"] for line in body["lines"]] == ["A", "B"]
    assert set(body["lines"][0]) == {"code", "name_ar", "name_en", "waiting", "estimated_wait_minutes"}
    assert body["counters_open"] == 1
    assert body["now_serving"] == [{"ticket": "A-001", "counter": "1"}]


def test_taking_a_ticket_answers_number_line_position_and_estimate(api_client):
    centre, (counter, _) = queue_centre()
    clerk_at(centre, counter)
    response = api_client.post(
        f"/api/v1/centres/{centre.pk}/tickets/",
        {"service": service().code, "priority": "elderly"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["number"] == "A-001" and body["line"] == "A" and body["position"] == 1
    assert body["estimated_wait_minutes"] == 0 and body["priority"] == "elderly"


def test_ticket_spam_from_one_client_gets_429_and_no_more_tickets(api_client):
    centre, _ = queue_centre()
    codes = [
        api_client.post(
            f"/api/v1/centres/{centre.pk}/tickets/", {"service": service().code}, format="json"
        ).status_code
        for _ in range(12)
    ]
    assert codes.count(201) == 10 and codes[-1] == 429
    assert Ticket.objects.count() == 10
    response = api_client.post(
        f"/api/v1/centres/{centre.pk}/tickets/", {"service": service().code}, format="json"
    )
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_ticket_at_a_closed_centre_is_409_and_nothing_changes(api_client):
    centre, _ = queue_centre(hours={})
    response = api_client.post(
        f"/api/v1/centres/{centre.pk}/tickets/",
        {"service": service().code},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 409
    assert "مغلق" in response.json()["detail"]
    assert Ticket.objects.count() == 0


def test_a_bad_priority_is_422_and_nothing_changes(api_client):
    centre, _ = queue_centre()
    response = api_client.post(
        f"/api/v1/centres/{centre.pk}/tickets/", {"service": service().code, "priority": "vip"}, format="json"
    )
    assert response.status_code in (400, 422)
    assert Ticket.objects.count() == 0


def test_queue_of_an_unknown_or_suspended_centre_is_404(api_client):
    from datetime import timedelta

    from django.utils import timezone

    suspended, _ = queue_centre(state="suspended", suspended_until=timezone.localdate() + timedelta(days=5))
    assert api_client.get("/api/v1/centres/999999/queue/").status_code == 404
    assert api_client.get(f"/api/v1/centres/{suspended.pk}/queue/").status_code == 404
    response = api_client.post(
        f"/api/v1/centres/{suspended.pk}/tickets/", {"service": service().code}, format="json"
    )
    assert response.status_code == 404 and Ticket.objects.count() == 0


def test_counters_are_listed_to_their_centres_staff_only(api_client):
    centre, (counter, _) = queue_centre()
    elsewhere, _ = queue_centre()
    clerk = clerk_at(centre, counter)
    client = authed(api_client, clerk)
    body = client.get(f"/api/v1/centres/{centre.pk}/counters/").json()
    assert body[0] == {"id": counter.pk, "name": "1", "lines": ["A", "B"], "clerk": clerk.username}
    assert client.get(f"/api/v1/centres/{elsewhere.pk}/counters/").status_code == 404


def test_a_clerk_works_the_queue_through_the_api(api_client):
    centre, (counter, other) = queue_centre()
    clerk = clerk_at(centre)
    client = authed(api_client, clerk)
    assert client.post(f"/api/v1/counters/{counter.pk}/call-next/").status_code == 404  # not signed on
    assert client.post(f"/api/v1/counters/{counter.pk}/sign-on/").json()["clerk"] == clerk.username
    ticket = client.post(
        f"/api/v1/centres/{centre.pk}/tickets/", {"service": service().code}, format="json"
    ).json()
    assert Ticket.objects.get(pk=ticket["id"]).source == "clerk"
    called = client.post(f"/api/v1/counters/{counter.pk}/call-next/").json()
    assert called["number"] == "A-001" and called["state"] == "called" and called["counter"] == "1"
    assert client.post(f"/api/v1/tickets/{called['id']}/no_show/").status_code == 409  # too soon
    assert client.post(f"/api/v1/tickets/{called['id']}/done/").json()["state"] == "done"
    assert client.post(f"/api/v1/tickets/{called['id']}/fly/").status_code == 422
    assert client.post(f"/api/v1/counters/{other.pk}/call-next/").status_code == 404
    assert client.post(f"/api/v1/counters/{counter.pk}/sign-off/").json()["clerk"] is None


def test_another_centres_ticket_is_404(api_client):
    centre, (counter, _) = queue_centre()
    elsewhere, _ = queue_centre()
    clerk = clerk_at(centre, counter)
    theirs = api_client.post(
        f"/api/v1/centres/{elsewhere.pk}/tickets/", {"service": service().code}, format="json"
    )
    response = authed(api_client, clerk).post(f"/api/v1/tickets/{theirs.json()['id']}/cancel/")
    assert response.status_code == 404
    assert Ticket.objects.get().state == "waiting"
