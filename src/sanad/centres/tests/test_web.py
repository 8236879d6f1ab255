"""The pages: find a centre, a centre, the centre console and the licensing console (in Arabic)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sanad.accounts.tests.twofactor_helpers import sign_in_verified
from sanad.centres.constants import LicenceState, StaffRole
from sanad.centres.models import CentreService, OpeningPeriod

from .factories import add_owner, make_centre, price, staff_of

pytestmark = pytest.mark.django_db


def test_find_a_centre_lists_them_nearest_first_with_the_distance(client, dl_renew):
    near = make_centre(latitude=23.5890, longitude=58.3840)
    far = make_centre(latitude=23.6700, longitude=58.1900)
    price(near, dl_renew, 1500)
    price(far, dl_renew, 2000)
    html = client.get(
        "/centres/", {"service": "ROP-DL-RENEW", "lat": "23.5880", "lon": "58.3829"}
    ).content.decode()
    assert html.index(near.name_ar) < html.index(far.name_ar)
    assert "ابحث عن مركز" in html and "كم" in html
    assert "1.500 ر.ع." in html


def test_a_bad_point_on_the_page_is_explained_not_a_500(client):
    make_centre()
    response = client.get("/centres/", {"lat": "abc", "lon": "58"})
    assert response.status_code == 400
    assert 'data-testid="point-error"' in response.content.decode()


def test_a_centre_page_shows_hours_prices_with_the_cap_and_directions(client, dl_renew):
    centre = make_centre(hours={6: [(450, 810)]})
    price(centre, dl_renew, 1800)
    html = client.get(f"/centres/{centre.pk}/").content.decode()
    assert "1.800 ر.ع." in html and "2.000 ر.ع." in html
    assert "07:30–13:30" in html and "google.com/maps/dir" in html
    suspended = make_centre(
        state=LicenceState.SUSPENDED, suspended_until=timezone.localdate() + timedelta(days=3)
    )
    assert client.get(f"/centres/{suspended.pk}/").status_code == 404


def test_the_centre_console_is_read_only_for_a_clerk_whose_changes_are_403(client, dl_renew):
    centre = make_centre()
    clerk = staff_of(centre, StaffRole.CLERK)
    client.force_login(clerk)
    for url in (
        "/centre/manage/",
        "/centre/manage/hours/",
        "/centre/manage/prices/",
        "/centre/manage/staff/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/centre/manage/prices/set/", {"service": "ROP-DL-RENEW", "centre_fee_omr": "1.000"}
    )
    assert response.status_code == 403
    response = client.post("/centre/manage/hours/save/", {"weekly": "1", "d6_o0": "08:00", "d6_c0": "12:00"})
    assert response.status_code == 403
    assert not CentreService.objects.exists() and not OpeningPeriod.objects.exists()


def test_a_manager_saves_hours_and_a_price_above_the_cap_is_explained_on_the_page(client, dl_renew):
    centre = make_centre()
    client.force_login(staff_of(centre, StaffRole.MANAGER))
    response = client.post("/centre/manage/hours/save/", {"weekly": "1", "d6_o0": "08:00", "d6_c0": "12:00"})
    assert response.status_code == 302
    assert list(centre.periods.values_list("weekday", "opens_minute", "closes_minute")) == [(6, 480, 720)]
    response = client.post("/centre/manage/hours/save/", {"weekly": "1", "d6_o0": "20:00", "d6_c0": "01:00"})
    assert response.status_code == 422
    assert "24:00" in response.content.decode()
    assert centre.periods.count() == 1
    response = client.post(
        "/centre/manage/prices/set/", {"service": "ROP-DL-RENEW", "centre_fee_omr": "2.500"}
    )
    assert response.status_code == 422 and "2.000 ر.ع." in response.content.decode()
    assert not CentreService.objects.exists()
    response = client.post(
        "/centre/manage/prices/set/", {"service": "ROP-DL-RENEW", "centre_fee_omr": "1.750"}
    )
    assert response.status_code == 302 and CentreService.objects.get().centre_fee == 1750


def test_staff_without_a_centre_are_told_so(client):
    from sanad.accounts.constants import Role
    from sanad.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(role=Role.CENTRE_STAFF))
    assert client.get("/centre/manage/").status_code == 404


def test_the_licensing_console_shows_queues_and_takes_actions(client, regulator):
    application = make_centre(state=LicenceState.SUBMITTED)
    add_owner(application)
    make_centre(expires_in_days=10)
    client.force_login(regulator)
    for tab in ("applications", "interviews", "inspections", "expiring", "suspended", "expired"):
        assert client.get("/regulator/licensing/", {"tab": tab}).status_code == 200
    assert application.name_ar in client.get("/regulator/licensing/").content.decode()
    url = f"/regulator/licensing/{application.licence.pk}/"
    assert client.get(url).status_code == 200
    out_of_order = client.post(f"{url}action/", {"action": "issue"})
    assert out_of_order.status_code == 409
    response = client.post(f"{url}action/", {"action": "start_review"})
    assert response.status_code == 302
    application.licence.refresh_from_db()
    assert application.licence.state == LicenceState.UNDER_REVIEW


def test_the_licensing_console_is_the_regulators_only(client):
    centre = make_centre()
    client.force_login(staff_of(centre, StaffRole.OWNER))
    assert client.get("/regulator/licensing/").status_code == 403


def test_a_citizen_applies_from_the_web_form(client, citizen):
    client.force_login(citizen)
    born = (timezone.localdate() - timedelta(days=30 * 365)).isoformat()
    response = client.post(
        "/centres/apply/",
        {
            "name_ar": "مركز الغد لخدمات سند",
            "wilayat": "OM-MA-SEEB",
            "address_ar": "السيب",
            "latitude": "23.67",
            "longitude": "58.19",
            "phone": "24123456",
            "counters": "2",
            "o0_name_ar": "مواطن",
            "o0_date_of_birth": born,
            "o0_gender": "male",
            "o0_is_omani": "on",
            "o0_full_time": "on",
        },
    )
    assert response.status_code == 302
    assert "مركز الغد لخدمات سند" in client.get("/centres/apply/").content.decode()


def test_the_regulator_edits_public_holidays_in_the_admin(client, regulator):
    sign_in_verified(client, regulator)
    assert client.get("/admin/centres/publicholiday/").status_code == 200
    assert client.get("/admin/centres/publicholiday/add/").status_code == 200
    assert client.get("/admin/centres/licence/").status_code == 200
