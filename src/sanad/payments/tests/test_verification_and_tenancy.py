"""The public verification page behind the QR code, and who may see which receipt (API and web)."""

import re

import pytest

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.payments.numbering import verification_token
from sanad.payments.pdf import verify_url

from .factories import citizen, licensed_centre, open_walk_in, pay_cash, staff

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def authed(api_client, user):
    from conftest import authed as login

    return login(api_client, user)


@pytest.fixture
def paid(case, clerk):
    return pay_cash(case, clerk)


def test_the_qr_url_says_genuine_and_shows_the_amounts_and_nothing_personal(client, paid, case):
    url = verify_url(paid.receipt.number)
    path = re.sub(r"^https?://[^/]+", "", url)
    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200
    assert "إيصال صحيح" in html and paid.receipt.number in html and "21.575" in html and "20.000" in html
    citizen = case.citizen
    for personal in (citizen.full_name_ar, citizen.mobile, citizen.citizen_profile.id_number, case.reference):
        assert personal not in html


def test_a_wrong_token_gets_the_same_answer_as_an_unknown_number(client, paid):
    number = paid.receipt.number
    wrong = client.get(f"/verify/{number}/{'0' * 32}/")
    unknown = client.get(f"/verify/{number[:-1]}9/{verification_token(number[:-1] + '9')}/")
    assert wrong.status_code == unknown.status_code == 404

    def page(response) -> str:  # the same page apart from the address it was asked at
        html = re.sub(r"(csrfmiddlewaretoken|X-CSRFToken)[^>]*", "", response.content.decode())
        return re.sub(r"/verify/[^\"]*", "", html).replace(number, "").replace(number[:-1] + "9", "")

    assert page(wrong) == page(unknown)
    assert "لا يوجد إيصال يطابق هذا الرمز" in wrong.content.decode()


def test_a_credit_note_is_verified_by_its_own_code(client, paid, case, clerk):
    from sanad.cases.services import case_transition

    case_transition(case_id=case.pk, action="cancel", actor=clerk, note="إلغاء")
    note = paid.refunds.get().credit_note
    page = client.get(re.sub(r"^https?://[^/]+", "", verify_url(note.number)))
    assert page.status_code == 200 and "إشعار دائن صحيح" in page.content.decode()


def test_the_api_gives_the_receipt_as_json_or_as_pdf_by_accept(api_client, paid, clerk):
    client = authed(api_client, clerk)
    number = paid.receipt.number
    as_json = client.get(f"/api/v1/receipts/{number}/")
    assert as_json.status_code == 200
    assert as_json.json()["amounts"] == {
        "government_fee": 20000,
        "centre_fee": 1500,
        "vat": 75,
        "total": 21575,
    }
    assert as_json.json()["verify_url"].startswith("http://testserver/verify/")
    as_pdf = client.get(f"/api/v1/receipts/{number}/?layout=thermal", HTTP_ACCEPT="application/pdf")
    assert as_pdf.status_code == 200 and as_pdf["Content-Type"] == "application/pdf"
    assert as_pdf.content.startswith(b"%PDF")


def test_another_centres_receipt_is_a_404_on_the_api_and_the_web(api_client, client, paid):
    number = paid.receipt.number
    other_clerk = staff(licensed_centre(name="مركز آخر"))
    other_citizen = citizen()
    for user in (other_clerk, other_citizen):
        response = authed(api_client, user).get(f"/api/v1/receipts/{number}/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404 and response["Content-Type"] == PROBLEM
        assert response.json()["detail"] == "Receipt not found."
        pdf = authed(api_client, user).get(f"/api/v1/receipts/{number}/", HTTP_ACCEPT="application/pdf")
        assert pdf.status_code == 404 and pdf["Content-Type"] == PROBLEM
        client.force_login(user)
        assert client.get(f"/receipts/{number}.pdf").status_code == 404
    from sanad.payments.models import PrintLog

    assert not PrintLog.objects.exists()


def test_the_citizen_and_the_regulator_see_the_receipt(api_client, paid, case):
    regulator = UserFactory(role=Role.REGULATOR)
    for user in (case.citizen, regulator):
        assert authed(api_client, user).get(f"/api/v1/receipts/{paid.receipt.number}/").status_code == 200


def test_payments_are_visible_by_tenancy(api_client, paid, case, centre, clerk):
    other_case = open_walk_in(centre, clerk, citizen())
    pay_cash(other_case, clerk)
    mine = authed(api_client, case.citizen).get("/api/v1/payments/").json()["results"]
    assert [p["case"] for p in mine] == [case.reference]
    assert len(authed(api_client, clerk).get("/api/v1/payments/").json()["results"]) == 2
    officer = UserFactory(role=Role.INSTITUTION_OFFICER)
    assert authed(api_client, officer).get("/api/v1/payments/").json()["results"] == []
    assert authed(api_client, officer).get(f"/api/v1/payments/{paid.pk}/").status_code == 404
