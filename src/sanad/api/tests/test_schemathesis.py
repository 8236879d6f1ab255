"""The whole API against its committed OpenAPI document, through a live server: schemathesis
generates valid and invalid requests for every operation (bounded: a few examples each, a fixed
seed), then follows the document's links in short stateful chains (a real case reference from the
list or a create into the case's reads and actions), and checks that no response is a server error
and every response matches its schema."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
EXAMPLES = 3  # per operation and phase: enough to cross every operation, cheap enough for `make test`


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_api_answers_every_generated_request_without_a_server_error_and_within_its_schema(live_server):
    from knox.models import AuthToken

    from sanad.cases.tests.factories import citizen, licensed_centre, open_walk_in, staff

    centre = licensed_centre()
    clerk = staff(centre)
    open_walk_in(centre, clerk, citizen())
    _instance, token = AuthToken.objects.create(user=clerk)
    runner = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert runner, "schemathesis is a dev dependency (pip install -e '.[dev]')"
    result = subprocess.run(
        [
            runner,
            "--config-file",
            str(Path(__file__).with_name("schemathesis.toml")),
            "run",
            str(ROOT / "docs" / "openapi.yaml"),
            "--url",
            live_server.url,
            "--header",
            f"Authorization: Token {token}",
            "--checks",
            "not_a_server_error,response_schema_conformance,content_type_conformance",
            "--max-examples",
            str(EXAMPLES),
            "--phases",
            "examples,fuzzing,stateful",
            "--seed",
            "20261201",
            "--no-shrink",
            "--workers",
            "1",
            "--request-timeout",
            "30",
            "--warnings",
            "off",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    print(result.stdout[-3000:])  # the summary (shown with -s): operations, links covered, checks
