"""SMS gateways behind one small interface. SMS_BACKEND picks one:

- "console" (default in development): logs the message;
- "file": appends to var/sms/<date>.log (what the demo uses, to read what citizens were told);
- "http": a JSON POST to SMS_GATEWAY_URL with SMS_GATEWAY_TOKEN (the shape most Omani
  bulk-SMS providers accept; adapt `HttpGateway.payload` for another).
"""

import json
import logging
import urllib.request
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.utils.module_loading import import_string

from sanad.core.registry import Registry

log = logging.getLogger(__name__)


class SmsGateway:
    def send(self, *, to: str, text: str, key: str) -> str:
        """Send `text` to the E.164 number `to`; return the provider's message id. `key` is our
        idempotency key: a gateway that supports it must not send the same key twice."""
        raise NotImplementedError


class ConsoleGateway(SmsGateway):
    def send(self, *, to, text, key):
        log.info("SMS to %s [%s]: %s", to, key, text)
        return f"console-{uuid.uuid4().hex[:12]}"


class FileGateway(SmsGateway):
    def send(self, *, to, text, key):
        folder = settings.VAR_DIR / "sms"
        folder.mkdir(parents=True, exist_ok=True)
        now = datetime.now(UTC)
        with (folder / f"{now:%Y-%m-%d}.log").open("a", encoding="utf-8") as out:
            out.write(
                json.dumps({"at": now.isoformat(), "to": to, "key": key, "text": text}, ensure_ascii=False)
            )
            out.write("\n")
        return f"file-{uuid.uuid4().hex[:12]}"


class HttpGateway(SmsGateway):
    def __init__(self, url: str | None = None, token: str | None = None, sender: str | None = None):
        self.url = url or settings.SMS_GATEWAY_URL
        self.token = token or settings.SMS_GATEWAY_TOKEN
        self.sender = sender or settings.SMS_SENDER_ID

    def payload(self, *, to, text, key) -> dict:
        return {"to": to, "from": self.sender, "text": text, "client_reference": key}

    def send(self, *, to, text, key):
        request = urllib.request.Request(  # noqa: S310 (configured https URL)
            self.url,
            data=json.dumps(self.payload(to=to, text=text, key=key)).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            body = json.loads(response.read() or b"{}")
        return str(body.get("id") or body.get("message_id") or "")


BACKENDS: Registry[type[SmsGateway]] = Registry("SMS gateway")
BACKENDS.add("console", ConsoleGateway)
BACKENDS.add("file", FileGateway)
BACKENDS.add("http", HttpGateway)


def gateway() -> SmsGateway:
    backend = settings.SMS_BACKEND
    cls = BACKENDS.get(backend) if backend in BACKENDS else import_string(backend)
    return cls()
