"""Every bad input named by the catalogue issue: a clear, translated error, and nothing changed."""

import pytest
from conftest import authed

from sanad.catalogue import services
from sanad.catalogue.models import Service, ServiceVersion

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _snapshot(service):
    return list(
        ServiceVersion.objects.filter(service=service)
        .order_by("number")
        .values(
            "number",
            "status",
            "name_ar",
            "name_en",
            "government_fee_min",
            "government_fee_max",
            "centre_fee_cap",
            "form_fields",
            "documents__id",
        )
    )


@pytest.fixture
def draft_a(service_a, officer_a):
    return services.version_draft(actor=officer_a, service=service_a)


@pytest.fixture
def client_a(api_client, officer_a):
    return authed(api_client, officer_a)


def _arabic(text: str) -> bool:
    return any("\u0621" <= ch <= "\u064a" for ch in text)


def _expect(response, status, field=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert _arabic(body["detail"])
    if field:
        messages = [m for key, msgs in body["errors"].items() if key.startswith(field) for m in msgs]
        assert messages, body
        assert all(_arabic(m) for m in messages), messages
    return body


def test_editing_a_published_version_is_a_409(client_a, service_a):
    before = _snapshot(service_a)
    response = client_a.patch(
        "/api/v1/services/AAA-PERMIT/versions/1/", {"name_en": "Changed"}, format="json"
    )
    _expect(response, 409)
    assert _snapshot(service_a) == before


def test_publishing_without_an_arabic_or_english_name_is_refused(client_a, service_a, draft_a):
    for missing in ("name_ar", "name_en"):
        client_a.patch(
            "/api/v1/services/AAA-PERMIT/versions/2/", {"name_ar": "اسم", "name_en": "Name"}, format="json"
        )
        assert (
            client_a.patch(
                "/api/v1/services/AAA-PERMIT/versions/2/", {missing: ""}, format="json"
            ).status_code
            == 200
        )
        before = _snapshot(service_a)
        response = client_a.post("/api/v1/services/AAA-PERMIT/versions/2/publish/")
        _expect(response, 422, missing)
        assert _snapshot(service_a) == before
        service_a.refresh_from_db()
        assert service_a.current_version.number == 1


@pytest.mark.parametrize(
    "fees",
    [
        {"government_fee_min": -1},
        {"government_fee_max": -500},
        {"government_fee_min": 1.5},
        {"government_fee_max": "2000"},
        {"government_fee_min": True},
        {"government_fee_min": None},
    ],
)
def test_negative_or_non_integer_fees_are_refused(client_a, service_a, draft_a, fees):
    before = _snapshot(service_a)
    response = client_a.patch("/api/v1/services/AAA-PERMIT/versions/2/", fees, format="json")
    _expect(response, 422, next(iter(fees)))
    assert _snapshot(service_a) == before


def test_a_government_fee_range_with_min_above_max_is_refused(client_a, service_a, draft_a):
    before = _snapshot(service_a)
    response = client_a.patch(
        "/api/v1/services/AAA-PERMIT/versions/2/",
        {"government_fee_min": 9000, "government_fee_max": 3000},
        format="json",
    )
    _expect(response, 422, "government_fee_max")
    assert _snapshot(service_a) == before
    # Also when only one end moves past the other.
    response = client_a.patch(
        "/api/v1/services/AAA-PERMIT/versions/2/", {"government_fee_min": 5001}, format="json"
    )
    _expect(response, 422, "government_fee_max")
    assert _snapshot(service_a) == before


def test_a_cap_below_zero_is_refused(api_client, service_a, regulator):
    before = _snapshot(service_a)
    response = authed(api_client, regulator).post(
        "/api/v1/services/AAA-PERMIT/cap/", {"cap": -1, "reason": "x"}, format="json"
    )
    _expect(response, 422, "cap")
    assert _snapshot(service_a) == before


def _field(**overrides):
    return {
        "key": "colour",
        "type": "choice",
        "label_ar": "اللون",
        "label_en": "Colour",
        "required": True,
    } | overrides


@pytest.mark.parametrize(
    "field",
    [
        _field(type="colour_picker"),
        _field(type=None),
        _field(constraints={}),
        _field(constraints={"choices": []}),
        _field(constraints={"choices": [{"value": "red"}]}),
    ],
    ids=["unknown-type", "no-type", "choice-without-choices", "empty-choices", "choice-without-labels"],
)
def test_an_unknown_field_type_or_a_choice_field_without_choices_is_refused(
    client_a, service_a, draft_a, field
):
    before = _snapshot(service_a)
    response = client_a.patch(
        "/api/v1/services/AAA-PERMIT/versions/2/", {"form_fields": [field]}, format="json"
    )
    _expect(response, 422, "form_fields[1]")
    assert _snapshot(service_a) == before


def test_a_duplicate_service_code_is_refused(client_a, service_a):
    count = Service.objects.count()
    response = client_a.post(
        "/api/v1/services/",
        {"code": "AAA-PERMIT", "category": "vehicles", "name_ar": "مكرر", "name_en": "Duplicate"},
        format="json",
    )
    _expect(response, 409, "code")
    assert Service.objects.count() == count
    assert service_a.versions.count() == 1


def test_an_officer_editing_another_institutions_service_gets_a_404(
    api_client, service_b, officer_a, officer_b
):
    services.version_draft(actor=officer_b, service=service_b)
    before = _snapshot(service_b)
    response = authed(api_client, officer_a).patch(
        "/api/v1/services/BBB-PERMIT/versions/2/", {"name_en": "Mine now"}, format="json"
    )
    _expect(response, 404)
    assert _snapshot(service_b) == before


@pytest.mark.parametrize("query", ["ا" * 10_000, "x" * 10_000, "!!!", "؟؟ ... ،،", "%%%", "\u064e\u064e"])
def test_a_huge_or_punctuation_only_search_is_a_clear_400(api_client, query):
    response = api_client.get("/api/v1/services/", {"q": query})
    body = _expect(response, 400, "q")
    assert "q" in body["errors"]


@pytest.mark.parametrize("query", ["ا" * 10_000, "!!!"])
def test_the_search_page_explains_a_bad_query_without_failing(client, query):
    response = client.get("/services/", {"q": query})
    assert response.status_code == 200
    assert 'data-testid="search-error"' in response.content.decode()


def test_unknown_content_keys_and_non_objects_are_refused(client_a, service_a, draft_a):
    before = _snapshot(service_a)
    _expect(
        client_a.patch("/api/v1/services/AAA-PERMIT/versions/2/", {"centre_fee_cap": 1}, format="json"), 422
    )
    _expect(client_a.patch("/api/v1/services/AAA-PERMIT/versions/2/", [1, 2], format="json"), 422)
    assert _snapshot(service_a) == before


@pytest.mark.parametrize(
    "content",
    [
        {"channels": []},
        {"channels": ["fax"]},
        {"documents": [{"type": "no_such_document", "formats": ["pdf"], "max_size_kb": 100}]},
        {"documents": [{"type": "civil_id_copy", "formats": ["exe"], "max_size_kb": 100}]},
        {"steps": [{"code": "Bad Code", "name_ar": "خطوة", "name_en": "Step"}]},
        {"sla_hours": 0},
        {"category": "nothing"},
        {"name_ar": "English only"},
        {"fee_percent": 150},
    ],
)
def test_other_bad_content_is_refused(client_a, service_a, draft_a, content):
    before = _snapshot(service_a)
    _expect(
        client_a.patch("/api/v1/services/AAA-PERMIT/versions/2/", content, format="json"),
        422,
        next(iter(content)),
    )
    assert _snapshot(service_a) == before
