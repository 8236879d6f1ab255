import pytest
from django.urls import reverse

from sanad.accounts.tests.factories import CitizenFactory
from sanad.queueing.models import Ticket

from .factories import clerk_at, queue_centre, service

pytestmark = pytest.mark.django_db


def test_the_kiosk_gives_a_ticket_and_its_page_shows_the_number(client):
    centre, (counter, _) = queue_centre()
    clerk_at(centre, counter)
    page = client.get(reverse("queueing:kiosk", args=[centre.pk]))
    assert page.status_code == 200 and service().code in page.content.decode()
    response = client.post(
        reverse("queueing:kiosk-ticket", args=[centre.pk]), {"service": service().code}, follow=True
    )
    html = response.content.decode()
    assert "A-001" in html and 'data-testid="ticket-estimate"' in html
    assert Ticket.objects.get().source == "kiosk"


def test_the_kiosk_refuses_a_bad_mobile_and_gives_no_ticket(client):
    centre, _ = queue_centre()
    response = client.post(
        reverse("queueing:kiosk-ticket", args=[centre.pk]), {"service": service().code, "mobile": "12"}
    )
    assert response.status_code == 422 and 'data-testid="kiosk-error"' in response.content.decode()
    assert Ticket.objects.count() == 0


def test_kiosk_and_board_of_an_unknown_or_suspended_centre_are_404(client):
    from datetime import timedelta

    from django.utils import timezone

    suspended, _ = queue_centre(state="suspended", suspended_until=timezone.localdate() + timedelta(days=3))
    for name in ("queueing:kiosk", "queueing:board"):
        assert client.get(reverse(name, args=[999999])).status_code == 404
        assert client.get(reverse(name, args=[suspended.pk])).status_code == 404
    response = client.post(reverse("queueing:kiosk-ticket", args=[suspended.pk]), {"service": service().code})
    assert response.status_code == 404 and Ticket.objects.count() == 0


def test_the_board_shows_both_languages_and_its_live_part_polls(client):
    centre, _ = queue_centre()
    html = client.get(reverse("queueing:board", args=[centre.pk])).content.decode()
    assert "Now serving" in html and 'hx-trigger="every 3s"' in html
    live = client.get(reverse("queueing:board", args=[centre.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in live and 'data-testid="board-line"' in live


def test_a_clerk_signs_on_and_calls_next_from_the_console(client):
    centre, (counter, _) = queue_centre()
    clerk = clerk_at(centre)
    client.force_login(clerk)
    client.post(reverse("queueing:kiosk-ticket", args=[centre.pk]), {"service": service().code})
    client.post(reverse("queueing:sign-on", args=[counter.pk]))
    client.post(reverse("queueing:call-next"))
    html = client.get(reverse("queueing:console")).content.decode()
    assert 'data-testid="current-ticket"' in html and "A-001" in html
    assert Ticket.objects.get().state == "called"


def test_the_console_is_404_for_someone_without_a_centre(client):
    client.force_login(CitizenFactory())
    assert client.get(reverse("queueing:console")).status_code == 404


def test_booking_from_the_phone(client):
    from datetime import timedelta

    from django.utils import timezone

    centre, _ = queue_centre(counters=1)
    person = CitizenFactory()
    client.force_login(person)
    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    page = client.get(reverse("queueing:book", args=[centre.pk]) + f"?service={service().code}&date={day}")
    html = page.content.decode()
    assert 'data-testid="slot"' in html
    from sanad.queueing.appointments import slots_on

    first = slots_on(centre=centre, service=service(), day=timezone.localdate() + timedelta(days=1))[0]
    response = client.post(
        reverse("queueing:book", args=[centre.pk]),
        {"service": service().code, "start": first.start.isoformat()},
    )
    assert response.status_code == 302
    assert person.appointments.count() == 1
