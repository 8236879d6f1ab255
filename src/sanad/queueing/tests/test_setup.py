"""The manager's queue setup page: lines and counters. Each bad input shows its (Arabic) message on
the page and changes nothing."""

import pytest
from django.urls import reverse
from django.utils import translation

from sanad.accounts.tests.factories import CitizenFactory
from sanad.centres.constants import StaffRole
from sanad.centres.tests.factories import staff_of
from sanad.queueing.appointments import slot_capacity
from sanad.queueing.models import Counter, Line
from sanad.queueing.selectors import line_for_service
from sanad.queueing.services import counter_sign_on, ticket_take

from .factories import other_service, queue_centre, service

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    centre, _counters = queue_centre(counters=2)
    return centre


@pytest.fixture
def manager(centre, client):
    person = staff_of(centre, role=StaffRole.MANAGER)
    client.force_login(person)
    return person


def _arabic(message: str, **values) -> str:
    from django.utils.html import escape

    with translation.override("ar"):
        return escape(translation.gettext(message) % values if values else translation.gettext(message))


def _snapshot(centre):
    return (
        sorted(
            (
                line.code,
                line.name_ar,
                line.name_en,
                line.is_default,
                line.is_open,
                tuple(sorted(line.services.values_list("pk", flat=True))),
            )
            for line in Line.objects.filter(centre=centre)
        ),
        sorted(
            (c.name, c.is_open, c.takes_appointments, tuple(sorted(c.lines.values_list("code", flat=True))))
            for c in Counter.objects.filter(centre=centre)
        ),
    )


def _line(centre, code):
    return Line.objects.get(centre=centre, code=code)


def test_the_page_shows_the_lines_counters_and_appointment_places(client, centre, manager):
    html = client.get(reverse("queueing:setup")).content.decode()
    assert html.count('data-testid="line-row"') == 2 and html.count('data-testid="counter-row"') == 2
    assert 'data-testid="places-row"' in html and 'dir="rtl"' in html
    assert reverse("queueing:setup") in client.get(reverse("centres:manage")).content.decode()


def test_a_manager_adds_a_line_with_its_services_and_a_counter_for_it(client, centre, manager):
    response = client.post(
        reverse("queueing:setup-line-add"),
        {"code": "c", "name_ar": "الجوازات", "name_en": "Passports", "services": [other_service().pk]},
    )
    assert response.status_code == 302
    line = _line(centre, "C")
    assert list(line.services.all()) == [other_service()] and line.is_open and not line.is_default
    assert line_for_service(centre, other_service()) == line
    client.post(
        reverse("queueing:setup-counter-add"), {"name": "3", "lines": [line.pk], "takes_appointments": "1"}
    )
    counter = Counter.objects.get(centre=centre, name="3")
    assert list(counter.lines.all()) == [line] and counter.takes_appointments


def test_renaming_and_closing_a_line_sends_its_services_to_the_default_line(client, centre, manager):
    a = _line(centre, "A")
    client.post(
        reverse("queueing:setup-line-edit", args=[a.pk]),
        {
            "code": "A",
            "name_ar": "الشرطة والمرور",
            "name_en": "Police and traffic",
            "services": [service().pk],
            "is_open": "1",
        },
    )
    assert _line(centre, "A").name_en == "Police and traffic"
    response = client.post(reverse("queueing:setup-line-open", args=[a.pk]), {"is_open": "0"})
    assert response.status_code == 302 and not _line(centre, "A").is_open
    assert ticket_take(centre=centre, service=service()).line.code == "B"
    client.post(reverse("queueing:setup-line-open", args=[a.pk]), {"is_open": "1"})
    assert ticket_take(centre=centre, service=service()).line.code == "A"


def test_making_a_line_the_default_unsets_the_other(client, centre, manager):
    a = _line(centre, "A")
    client.post(
        reverse("queueing:setup-line-edit", args=[a.pk]),
        {
            "code": "A",
            "name_ar": "الشرطة",
            "name_en": "Police",
            "services": [service().pk],
            "is_open": "1",
            "is_default": "1",
        },
    )
    assert _line(centre, "A").is_default and not _line(centre, "B").is_default


LINE_BAD = [
    ({"code": "1"}, "Use one or two Latin letters for the line, e.g. A or B.", {}),
    ({"code": "ABC"}, "Use one or two Latin letters for the line, e.g. A or B.", {}),
    ({"code": "أ"}, "Use one or two Latin letters for the line, e.g. A or B.", {}),
    ({"code": "B"}, "Line %(code)s already exists at this centre. Choose another letter.", {"code": "B"}),
    ({"name_ar": "  "}, "This field is required.", {}),
    ({"name_en": "x" * 121}, "Use at most %(max)d characters.", {"max": 120}),
    ({"services": ["abc"]}, "Choose from the list.", {}),
    ({"services": ["999999"]}, "Choose only services your centre offers.", {}),
    (
        {"services": ["SERVICE"]},
        "%(service)s is already served by line %(line)s. Take it off that line first.",
        {"service": "ROP-DL-RENEW", "line": "A"},
    ),
]


@pytest.mark.parametrize("change, message, values", LINE_BAD)
def test_a_bad_new_line_shows_the_error_and_adds_nothing(client, centre, manager, change, message, values):
    data = {"code": "C", "name_ar": "الجوازات", "name_en": "Passports", **change}
    if data.get("services") == ["SERVICE"]:
        data["services"] = [service().pk]
    before = _snapshot(centre)
    response = client.post(reverse("queueing:setup-line-add"), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'data-testid="setup-error"' in html and _arabic(message, **values) in html
    assert _snapshot(centre) == before


@pytest.mark.parametrize(
    "code, change, message",
    [
        (
            "B",
            {"is_open": ""},
            "The default line stays open: make another line the default before closing this one.",
        ),
        (
            "B",
            {"is_default": "", "is_open": "1"},
            "Make another line the default before this one stops being it.",
        ),
        (
            "A",
            {"code": "B", "is_open": "1"},
            "Line %(code)s already exists at this centre. Choose another letter.",
        ),
    ],
)
def test_a_bad_line_edit_shows_the_error_and_changes_nothing(client, centre, manager, code, change, message):
    line = _line(centre, code)
    data = {
        "code": line.code,
        "name_ar": line.name_ar,
        "name_en": line.name_en,
        "services": list(line.services.values_list("pk", flat=True)),
        "is_default": "1" if line.is_default else "",
        "is_open": "1",
        **change,
    }
    before = _snapshot(centre)
    response = client.post(reverse("queueing:setup-line-edit", args=[line.pk]), data)
    assert response.status_code in (409, 422)
    assert _arabic(message, code="B") in response.content.decode()
    assert _snapshot(centre) == before


def test_closing_the_last_open_line_is_refused(client, centre, manager):
    a = _line(centre, "A")
    client.post(reverse("queueing:setup-line-open", args=[a.pk]), {"is_open": "0"})
    b = _line(centre, "B")
    Line.objects.filter(pk=b.pk).update(is_default=False)
    before = _snapshot(centre)
    response = client.post(reverse("queueing:setup-line-open", args=[b.pk]), {"is_open": "0"})
    assert (
        response.status_code == 422 and _arabic("Keep at least one line open.") in response.content.decode()
    )
    assert _snapshot(centre) == before


COUNTER_BAD = [
    ({"name": ""}, "This field is required.", {}),
    ({"name": "1"}, "A counter named %(name)s already exists at this centre.", {"name": "1"}),
    ({"name": "x" * 41}, "Use at most %(max)d characters.", {"max": 40}),
    ({"lines": []}, "Choose at least one line for this counter to serve.", {}),
    ({"lines": ["x"]}, "Choose from the list.", {}),
    ({"lines": ["OTHER"]}, "Choose only your centre's lines.", {}),
]


@pytest.mark.parametrize("change, message, values", COUNTER_BAD)
def test_a_bad_new_counter_shows_the_error_and_adds_nothing(client, centre, manager, change, message, values):
    data = {"name": "9", "lines": [_line(centre, "A").pk], **change}
    if data["lines"] == ["OTHER"]:
        other, _ = queue_centre(counters=0)
        data["lines"] = [_line(other, "A").pk]
    before = _snapshot(centre)
    response = client.post(reverse("queueing:setup-counter-add"), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'data-testid="setup-error"' in html and _arabic(message, **values) in html
    assert _snapshot(centre) == before


def test_a_counter_with_a_clerk_signed_on_is_not_closed_under_them(client, centre, manager):
    counter = Counter.objects.get(centre=centre, name="1")
    clerk = staff_of(centre)
    counter_sign_on(counter_id=counter.pk, actor=clerk)
    before = _snapshot(centre)
    response = client.post(reverse("queueing:setup-counter-open", args=[counter.pk]), {"is_open": "0"})
    assert response.status_code == 422
    message = "%(clerk)s is signed on to this counter. They sign off before it is closed."
    assert _arabic(message, clerk=clerk.display_name) in response.content.decode()
    assert _snapshot(centre) == before


def test_a_closed_counter_takes_no_clerk_and_gives_no_appointment_place(client, centre, manager):
    from sanad.core.errors import Conflict

    counter = Counter.objects.get(centre=centre, name="2")
    assert slot_capacity(centre, service()) == 2
    client.post(reverse("queueing:setup-counter-open", args=[counter.pk]), {"is_open": "0"})
    assert not Counter.objects.get(pk=counter.pk).is_open
    assert slot_capacity(centre, service()) == 1
    with pytest.raises(Conflict):
        counter_sign_on(counter_id=counter.pk, actor=staff_of(centre))
    assert Counter.objects.get(pk=counter.pk).clerk is None


def test_a_counter_edit_changes_its_lines_and_appointments(client, centre, manager):
    counter = Counter.objects.get(centre=centre, name="1")
    client.post(
        reverse("queueing:setup-counter-edit", args=[counter.pk]),
        {"name": "1", "lines": [_line(centre, "B").pk], "is_open": "1"},
    )
    counter.refresh_from_db()
    assert list(counter.lines.values_list("code", flat=True)) == ["B"] and not counter.takes_appointments


def test_a_clerk_sees_the_setup_but_cannot_change_it(client, centre):
    client.force_login(staff_of(centre))
    html = client.get(reverse("queueing:setup")).content.decode()
    assert 'data-testid="line-row"' in html and 'data-testid="line-form"' not in html
    before = _snapshot(centre)
    response = client.post(reverse("queueing:setup-line-add"), {"code": "C", "name_ar": "ج", "name_en": "C"})
    assert response.status_code == 403
    response = client.post(
        reverse("queueing:setup-counter-open", args=[Counter.objects.filter(centre=centre).first().pk]),
        {"is_open": "0"},
    )
    assert response.status_code == 403
    assert _snapshot(centre) == before


def test_another_centres_manager_gets_404_and_changes_nothing(client, centre):
    other, _ = queue_centre(counters=1)
    client.force_login(staff_of(other, role=StaffRole.MANAGER))
    before = _snapshot(centre)
    line = _line(centre, "A")
    response = client.post(
        reverse("queueing:setup-line-edit", args=[line.pk]),
        {"code": "A", "name_ar": "x", "name_en": "x", "is_open": "1"},
    )
    assert response.status_code == 404
    assert _snapshot(centre) == before


def test_someone_without_a_centre_gets_404(client):
    client.force_login(CitizenFactory())
    assert client.get(reverse("queueing:setup")).status_code == 404
    assert client.post(reverse("queueing:setup-line-add"), {"code": "C"}).status_code == 404
