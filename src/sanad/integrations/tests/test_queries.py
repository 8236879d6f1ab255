"""The cases list reads every row's delivery in one query, however many rows there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .. import transport
from ..transport import Answer
from .factories import case_ready, submit, webhook_connector
from .test_api import client_for

pytestmark = pytest.mark.django_db


def _delivery_queries(client) -> tuple[int, int]:
    """(rows listed, queries that read submissions)"""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/cases/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert all(row["delivery"]["state"] == "delivered" for row in rows)
    return len(rows), sum('"integrations_submission"' in q["sql"] for q in queries.captured_queries)


def test_the_case_list_does_not_read_delivery_once_per_row(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(transport, "send", lambda *a, **k: Answer(202, b'{"reference": "R"}'))
    webhook_connector()
    case, clerk = case_ready()
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    client = client_for(clerk)
    assert _delivery_queries(client) == (1, 1)
    for _ in range(3):
        other, _clerk = case_ready(centre=case.centre, clerk=clerk)
        with django_capture_on_commit_callbacks(execute=True):
            submit(other, clerk)
    assert _delivery_queries(client) == (4, 1)
