"""The interface every connector implements."""

from dataclasses import dataclass


@dataclass
class Outcome:
    """What came of one attempt to hand a submission over."""

    delivered: bool
    retry: bool = False  # not delivered, and trying again may help (timeout, 5xx, 429)
    institution_reference: str = ""
    error: str = ""
    retry_after: float | None = None  # seconds the institution asked us to wait
    status: int | None = None
    latency_ms: int | None = None
    url: str = ""
    size: int = 0


class ConnectorPlugin:
    kind: str = ""
    pushes = False  # True: Sanad sends to the institution's system; False: the institution comes to us

    def validate(self, connector) -> None:
        """Refuse a misconfigured connector when it is saved: django ValidationError {field: reason}."""

    def submit(self, *, connector, submission, body: bytes, headers: dict) -> Outcome:
        """Hand the submission over (`body` is the signed JSON, `headers` its Standard Webhooks headers)."""
        return Outcome(delivered=True)

    def status(self, *, connector, submission) -> dict | None:
        """Ask the institution where a submission stands: {"decision": …, "note": …} or None."""
        return None
