"""Opening hours: validation, open-now across midnight, the Friday–Saturday weekend, holidays and
special hours, all in Asia/Muscat."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from conftest import authed

from sanad.centres import selectors
from sanad.centres.constants import StaffRole
from sanad.centres.hours import HoursError, parse_hhmm, period_problems
from sanad.centres.models import HoursException, OpeningPeriod
from sanad.centres.services import centre_set_hours, hours_exception_add
from sanad.core.errors import PermissionDenied, ValidationFailed

from .factories import make_centre, staff_of

pytestmark = pytest.mark.django_db
MUSCAT = ZoneInfo("Asia/Muscat")
SUN_THU = (6, 0, 1, 2, 3)
# Evening centre: 16:00–24:00 Sunday to Thursday, and the hour after midnight (00:00–01:00) the next day.
EVENINGS = {6: [(960, 1440)], **{d: [(0, 60), (960, 1440)] for d in (0, 1, 2, 3)}, 4: [(0, 60)]}
OFFICE = {d: [(450, 810), (960, 1260)] for d in SUN_THU}  # 07:30–13:30, 16:00–21:00


def at(*args) -> datetime:
    return datetime(*args, tzinfo=MUSCAT)


@pytest.mark.parametrize(
    ("text", "minutes"), [("07:30", 450), ("7:30", 450), ("٠٧:٣٠", 450), ("24:00", 1440), ("00:00", 0)]
)
def test_times_are_read_as_hh_mm(text, minutes):
    assert parse_hhmm(text) == minutes


@pytest.mark.parametrize("text", ["", "7", "25:00", "24:30", "12:60", "noon"])
def test_nonsense_times_are_refused(text):
    with pytest.raises(HoursError):
        parse_hhmm(text)


def test_a_period_that_ends_before_it_starts_or_overlaps_is_named():
    assert "ends before it starts" in period_problems([(1200, 60)])[0]
    assert "overlap" in period_problems([(450, 810), (800, 900)])[0]
    assert period_problems([(450, 810), (810, 900)]) == []


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (at(2026, 12, 3, 23, 59), True),  # Thursday night
        (at(2026, 12, 4, 0, 30), True),  # past midnight into Friday
        (at(2026, 12, 4, 1, 0), False),  # closed at 01:00
        (at(2026, 12, 4, 18, 0), False),  # Friday evening: weekend
        (at(2026, 12, 5, 18, 0), False),  # Saturday evening: weekend
        (at(2026, 12, 6, 0, 30), False),  # Sunday 00:30: Saturday night was closed
        (at(2026, 12, 6, 16, 0), True),  # Sunday 16:00
        (at(2026, 12, 6, 15, 59), False),
    ],
)
def test_open_now_across_midnight_and_the_weekend(moment, is_open):
    centre = make_centre(hours=EVENINGS)
    assert selectors.centre_is_open_at(centre, moment) is is_open
    assert (centre.pk in selectors.centre_ids_open_at(moment)) is is_open


def test_utc_moments_are_read_in_muscat_time():
    centre = make_centre(hours=OFFICE)
    # 04:00 UTC on a Sunday is 08:00 in Muscat.
    assert selectors.centre_is_open_at(centre, datetime(2026, 12, 6, 4, 0, tzinfo=ZoneInfo("UTC")))
    assert not selectors.centre_is_open_at(centre, datetime(2026, 12, 6, 1, 0, tzinfo=ZoneInfo("UTC")))


def test_centres_are_closed_on_public_holidays_unless_they_announce_hours():
    centre = make_centre(hours=OFFICE)
    accession_day = at(2027, 1, 11, 10, 0)  # a Monday, and a public holiday
    assert selectors.is_public_holiday(accession_day.date())
    assert not selectors.centre_is_open_at(centre, accession_day)
    assert centre.pk not in selectors.centre_ids_open_at(accession_day)
    HoursException.objects.create(
        centre=centre,
        starts_on=date(2027, 1, 11),
        ends_on=date(2027, 1, 11),
        name_ar="دوام",
        periods=[[540, 720]],
    )
    assert selectors.centre_is_open_at(centre, accession_day)
    assert centre.pk in selectors.centre_ids_open_at(accession_day)
    assert selectors.centre_hours_on(centre, accession_day.date()).periods == ((540, 720),)


def test_ramadan_hours_replace_the_weekly_hours_and_a_closure_inside_them_wins():
    centre = make_centre(hours=OFFICE)
    HoursException.objects.create(
        centre=centre,
        starts_on=date(2027, 2, 8),
        ends_on=date(2027, 3, 8),
        name_ar="رمضان",
        periods=[[540, 840], [1200, 1410]],
    )
    HoursException.objects.create(
        centre=centre, starts_on=date(2027, 2, 15), ends_on=date(2027, 2, 15), name_ar="إغلاق", is_closed=True
    )
    assert not selectors.centre_is_open_at(centre, at(2027, 2, 14, 8, 0))  # office hours would be open
    assert selectors.centre_is_open_at(centre, at(2027, 2, 14, 22, 0))
    assert not selectors.centre_is_open_at(centre, at(2027, 2, 15, 10, 0))  # the one-day closure
    assert centre.pk not in selectors.centre_ids_open_at(at(2027, 2, 15, 10, 0))


def test_working_days_are_sunday_to_thursday_without_holidays():
    assert selectors.is_working_day(date(2026, 12, 6))  # Sunday
    assert selectors.is_working_day(date(2026, 12, 10))  # Thursday
    assert not selectors.is_working_day(date(2026, 12, 11))  # Friday
    assert not selectors.is_working_day(date(2026, 12, 12))  # Saturday
    assert not selectors.is_working_day(date(2027, 1, 11))  # Accession Day (Monday)


def test_the_holiday_table_has_oman_2026_and_2027_holidays():
    assert selectors.holiday_name(date(2026, 11, 20)) is not None  # National Day (Royal Decree 15/2025)
    assert selectors.is_public_holiday(date(2027, 1, 11))
    assert not selectors.is_public_holiday(date(2026, 7, 23))  # Renaissance Day: no longer a holiday
    assert selectors.public_holidays(date(2026, 1, 1), date(2027, 12, 31)).count() >= 24


def test_a_manager_replaces_the_weekly_hours():
    centre = make_centre(hours=OFFICE)
    manager = staff_of(centre, StaffRole.MANAGER)
    centre_set_hours(
        centre_id=centre.pk, actor=manager, weekly={6: [("08:00", "14:00")], "5": [("09:00", "12:00")]}
    )
    assert list(centre.periods.values_list("weekday", "opens_minute", "closes_minute")) == [
        (5, 540, 720),
        (6, 480, 840),
    ]


@pytest.mark.parametrize(
    ("weekly", "message"),
    [
        ({6: [("20:00", "01:00")]}, "ends before it starts"),
        ({6: [("07:30", "13:30"), ("13:00", "18:00")]}, "overlap"),
        ({6: [("7h", "13:30")]}, "HH:MM"),
        ({9: [("07:30", "13:30")]}, "weekday"),
    ],
)
def test_bad_hours_are_refused_and_the_old_hours_stay(weekly, message):
    centre = make_centre(hours=OFFICE)
    manager = staff_of(centre, StaffRole.MANAGER)
    before = list(
        OpeningPeriod.objects.filter(centre=centre).values_list("weekday", "opens_minute", "closes_minute")
    )
    with pytest.raises(ValidationFailed) as caught:
        centre_set_hours(centre_id=centre.pk, actor=manager, weekly=weekly)
    assert any(message in m for messages in caught.value.errors.values() for m in messages)
    assert (
        list(
            OpeningPeriod.objects.filter(centre=centre).values_list(
                "weekday", "opens_minute", "closes_minute"
            )
        )
        == before
    )


def test_special_hours_must_have_ordered_dates_and_hours():
    centre = make_centre()
    manager = staff_of(centre, StaffRole.MANAGER)
    with pytest.raises(ValidationFailed) as caught:
        hours_exception_add(
            centre_id=centre.pk,
            actor=manager,
            starts_on="2027-02-10",
            ends_on="2027-02-01",
            name_ar="رمضان",
            periods=[("09:00", "14:00")],
        )
    assert "ends_on" in caught.value.errors
    with pytest.raises(ValidationFailed):
        hours_exception_add(
            centre_id=centre.pk, actor=manager, starts_on="2027-02-01", ends_on="2027-02-10", name_ar="رمضان"
        )
    assert not HoursException.objects.exists()


def test_a_clerk_cannot_change_hours():
    centre = make_centre(hours=OFFICE)
    clerk = staff_of(centre, StaffRole.CLERK)
    with pytest.raises(PermissionDenied):
        centre_set_hours(centre_id=centre.pk, actor=clerk, weekly={})
    assert centre.periods.count() == 10


def test_api_hours_put_with_overlap_is_422_and_a_clerk_gets_403(api_client):
    centre = make_centre(hours=OFFICE)
    manager = staff_of(centre, StaffRole.MANAGER)
    clerk = staff_of(centre, StaffRole.CLERK)
    url = f"/api/v1/centres/{centre.pk}/hours/"
    bad = {"weekly": {"6": [{"opens": "07:30", "closes": "13:30"}, {"opens": "13:00", "closes": "15:00"}]}}
    response = authed(api_client, manager).put(url, bad, format="json")
    assert response.status_code == 422 and "weekly.6" in response.json()["errors"]
    assert centre.periods.count() == 10
    good = {"weekly": {"6": [{"opens": "07:30", "closes": "13:30"}]}}
    assert api_client.put(url, good, format="json").status_code == 200
    assert authed(api_client, clerk).put(url, good, format="json").status_code == 403
    assert api_client.get(url).status_code == 200  # clerks may read


@time_machine.travel(datetime(2026, 12, 6, 10, 0, tzinfo=MUSCAT), tick=False)
def test_the_public_list_filters_open_now(api_client):
    open_centre = make_centre(hours=OFFICE)
    make_centre(hours=EVENINGS)
    body = api_client.get("/api/v1/centres/?open_now=true").json()
    assert [c["id"] for c in body["results"]] == [open_centre.pk]
    assert body["results"][0]["open_now"] is True
