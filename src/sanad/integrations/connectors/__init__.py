"""Institution connectors as plugins behind one interface (base.ConnectorPlugin) and one registry:
`webhook` (Sanad POSTs signed submissions to the institution's system) and `portal` (submissions land
in the officers' inbox at /institution/inbox/). Another kind is one more module."""

from sanad.core.registry import Registry

from .base import ConnectorPlugin, Outcome

connectors: Registry[ConnectorPlugin] = Registry("connector")

from . import portal, webhook  # noqa: E402

connectors.add(webhook.WebhookConnector.kind, webhook.WebhookConnector())
connectors.add(portal.PortalConnector.kind, portal.PortalConnector())

__all__ = ["ConnectorPlugin", "Outcome", "connectors"]
