"""Handlers deliver outbox messages, one per kind. A handler receives the message and must be
idempotent on `message.idempotency_key` (a message can be delivered again after a crash)."""

from collections.abc import Callable

from sanad.core.registry import Registry, UnknownKey

handlers: Registry[Callable] = Registry("outbox handler")


class UnknownKind(UnknownKey):
    pass


def handler(kind: str):
    return handlers.register(kind)


def handler_for(kind: str) -> Callable:
    try:
        return handlers.get(kind)
    except UnknownKey as exc:
        raise UnknownKind(exc.message) from None


def registered_kinds() -> list[str]:
    return handlers.keys()
