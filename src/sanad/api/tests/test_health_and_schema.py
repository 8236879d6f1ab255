import pytest
import yaml
from django.core.management import call_command
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_healthz_answers(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_checks_the_database_and_the_broker(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "broker": True}


def test_readyz_is_503_when_the_broker_is_unreachable(client, monkeypatch):
    from sanad.api import health

    monkeypatch.setattr(health, "_broker_ok", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_the_schema_is_valid_openapi_3(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    validate(schema)
    assert "/api/v1/governorates/" in schema["paths"]
    assert "/api/v1/auth/token/" in schema["paths"]


def test_the_committed_openapi_document_is_up_to_date(tmp_path):
    from pathlib import Path

    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", file=str(generated), validate=True)
    committed = Path(__file__).resolve().parents[4] / "docs" / "openapi.yaml"
    assert committed.read_text(encoding="utf-8") == generated.read_text(encoding="utf-8"), (
        "docs/openapi.yaml is stale: run `make schema`"
    )


def test_interactive_docs_load_nothing_from_the_internet(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html
