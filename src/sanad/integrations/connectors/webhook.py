"""Sanad POSTs the submission, signed the Standard Webhooks way, to the institution's endpoint. The
institution answers 2xx with its own reference (it filed it now) or 202 (it will call back)."""

import json
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import transport
from ..constants import ConnectorKind
from ..signing import secret_key
from .base import ConnectorPlugin, Outcome

LOOPBACK = {"127.0.0.1", "localhost", "::1", "testserver"}


def retry_after_seconds(value: str | None) -> float | None:
    """`Retry-After` as seconds or as an HTTP date; None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - timezone.now()).total_seconds(), 0.0)


class WebhookConnector(ConnectorPlugin):
    kind = ConnectorKind.WEBHOOK
    pushes = True

    def validate(self, connector) -> None:
        errors = {}
        url = urlsplit(connector.endpoint_url or "")
        if not connector.endpoint_url:
            errors["endpoint_url"] = _("Enter the address where the institution receives submissions.")
        elif url.scheme != "https" and not (
            url.scheme == "http" and url.hostname in LOOPBACK and not settings.PRODUCTION
        ):
            errors["endpoint_url"] = _(
                "The endpoint must use https:// (plain http only to this machine, in development)."
            )
        secrets = connector.secrets if isinstance(connector.secrets, list) else None
        if not secrets:
            errors["secrets"] = _("Add at least one signing secret (whsec_…) shared with the institution.")
        else:
            for secret in secrets:
                try:
                    secret_key(secret)
                except ValueError as exc:
                    errors["secrets"] = _("A signing secret is not valid: %(reason)s.") % {"reason": exc}
                    break
        if not 1 <= (connector.timeout_seconds or 0) <= 60:
            errors["timeout_seconds"] = _("The timeout is between 1 and 60 seconds.")
        if not 1 <= (connector.cutoff_hours or 0) <= 720:
            errors["cutoff_hours"] = _("Give up after between 1 and 720 hours.")
        if errors:
            raise ValidationError(errors)

    def submit(self, *, connector, submission, body, headers) -> Outcome:
        answer = transport.send(
            "POST",
            connector.endpoint_url,
            body=body,
            headers={
                **headers,
                "Content-Type": "application/json",
                "Idempotency-Key": submission.idempotency_key,
                "User-Agent": "Sanad/1.0",
            },
            timeout=connector.timeout_seconds,
        )
        base = {
            "status": answer.status or None,
            "latency_ms": answer.latency_ms,
            "url": connector.endpoint_url,
        }
        if answer.status == 0:
            return Outcome(delivered=False, retry=True, error=answer.error, **base)
        if 200 <= answer.status < 300:
            try:
                data = json.loads(answer.body or b"{}") if answer.status != 204 else {}
                if not isinstance(data, dict):
                    raise ValueError
            except ValueError:
                return Outcome(
                    delivered=False,
                    retry=True,
                    error=f"{answer.status} with an answer that is not JSON",
                    **base,
                )
            reference = str(data.get("reference") or data.get("institution_reference") or "")[:100]
            return Outcome(delivered=True, institution_reference=reference, **base)
        if 300 <= answer.status < 400:
            where = answer.headers.get("location", "?")
            return Outcome(
                delivered=False, error=f"{answer.status} redirect to {where}: fix the endpoint URL", **base
            )
        if answer.status in (408, 429) or answer.status >= 500:
            return Outcome(
                delivered=False,
                retry=True,
                error=f"{answer.status} from the institution",
                retry_after=retry_after_seconds(answer.headers.get("retry-after")),
                **base,
            )
        return Outcome(delivered=False, error=f"{answer.status}: refused by the institution", **base)

    def status(self, *, connector, submission) -> dict | None:
        if not connector.status_url:
            return None
        from ..signing import sign

        url = connector.status_url.replace("{reference}", submission.case.reference)
        headers = sign(secrets=connector.secrets, webhook_id=f"status_{submission.webhook_id}", body=b"")
        answer = transport.send("GET", url, headers=headers, timeout=connector.timeout_seconds)
        if answer.status != 200:
            return None
        try:
            data = json.loads(answer.body)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None
