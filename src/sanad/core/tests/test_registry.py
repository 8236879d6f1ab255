import pytest

from sanad.core.registry import DuplicateKey, Registry, UnknownKey


def test_a_second_item_under_a_key_is_refused_at_registration():
    registry = Registry("widget")
    registry.register("a")(object())
    with pytest.raises(DuplicateKey):
        registry.register("a")(object())


def test_registering_the_same_item_again_is_harmless():
    registry, item = Registry("widget"), object()
    registry.add("a", item)
    assert registry.add("a", item) is item
    assert registry.keys() == ["a"]


def test_an_unknown_key_is_a_domain_error_naming_the_known_keys():
    registry = Registry("widget")
    registry.add("cash", 1)
    registry.add("card", 2)
    with pytest.raises(UnknownKey) as raised:
        registry.get("cheque")
    assert raised.value.status == 422
    assert "cheque" in raised.value.message and "card, cash" in raised.value.message


def test_the_existing_registries_share_the_shape():
    from sanad.integrations.connectors import connectors
    from sanad.notifications.sms import BACKENDS
    from sanad.outbox.registry import handlers
    from sanad.payments.methods import methods

    for registry in (connectors, BACKENDS, handlers, methods):
        assert isinstance(registry, Registry)
    assert connectors.keys() == ["portal", "webhook"]
    assert {"cash", "card_terminal", "online"} <= set(methods.keys())
