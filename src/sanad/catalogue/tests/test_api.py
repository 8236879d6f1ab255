"""The catalogue API: public reads with fees, caps, documents, form fields and SLA, and the writes an
institution system uses to publish a version."""

import pytest
from conftest import authed

pytestmark = pytest.mark.django_db


def test_institutions_are_listed_with_their_published_service_counts(api_client):
    body = api_client.get("/api/v1/institutions/", {"page_size": 100}).json()
    assert body["count"] >= 12
    rop = next(i for i in body["results"] if i["code"] == "ROP")
    assert rop["name_ar"] == "شرطة عُمان السلطانية" and rop["kind"] == "government"
    assert rop["service_count"] > 10
    assert api_client.get("/api/v1/institutions/", {"kind": "private"}).json()["count"] >= 2


def test_services_come_with_fees_caps_documents_form_fields_and_sla(api_client):
    body = api_client.get("/api/v1/services/", {"page_size": 100}).json()
    assert body["count"] >= 60
    for item in body["results"]:
        version = item["current_version"]
        assert version["fees"]["centre_fee_cap"] > 0
        assert version["sla_hours"] > 0
        assert version["form_fields"] and version["form_schema"]["type"] == "object"
        assert version["steps"][-1]["final"] is True


def test_a_service_detail_has_the_fee_breakdown_at_the_cap(api_client):
    version = api_client.get("/api/v1/services/ROP-DL-RENEW/").json()["current_version"]
    assert version["fees"] | {"fee_source": "", "fee_note_ar": "", "fee_note_en": ""} == {
        "government_fee_min": 10000,
        "government_fee_max": 20000,
        "fee_percent": None,
        "fee_is_estimate": False,
        "fee_source": "",
        "fee_note_ar": "",
        "fee_note_en": "",
        "centre_fee_cap": 2000,
        "vat_on_centre_fee_cap": 100,
        "total_max": 22100,
    }
    assert [d["type"] for d in version["documents"]][:3] == [
        "civil_id_copy",
        "resident_card_copy",
        "eye_test_certificate",
    ]
    assert api_client.get("/api/v1/services/NOPE-NOPE/").status_code == 404


def test_an_institution_system_creates_edits_and_publishes_a_service(api_client, institution_a, officer_a):
    client = authed(api_client, officer_a)
    response = client.post(
        "/api/v1/services/",
        {
            "code": "AAA-FISHING-PERMIT",
            "category": "municipal",
            "name_ar": "تصريح صيد",
            "name_en": "Fishing permit",
            "channels": ["online"],
            "documents": [
                {"type": "civil_id_copy", "mandatory": True, "formats": ["pdf"], "max_size_kb": 1024}
            ],
            "government_fee_min": 3000,
            "government_fee_max": 3000,
            "sla_hours": 24,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft" and response.json()["fees"]["centre_fee_cap"] == 2000
    response = client.patch(
        "/api/v1/services/AAA-FISHING-PERMIT/versions/1/",
        {
            "description_ar": "تصريح سنوي للصيد الحرفي",
            "description_en": "Yearly permit for artisanal fishing",
            "steps": [
                {"code": "submitted", "name_ar": "تقديم الطلب", "name_en": "Submitted"},
                {"code": "issued", "name_ar": "إصدار التصريح", "name_en": "Permit issued"},
            ],
            "form_fields": [
                {
                    "key": "boat_plate",
                    "type": "vehicle_plate",
                    "label_ar": "رقم القارب",
                    "label_en": "Boat number",
                    "required": True,
                }
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert client.get("/api/v1/services/AAA-FISHING-PERMIT/versions/1/").json()["status"] == "draft"
    response = client.post("/api/v1/services/AAA-FISHING-PERMIT/versions/1/publish/")
    assert response.status_code == 200 and response.json()["status"] == "published"
    found = api_client.get("/api/v1/services/", {"q": "تصريح الصيد"}).json()["results"]
    assert found[0]["code"] == "AAA-FISHING-PERMIT"
    response = client.post("/api/v1/services/AAA-FISHING-PERMIT/versions/", {"sla_hours": 12}, format="json")
    assert response.status_code == 201 and response.json()["number"] == 2
    assert client.delete("/api/v1/services/AAA-FISHING-PERMIT/versions/2/").status_code == 204
    assert client.post("/api/v1/services/AAA-FISHING-PERMIT/retire/").status_code == 200
    found = api_client.get("/api/v1/services/", {"q": "تصريح الصيد"}).json()["results"]
    assert "AAA-FISHING-PERMIT" not in [s["code"] for s in found]


def test_the_openapi_document_has_the_catalogue(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in (
        "/api/v1/institutions/",
        "/api/v1/services/",
        "/api/v1/services/{code}/",
        "/api/v1/services/{code}/versions/{number}/publish/",
        "/api/v1/services/{code}/cap/",
    ):
        assert path in schema


def test_the_service_list_costs_the_same_few_queries_for_any_page_size(
    api_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        body = api_client.get("/api/v1/services/", {"page_size": 100}).json()
    assert len(body["results"]) >= 60
