"""Payment methods as plugins behind one interface (base.PaymentMethodPlugin) and a registry.
`cash`, `card_terminal` and `online` are registered here; another method is one more module."""

from django.utils.translation import gettext as _

from sanad.core.errors import ValidationFailed
from sanad.core.registry import Registry, UnknownKey

from .base import PaymentMethodPlugin

methods: Registry[PaymentMethodPlugin] = Registry("payment method")


def register(plugin: PaymentMethodPlugin) -> PaymentMethodPlugin:
    return methods.add(plugin.name, plugin)


def get(name: str) -> PaymentMethodPlugin:
    try:
        return methods.get(name)
    except UnknownKey:
        raise ValidationFailed(errors={"method": [_("Choose cash, card or online payment.")]}) from None


def all_methods() -> list[PaymentMethodPlugin]:
    return methods.values()


from . import card_terminal, cash, online  # noqa: E402

register(cash.CashMethod())
register(card_terminal.CardTerminalMethod())
register(online.OnlineMethod())

__all__ = ["PaymentMethodPlugin", "all_methods", "get", "register"]
