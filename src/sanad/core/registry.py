"""One shape for every plugin registry (payment methods, outbox handlers, SMS gateways, institution
connectors): a key → item map filled at import time that refuses a second item under a key and
answers an unknown key with a domain error naming the keys it knows."""

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from django.utils.translation import gettext as _

from .errors import ValidationFailed

T = TypeVar("T")


class DuplicateKey(RuntimeError):
    """Two plugins claimed the same key (a programming error, raised at import time)."""


class UnknownKey(ValidationFailed, LookupError):
    """No plugin is registered under the key asked for."""


class Registry(Generic[T]):
    def __init__(self, name: str):
        self.name = name
        self._items: dict[str, T] = {}

    def add(self, key: str, item: T) -> T:
        existing = self._items.get(key)
        if existing is not None and existing is not item:
            raise DuplicateKey(f"{self.name}: {key!r} is already registered ({existing!r})")
        self._items[key] = item
        return item

    def register(self, key: str) -> Callable[[T], T]:
        """Decorator: `@registry.register("cash")` over a class or a function."""

        def decorate(item: T) -> T:
            return self.add(key, item)

        return decorate

    def get(self, key: str) -> T:
        try:
            return self._items[key]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "—"
            raise UnknownKey(
                _("Unknown %(registry)s “%(key)s”; known: %(known)s.")
                % {"registry": self.name, "key": key, "known": known}
            ) from None

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._items))

    def keys(self) -> list[str]:
        return sorted(self._items)

    def values(self) -> list[T]:
        return list(self._items.values())
