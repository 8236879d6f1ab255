from django.conf import settings
from django.core.checks import Error, register

from .guards import demo_data_present


@register("sanad", deploy=True)
def no_demo_data_in_production(app_configs=None, databases=None, **kwargs):
    if settings.PRODUCTION and demo_data_present():
        return [
            Error(
                "Demo data is loaded in a production database.",
                hint="Use a clean database; never run seed_demo in production.",
                id="sanad.E001",
            )
        ]
    return []
