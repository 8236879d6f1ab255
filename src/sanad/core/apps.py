from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sanad.core"
    label = "core"
    verbose_name = "Sanad core"

    def ready(self):
        from . import checks  # noqa: F401  (registers system checks)
