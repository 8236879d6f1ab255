"""Who is acting, for the audit trail: set once per request by `AuditContextMiddleware` (or by
`acting_as` in commands and tasks) and read by the recorder on every write.

The client address is REMOTE_ADDR unless `SANAD_TRUSTED_PROXIES` says how many proxies of ours
stand in front of the application; only then is X-Forwarded-For read (the entry that many hops from
the right, the one our nearest proxy saw). A client's own X-Forwarded-For is otherwise ignored."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass, field

from .constants import Channel


@dataclass
class Actor:
    request: object | None = None
    channel: str = Channel.SYSTEM
    client: str = ""
    user_agent: str = ""
    note: str = ""
    user: object | None = None  # set explicitly outside requests (commands, tasks)
    redact: bool = False  # record which fields changed, not their values (erasure)
    extra: dict = field(default_factory=dict)

    def current_user(self):
        user = self.user
        if user is None and self.request is not None:
            user = getattr(self.request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return user


_current: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("sanad_audit_actor", default=None)
_SYSTEM = Actor()


def current() -> Actor:
    return _current.get() or _SYSTEM


def client_address(request) -> str:
    """The one client identity (sanad.core.clients), as every limit keys on it."""
    from sanad.core.clients import client_address as identity

    return identity(request)[:64]


def channel_of(path: str) -> str:
    if path.startswith("/api/"):
        return Channel.API
    if path.startswith("/admin/"):
        return Channel.ADMIN
    return Channel.WEB


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        actor = Actor(
            request=request,
            channel=channel_of(request.path),
            client=client_address(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )
        token = _current.set(actor)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


@contextmanager
def acting_as(user=None, *, note: str = "", channel: str = Channel.SYSTEM):
    """Attribute the writes inside the block to `user` (or to the system), with an optional why."""
    outer = _current.get()
    actor = Actor(
        request=outer.request if outer else None,
        channel=outer.channel if outer and user is None else channel,
        client=outer.client if outer else "",
        user_agent=outer.user_agent if outer else "",
        note=note,
        user=user,
    )
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
