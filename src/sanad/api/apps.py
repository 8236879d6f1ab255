from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sanad.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from . import schema  # noqa: F401  (OpenAPI extensions)
