"""The real HTTP client against a real (loopback) server playing a misbehaving institution: a 500,
a 429 with Retry-After, an answer that never comes, an answer that is not JSON, a redirect."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from ..connectors.webhook import WebhookConnector


class Misbehaving(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        route = self.path.strip("/")
        if route == "hang":
            time.sleep(3)
        status, headers, body = {
            "ok": (202, {}, json.dumps({"reference": "INST-1"}).encode()),
            "error": (500, {}, b"internal error"),
            "busy": (429, {"Retry-After": "120"}, b""),
            "html": (200, {"Content-Type": "text/html"}, b"<html>hello</html>"),
            "moved": (302, {"Location": "https://elsewhere.example/"}, b""),
            "hang": (202, {}, b"{}"),
            "refuse": (422, {}, b'{"error": "bad"}'),
        }[route]
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the client that gave up on "hang" closed its end; nothing to report


@pytest.fixture(scope="module")
def base_url():
    server = QuietServer(("127.0.0.1", 0), Misbehaving)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _submit(base_url, route):
    connector = SimpleNamespace(endpoint_url=f"{base_url}/{route}", timeout_seconds=1)
    submission = SimpleNamespace(idempotency_key="SND-2026-0000001-2:1")
    return WebhookConnector().submit(connector=connector, submission=submission, body=b"{}", headers={})


def test_a_2xx_with_a_reference_is_delivered(base_url):
    outcome = _submit(base_url, "ok")
    assert outcome.delivered and outcome.institution_reference == "INST-1" and outcome.status == 202


def test_a_500_is_retried(base_url):
    outcome = _submit(base_url, "error")
    assert not outcome.delivered and outcome.retry and outcome.status == 500


def test_a_429_is_retried_after_what_retry_after_says(base_url):
    outcome = _submit(base_url, "busy")
    assert outcome.retry and outcome.retry_after == 120


def test_an_answer_past_the_timeout_is_retried(base_url):
    outcome = _submit(base_url, "hang")
    assert not outcome.delivered and outcome.retry and outcome.status is None
    assert "no answer" in outcome.error


def test_a_2xx_that_is_not_json_is_retried(base_url):
    outcome = _submit(base_url, "html")
    assert not outcome.delivered and outcome.retry and "not JSON" in outcome.error


def test_a_redirect_is_not_followed_nor_retried(base_url):
    outcome = _submit(base_url, "moved")
    assert not outcome.delivered and not outcome.retry
    assert outcome.status == 302 and "elsewhere.example" in outcome.error


def test_another_4xx_is_not_retried(base_url):
    outcome = _submit(base_url, "refuse")
    assert not outcome.delivered and not outcome.retry and outcome.status == 422


def test_retry_after_as_an_http_date_is_understood():
    from datetime import timedelta
    from email.utils import format_datetime

    from django.utils import timezone

    from ..connectors.webhook import retry_after_seconds

    when = format_datetime(timezone.now() + timedelta(seconds=300), usegmt=True)
    assert 250 < retry_after_seconds(when) <= 300
    assert retry_after_seconds("soon") is None
