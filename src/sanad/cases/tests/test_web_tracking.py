"""Public tracking at /track/ (a wrong pair reveals nothing; rate-limited), and the one door to a
case's files (only for someone who may see the case)."""

import pytest
from django.conf import settings

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.cases.services import case_transition, document_upload
from sanad.cases.views.public import TRACK_LIMIT

from .factories import PDF, citizen, licensed_centre, open_walk_in, staff, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    centre = licensed_centre()
    clerk = staff(centre)
    person = citizen()
    case = open_walk_in(centre, clerk, person)
    case_transition(case_id=case.pk, action="send_back", actor=clerk, note="نحتاج شهادة فحص النظر")
    return {"centre": centre, "clerk": clerk, "person": person, "case": case}


def track(client, reference, suffix, **extra):
    response = client.post("/track/", {"reference": reference, "civil_suffix": suffix}, **extra)
    return response, response.content.decode()


def test_the_tracking_page_needs_no_sign_in(client):
    response = client.get("/track/")
    assert response.status_code == 200
    assert "تتبّع معاملة" in response.content.decode()


def test_the_right_pair_shows_the_status_timeline_in_arabic(client, world):
    case, person = world["case"], world["person"]
    response, html = track(client, case.reference, person.citizen_profile.id_number[-4:])
    assert response.status_code == 200
    assert 'data-testid="track-result"' in html
    assert "بانتظار المواطن" in html and "نحتاج شهادة فحص النظر" in html
    assert "تجديد رخصة القيادة" in html
    assert person.full_name_ar not in html  # no names
    assert person.citizen_profile.id_number not in html


def test_tracking_follows_the_language_switch(client, world):
    case, person = world["case"], world["person"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _response, html = track(client, case.reference, person.citizen_profile.id_number[-4:])
    assert "Awaiting citizen" in html and "Driving licence renewal" in html


def test_lower_case_and_arabic_digits_are_accepted(client, world):
    case, person = world["case"], world["person"]
    arabic_suffix = person.citizen_profile.id_number[-4:].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response, html = track(client, case.reference.lower(), arabic_suffix)
    assert response.status_code == 200 and 'data-testid="track-result"' in html


def test_a_wrong_suffix_gets_the_same_answer_as_an_unknown_reference(client, world):
    case, person = world["case"], world["person"]
    wrong_suffix = "0000" if person.citizen_profile.id_number[-4:] != "0000" else "1111"
    wrong, wrong_html = track(client, case.reference, wrong_suffix)
    from sanad.cases.reference import format_reference

    unknown, unknown_html = track(
        client, format_reference(2026, 9999999), person.citizen_profile.id_number[-4:]
    )
    assert wrong.status_code == unknown.status_code == 404
    message = "لا توجد معاملة تطابق هذا الرقم المرجعي وهذه الأرقام"
    assert message in wrong_html and message in unknown_html
    assert "track-result" not in wrong_html
    assert case.service_version.name_ar not in wrong_html


def test_a_wrong_check_digit_is_a_400_saying_it_is_a_typing_mistake(client, world):
    case, person = world["case"], world["person"]
    wrong = case.reference[:-1] + str((int(case.reference[-1]) + 1) % 10)
    response, html = track(client, wrong, person.citizen_profile.id_number[-4:])
    assert response.status_code == 400
    assert "رقم التحقق لا يطابق" in html
    assert "track-result" not in html


def test_empty_fields_are_asked_for(client):
    response, html = track(client, "", "")
    assert response.status_code == 400
    assert "أدخل الرقم المرجعي" in html and "أدخل آخر أربعة أرقام" in html


def test_tracking_is_rate_limited_per_address(client, world):
    case, person = world["case"], world["person"]
    from sanad.cases.reference import format_reference

    for n in range(TRACK_LIMIT):  # guesses spread over other references
        response, _html = track(client, format_reference(2026, 9000000 + n), "0000")
        assert response.status_code == 404
    response, html = track(client, case.reference, person.citizen_profile.id_number[-4:])
    assert response.status_code == 429
    assert "محاولات كثيرة" in html
    assert "track-result" not in html
    other, _html = track(
        client, case.reference, person.citizen_profile.id_number[-4:], REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 200  # another address is not punished


# --- files ----------------------------------------------------------------------------------------
@pytest.fixture
def document(world):
    return document_upload(
        case=world["case"],
        actor=world["clerk"],
        uploaded=upload(PDF, "فحص النظر.pdf"),
        document_type_code="eye_test_certificate",
    )


def download(client, user, world, document):
    if user is not None:
        client.force_login(user)
    return client.get(f"/cases/{world['case'].reference}/documents/{document.pk}/")


def test_staff_and_the_citizen_download_a_document_as_an_attachment(client, world, document):
    for user in (world["clerk"], world["person"]):
        response = download(client, user, world, document)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content) == PDF


def test_the_regulator_may_download_too(client, world, document):
    assert download(client, UserFactory(role=Role.REGULATOR), world, document).status_code == 200


@pytest.mark.parametrize("who", ["other_citizen", "other_clerk", "officer"])
def test_nobody_else_can_download(client, world, document, who):
    users = {
        "other_citizen": lambda: citizen(),
        "other_clerk": lambda: staff(licensed_centre(name="مركز آخر")),
        "officer": lambda: UserFactory(role=Role.INSTITUTION_OFFICER),
    }
    assert download(client, users[who](), world, document).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, world, document):
    response = download(client, None, world, document)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_document_of_another_case_is_not_found_through_this_case(client, world, document):
    mine = open_walk_in(world["centre"], world["clerk"], world["person"])
    client.force_login(world["person"])
    response = client.get(f"/cases/{mine.reference}/documents/{document.pk}/")
    assert response.status_code == 404
