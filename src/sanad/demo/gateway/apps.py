from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoGatewayConfig(AppConfig):
    name = "sanad.demo.gateway"
    label = "demo_gateway"
    verbose_name = _("Simulated payment gateway")

    def ready(self):
        from . import handlers  # noqa: F401  (registers the outbox handler that sends callbacks)
