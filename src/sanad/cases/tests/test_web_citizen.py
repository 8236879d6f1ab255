"""The citizen portal: my transactions, a new online request (service → centre → form), my case
with its fees and originals, answering a send-back, and never someone else's case."""

import pytest

from sanad.cases.constants import CaseState, Channel
from sanad.cases.models import Case, CaseDocument
from sanad.cases.services import case_transition, custody_receive

from .factories import DL_FORM, DL_RENEW, EXE, PDF, citizen, licensed_centre, open_walk_in, staff, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    centre = licensed_centre()
    far = licensed_centre(name="مركز صلالة", wilayat_code="OM-ZU-SALALAH")
    clerk = staff(centre)
    person, other = citizen(), citizen()
    case = open_walk_in(centre, clerk, person)
    client.force_login(person)
    return {"centre": centre, "far": far, "clerk": clerk, "person": person, "other": other, "case": case}


def html_of(response) -> str:
    return response.content.decode()


def test_my_cases_lists_only_mine(client, world):
    theirs = open_walk_in(world["centre"], world["clerk"], world["other"])
    html = html_of(client.get("/my/cases/"))
    assert world["case"].reference in html
    assert theirs.reference not in html
    assert "مستلمة" in html


def test_someone_elses_case_is_not_found(client, world):
    client.force_login(world["other"])
    response = client.get(f"/my/cases/{world['case'].reference}/")
    assert response.status_code == 404
    response = client.post(f"/my/cases/{world['case'].reference}/act/", {"action": "cancel", "note": "x"})
    assert response.status_code == 404
    assert Case.objects.get(pk=world["case"].pk).state == CaseState.ACCEPTED


def test_the_portal_is_for_citizens(client, world):
    client.force_login(world["clerk"])
    assert client.get("/my/cases/").status_code == 403


def test_my_case_shows_the_fees_as_the_full_amount_and_what_the_centre_holds(client, world):
    case = world["case"]
    custody_receive(
        case=case, actor=world["clerk"], item_type="driving_licence", description="الرخصة القديمة"
    )
    html = html_of(client.get(f"/my/cases/{case.reference}/"))
    assert "21.575" in html
    assert "هذا هو المبلغ الكامل لهذه المعاملة" in html
    assert "الرخصة القديمة" in html and "محفوظ لدى المركز" in html
    assert 'data-testid="timeline"' in html
    assert world["clerk"].full_name_ar not in html  # the citizen sees "the centre", not staff names


def test_answering_a_send_back_upload_then_respond(client, world):
    case = world["case"]
    case_transition(case_id=case.pk, action="send_back", actor=world["clerk"], note="نحتاج شهادة فحص النظر")
    html = html_of(client.get(f"/my/cases/{case.reference}/"))
    assert "نحتاج شهادة فحص النظر" in html
    assert 'data-testid="action-respond"' in html
    assert 'data-testid="upload-form"' in html
    response = client.post(
        f"/my/cases/{case.reference}/documents/",
        {"file": upload(PDF, "eye.pdf"), "document_type": "eye_test_certificate"},
    )
    assert response.status_code == 302
    version = Case.objects.get(pk=case.pk).version
    response = client.post(
        f"/my/cases/{case.reference}/act/", {"action": "respond", "expected_version": version}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).state == CaseState.IN_PROGRESS


def test_a_renamed_exe_is_refused_for_the_citizen_too(client, world):
    case = world["case"]
    case_transition(case_id=case.pk, action="send_back", actor=world["clerk"], note="ارفع فحص النظر")
    response = client.post(
        f"/my/cases/{case.reference}/documents/",
        {"file": upload(EXE, "eye.pdf"), "document_type": "eye_test_certificate"},
    )
    assert response.status_code == 422
    assert "نوع هذا الملف غير مقبول" in html_of(response)
    assert CaseDocument.objects.count() == 0


def test_the_citizen_cannot_upload_when_not_asked(client, world):
    case = world["case"]
    response = client.post(
        f"/my/cases/{case.reference}/documents/",
        {"file": upload(PDF, "eye.pdf"), "document_type": "eye_test_certificate"},
    )
    assert response.status_code == 409
    assert "عندما يطلبها المركز" in html_of(response)
    assert CaseDocument.objects.count() == 0


def test_the_citizen_cannot_take_staff_actions(client, world):
    case = world["case"]
    response = client.post(f"/my/cases/{case.reference}/act/", {"action": "start"})
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).state == CaseState.ACCEPTED


def test_cancelling_needs_a_reason_and_then_works(client, world):
    case = world["case"]
    html = html_of(client.get(f"/my/cases/{case.reference}/"))
    assert 'data-testid="action-cancel"' in html
    response = client.post(f"/my/cases/{case.reference}/act/", {"action": "cancel", "note": ""})
    assert response.status_code == 422
    assert Case.objects.get(pk=case.pk).state == CaseState.ACCEPTED
    response = client.post(f"/my/cases/{case.reference}/act/", {"action": "cancel", "note": "لم أعد أحتاجها"})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).state == CaseState.CANCELLED


# --- a new online request -------------------------------------------------------------------------
def test_step_one_finds_services_offered_online(client, world):
    html = html_of(client.get("/my/cases/new/", {"q": "رخصه القياده"}))
    assert DL_RENEW in html
    partial = html_of(client.get("/my/cases/new/", {"q": "رخصة"}, HTTP_HX_REQUEST="true"))
    assert "<html" not in partial and DL_RENEW in partial


def test_step_two_lists_centres_offering_it_nearest_first(client, world):
    salalah = (17.0151, 54.0924)
    html = html_of(client.get("/my/cases/new/", {"service": DL_RENEW, "lat": salalah[0], "lon": salalah[1]}))
    assert html.index("مركز صلالة") < html.index("مركز سند النموذجي")
    assert "كم" in html  # distances shown
    html = html_of(client.get("/my/cases/new/", {"service": DL_RENEW, "wilayat": world["far"].wilayat.code}))
    assert "مركز صلالة" in html and "مركز سند النموذجي" not in html


def test_step_three_sends_the_request_to_the_chosen_centre(client, world):
    url = f"/my/cases/new/?service={DL_RENEW}&centre={world['centre'].pk}"
    html = html_of(client.get(url))
    assert 'name="form-licence_class"' in html
    assert world["person"].citizen_profile.id_number in html  # prefilled
    data = {
        "service": DL_RENEW,
        "centre": world["centre"].pk,
        "government_fee": "10.000",
        "idempotency_key": "online-1",
        **{f"form-{k}": v for k, v in DL_FORM.items()},
    }
    response = client.post("/my/cases/new/", data)
    assert response.status_code == 302
    case = Case.objects.get(channel=Channel.ONLINE)
    assert (case.citizen, case.state, case.centre) == (world["person"], CaseState.SUBMITTED, world["centre"])
    assert response["Location"] == f"/my/cases/{case.reference}/"
    html = html_of(client.get(response["Location"]))
    assert 'data-testid="upload-form"' in html  # documents after submission


def test_an_invalid_online_request_lists_each_field_and_sends_nothing(client, world):
    data = {
        "service": DL_RENEW,
        "centre": world["centre"].pk,
        "government_fee": "55",
        **{f"form-{k}": v for k, v in dict(DL_FORM, licence_class="", mobile_number="123").items()},
    }
    response = client.post("/my/cases/new/", data)
    html = html_of(response)
    assert response.status_code == 422
    assert html.count('data-testid="field-error"') == 2
    assert "10.000" in html and "20.000" in html  # the fee range, in rials
    assert Case.objects.filter(channel=Channel.ONLINE).count() == 0


def test_a_centre_that_does_not_offer_the_service_cannot_be_chosen(client, world):
    elsewhere = licensed_centre(name="مركز بلا رخص", services=("ROP-VEH-RENEW",))
    html = html_of(client.get("/my/cases/new/", {"service": DL_RENEW, "centre": elsewhere.pk}))
    assert 'data-testid="centre-choices"' in html  # back to choosing a centre
    assert 'name="form-licence_class"' not in html
