"""How Sanad talks to an institution's system: one POST or GET over HTTP(S), never following a
redirect (a moved endpoint is a configuration problem to fix, not something to chase), with a timeout.
Tests replace `send` to play an institution."""

import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field


@dataclass
class Answer:
    status: int  # 0: no answer (timeout, refused, DNS)
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    latency_ms: int = 0
    error: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx comes back as an HTTPError, unfollowed


_opener = urllib.request.build_opener(_NoRedirect)
MAX_ANSWER_BYTES = 256 * 1024


def send(
    method: str, url: str, *, body: bytes | None = None, headers: dict | None = None, timeout: float
) -> Answer:
    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)  # noqa: S310
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        with _opener.open(request, timeout=timeout) as response:
            data = response.read(MAX_ANSWER_BYTES)
            return Answer(
                response.status, data, {k.lower(): v for k, v in response.headers.items()}, elapsed()
            )
    except urllib.error.HTTPError as error:
        data = error.read(MAX_ANSWER_BYTES) if error.fp else b""
        return Answer(error.code, data, {k.lower(): v for k, v in (error.headers or {}).items()}, elapsed())
    except TimeoutError:
        return Answer(0, latency_ms=elapsed(), error=f"no answer within {timeout:g} s")
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return Answer(0, latency_ms=elapsed(), error=f"no answer within {timeout:g} s")
        return Answer(0, latency_ms=elapsed(), error=f"cannot connect: {reason}")
