import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.core import mail

from sanad.accounts.tests.factories import CitizenFactory
from sanad.notifications import sms
from sanad.notifications.models import Notification
from sanad.notifications.services import notify
from sanad.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db
TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def _test_templates(settings):
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [*engine["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = [engine]


@pytest.fixture
def person():
    return CitizenFactory(preferred_language="en", email="maryam@example.om")


def test_a_notification_goes_out_on_sms_and_email_once_after_commit(
    person, settings, django_capture_on_commit_callbacks, tmp_path
):
    settings.SMS_BACKEND = "file"
    settings.VAR_DIR = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=person, template="test_hello", context={"name": "Maryam"}, key="hello:1")
    assert {n.channel for n in Notification.objects.filter(recipient=person)} == {"sms", "email"}
    assert mail.outbox[0].subject == "Hello Maryam"
    lines = (tmp_path / "sms").glob("*.log")
    record = json.loads(next(lines).read_text().splitlines()[0])
    assert record["to"] == person.mobile
    assert record["text"] == "Hello Maryam, in English."
    # Delivering the same outbox message again sends nothing more.
    from sanad.notifications.handlers import send_sms

    send_sms(OutboxMessage.objects.get(idempotency_key="hello:1:sms"))
    assert Notification.objects.filter(channel="sms").count() == 1


def test_the_message_is_in_the_recipients_language(settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "console"
    arabic = CitizenFactory(preferred_language="ar", email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=arabic, template="test_hello", context={"name": "مريم"}, key="hello:2")
    assert Notification.objects.get(recipient=arabic).body == "مرحبًا مريم، بالعربية."


class _Gateway(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Gateway.received.append((self.headers["Authorization"], body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": "gw-42"}')

    def log_message(self, *args):
        pass


def test_the_http_gateway_posts_json_with_the_token_and_our_key():
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    gateway = sms.HttpGateway(url=f"http://127.0.0.1:{server.server_port}/send", token="t0k", sender="SANAD")
    assert gateway.send(to="+96891234567", text="مرحبا", key="k-9") == "gw-42"
    thread.join(timeout=5)
    server.server_close()
    authorization, body = _Gateway.received[-1]
    assert authorization == "Bearer t0k"
    assert body == {"to": "+96891234567", "from": "SANAD", "text": "مرحبا", "client_reference": "k-9"}
