"""Opening a walk-in case at the counter: civil number lookup, service, its form from data, the fee
preview, and every error per field in the clerk's language with nothing created."""

import pytest
from django.conf import settings

from sanad.accounts.models import CitizenProfile, User
from sanad.cases.constants import CaseState, Channel
from sanad.cases.models import Case

from .factories import DL_FORM, DL_RENEW, citizen, licensed_centre, staff

pytestmark = pytest.mark.django_db
NEW = "/centre/cases/new/"


@pytest.fixture
def centre():
    return licensed_centre(services=(DL_RENEW, "ROP-VEH-RENEW"))


@pytest.fixture
def clerk(centre, client):
    user = staff(centre)
    client.force_login(user)
    return user


def form_fields(data: dict) -> dict:
    return {f"form-{key}": value for key, value in data.items()}


def submission(person_id: str, **overrides) -> dict:
    data = {
        "id_number": person_id,
        "service": DL_RENEW,
        "government_fee": "20.000",
        "idempotency_key": "k-1",
        **form_fields(dict(DL_FORM, civil_number=person_id)),
    }
    data.update(overrides)
    return data


def test_the_new_case_page_lists_the_services_the_centre_offers(client, clerk):
    response = client.get(NEW)
    html = response.content.decode()
    assert response.status_code == 200
    assert "تجديد رخصة القيادة" in html
    assert "autofocus" in html
    assert "ROP-PASSPORT" not in html  # not offered here


def test_the_civil_number_lookup_shows_the_name_or_asks_to_register(client, clerk):
    person = citizen(full_name_ar="سالم بن خميس الغافري")
    found = client.get(
        "/centre/cases/new/citizen/", {"id_number": person.citizen_profile.id_number}
    ).content.decode()
    assert "سالم بن خميس الغافري" in found and 'data-testid="citizen-found"' in found
    new = client.get("/centre/cases/new/citizen/", {"id_number": "87654321"}).content.decode()
    assert 'data-testid="citizen-new"' in new and 'name="mobile"' in new
    invalid = client.get("/centre/cases/new/citizen/", {"id_number": "12ab"}).content.decode()
    assert 'data-testid="citizen-invalid"' in invalid and "أرقام" in invalid


def test_only_staff_can_look_up_a_name_by_civil_number(client, clerk):
    person = citizen(full_name_ar="سالم بن خميس الغافري")
    client.force_login(citizen())
    response = client.get("/centre/cases/new/citizen/", {"id_number": person.citizen_profile.id_number})
    assert response.status_code == 403
    assert "سالم بن خميس الغافري" not in response.content.decode()


def test_the_service_search_normalises_arabic_spelling(client, clerk):
    html = client.get("/centre/cases/new/services/", {"q": "رخصه القياده"}).content.decode()
    assert DL_RENEW in html
    html = client.get("/centre/cases/new/services/", {"q": "جواز"}).content.decode()
    assert DL_RENEW not in html


def test_the_service_form_is_rendered_from_its_definition_and_prefilled(client, clerk):
    person = citizen()
    html = client.get(
        "/centre/cases/new/form/", {"service": DL_RENEW, "id_number": person.citizen_profile.id_number}
    ).content.decode()
    assert 'name="form-licence_class"' in html and "مركبة خفيفة" in html  # a choice, labelled in Arabic
    assert 'name="form-mobile_number"' in html and 'type="tel"' in html
    assert f'value="{person.citizen_profile.id_number}"' in html  # the civil number is prefilled
    assert 'name="government_fee"' in html  # the fee is a range here


def test_the_fee_preview_adds_vat_on_the_centre_fee(client, clerk):
    html = client.get(
        "/centre/cases/new/fee/", {"service": DL_RENEW, "government_fee": "10"}
    ).content.decode()
    assert "10.000" in html and "1.500" in html and "0.075" in html and "11.575" in html
    html = client.get(
        "/centre/cases/new/fee/", {"service": DL_RENEW, "government_fee": "99"}
    ).content.decode()
    assert "بين" in html and "11.575" not in html


def test_a_walk_in_case_opens_for_a_registered_citizen(client, clerk, centre):
    person = citizen()
    response = client.post(NEW, submission(person.citizen_profile.id_number))
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == f"/centre/cases/{case.reference}/"
    assert (case.citizen, case.centre, case.channel, case.state) == (
        person,
        centre,
        Channel.WALK_IN,
        CaseState.ACCEPTED,
    )
    assert case.total == 20000 + 1500 + 75


def test_a_new_person_is_registered_at_the_counter_with_the_case(client, clerk):
    response = client.post(NEW, submission("87654321", mobile="92345678", full_name_ar="خالد بن سعيد"))
    assert response.status_code == 302
    profile = CitizenProfile.objects.get(id_number="87654321")
    assert profile.user.mobile == "+96892345678"
    assert Case.objects.get().citizen == profile.user


def test_a_double_submit_opens_one_case(client, clerk):
    person = citizen()
    client.post(NEW, submission(person.citizen_profile.id_number))
    client.post(NEW, submission(person.citizen_profile.id_number))
    assert Case.objects.count() == 1


def test_form_data_failing_the_schema_lists_each_field_and_opens_nothing(client, clerk):
    person = citizen()
    bad = submission(
        person.citizen_profile.id_number,
        **{"form-licence_class": "spaceship", "form-licence_number": "abc", "form-blood_group": ""},
    )
    response = client.post(NEW, bad)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'data-testid="form-error"' in html
    assert html.count('data-testid="field-error"') == 3
    assert "هذا الحقل مطلوب" in html or "مطلوب" in html
    assert 'value="abc"' in html  # what was typed is kept
    assert Case.objects.count() == 0


def test_errors_come_in_the_clerks_language(client, clerk):
    person = citizen()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        NEW, submission(person.citizen_profile.id_number, **{"form-licence_class": "spaceship"})
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Choose one of the options." in html
    assert Case.objects.count() == 0


def test_an_unregistered_person_without_a_mobile_is_asked_for_it_and_nothing_is_created(client, clerk):
    users = User.objects.count()
    response = client.post(NEW, submission("87654321", **{"form-licence_number": "abc"}))
    html = response.content.decode()
    assert response.status_code == 422
    assert "أدخل رقم هاتفه النقال" in html  # the citizen part
    assert 'data-testid="field-error"' in html  # and the form part, at once
    assert User.objects.count() == users
    assert Case.objects.count() == 0


def test_a_failing_case_does_not_leave_a_registered_citizen_behind(client, clerk):
    users = User.objects.count()
    response = client.post(
        NEW, submission("87654321", mobile="92345678", **{"form-licence_class": "spaceship"})
    )
    assert response.status_code == 422
    assert User.objects.count() == users
    assert not CitizenProfile.objects.filter(id_number="87654321").exists()


def test_a_government_fee_outside_the_range_is_refused_in_rials(client, clerk):
    person = citizen()
    response = client.post(NEW, submission(person.citizen_profile.id_number, government_fee="99"))
    html = response.content.decode()
    assert response.status_code == 422
    assert "10.000" in html and "20.000" in html
    assert Case.objects.count() == 0
    response = client.post(NEW, submission(person.citizen_profile.id_number, government_fee="twenty"))
    assert response.status_code == 422
    assert "أدخل المبلغ بالريال" in response.content.decode()


def test_a_service_the_centre_does_not_offer_is_refused(client, clerk):
    person = citizen()
    response = client.post(NEW, submission(person.citizen_profile.id_number, service="ROP-PASSPORT-RENEW"))
    assert response.status_code == 422
    assert "اختر خدمة يقدمها هذا المركز" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_centre_without_a_licence_in_force_cannot_open_cases(client):
    from sanad.centres.constants import LicenceState

    suspended = licensed_centre(state=LicenceState.SUSPENDED)
    client.force_login(staff(suspended))
    person = citizen()
    response = client.post(NEW, submission(person.citizen_profile.id_number))
    assert response.status_code == 409
    assert "ترخيصه غير سارٍ" in response.content.decode()
    assert Case.objects.count() == 0


def test_the_api_does_not_leave_a_registered_citizen_behind_either(api_client, centre):
    """The same rule through the other door: a walk-in that fails registers nobody."""
    from conftest import authed

    users = User.objects.count()
    client = authed(api_client, staff(centre))
    response = client.post(
        "/api/v1/cases/",
        {
            "centre": centre.pk,
            "service": DL_RENEW,
            "channel": "walk_in",
            "government_fee": 20000,
            "form_data": dict(DL_FORM, licence_class="spaceship"),
            "citizen": {"id_number": "87654321", "mobile": "92345678"},
        },
        format="json",
    )
    assert response.status_code == 422
    assert User.objects.count() == users + 1  # only the clerk made above
    assert not CitizenProfile.objects.filter(id_number="87654321").exists()
    assert Case.objects.count() == 0
