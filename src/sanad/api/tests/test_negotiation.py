"""What a client asks for is what it gets: an explicit `?format=` wins over `Accept`, and a document
download answers whatever a file client accepts; errors stay problem+json."""

import pytest
from conftest import authed

from sanad.cases.services import document_upload
from sanad.cases.tests.factories import PDF, upload
from sanad.payments.tests.factories import citizen, licensed_centre, open_walk_in, pay_cash, staff

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


@pytest.fixture
def clerk():
    return staff(licensed_centre())


@pytest.fixture
def case(clerk):
    from sanad.centres.selectors import staff_membership

    return open_walk_in(staff_membership(clerk).centre, clerk, citizen())


def test_format_pdf_answers_the_pdf_even_when_the_client_accepts_json(api_client, case, clerk):
    number = pay_cash(case, clerk).receipt.number
    client = authed(api_client, clerk)
    for accept in ("application/json", "application/json, */*;q=0.1", "*/*", "text/html"):
        response = client.get(f"/api/v1/receipts/{number}/?format=pdf", HTTP_ACCEPT=accept)
        assert response.status_code == 200, accept
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    as_json = client.get(f"/api/v1/receipts/{number}/?format=json", HTTP_ACCEPT="application/pdf")
    assert as_json.status_code == 200 and as_json.json()["number"] == number


def test_a_missing_receipt_as_pdf_is_a_problem_json_404(api_client, clerk):
    response = authed(api_client, clerk).get(
        "/api/v1/receipts/NOPE-1/?format=pdf", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM


def test_an_unknown_format_is_a_problem_json_404(api_client, clerk):
    response = authed(api_client, clerk).get("/api/v1/cases/?format=docx")
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM


@pytest.mark.parametrize(
    "accept", ["application/octet-stream", "*/*", "application/pdf", "application/json", None]
)
def test_the_document_download_answers_what_a_file_client_accepts(api_client, case, clerk, accept):
    from sanad.cases.selectors import missing_mandatory_documents

    code = missing_mandatory_documents(case)[0].document_type.code
    document = document_upload(
        case=case, actor=clerk, uploaded=upload(PDF, "id.pdf"), document_type_code=code
    )
    extra = {"HTTP_ACCEPT": accept} if accept else {}
    response = authed(api_client, clerk).get(
        f"/api/v1/cases/{case.reference}/documents/{document.pk}/download/", **extra
    )
    assert response.status_code == 200, (accept, response.content[:200])
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_missing_document_download_is_a_problem_json_404_whatever_is_accepted(api_client, case, clerk):
    for accept in ("application/octet-stream", "application/pdf", "*/*"):
        response = authed(api_client, clerk).get(
            f"/api/v1/cases/{case.reference}/documents/999999/download/", HTTP_ACCEPT=accept
        )
        assert response.status_code == 404, accept
        assert response["Content-Type"] == PROBLEM and response.json()["status"] == 404
