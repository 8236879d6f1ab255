"""Handlers deliver outbox messages, one per kind. A handler receives the message and must be
idempotent on `message.idempotency_key` (a message can be delivered again after a crash)."""

from collections.abc import Callable

_handlers: dict[str, Callable] = {}


class UnknownKind(LookupError):
    pass


def handler(kind: str):
    def register(func: Callable) -> Callable:
        _handlers[kind] = func
        return func

    return register


def handler_for(kind: str) -> Callable:
    try:
        return _handlers[kind]
    except KeyError:
        raise UnknownKind(f"no outbox handler for {kind!r}") from None


def registered_kinds() -> list[str]:
    return sorted(_handlers)
