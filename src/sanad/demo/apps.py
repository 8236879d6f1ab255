from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sanad.demo"
    label = "demo"
    verbose_name = "Demo"
