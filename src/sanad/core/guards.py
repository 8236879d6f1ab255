"""Production refuses to run with demo data. (DEBUG and the secret key are checked in settings.)"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError


def demo_data_present() -> bool:
    from sanad.accounts.models import User

    try:
        return User.objects.filter(is_demo=True).exists()
    except DatabaseError:  # tables not created yet: nothing loaded
        return False


def assert_production_safe() -> None:
    if settings.PRODUCTION and demo_data_present():
        raise ImproperlyConfigured(
            "Refusing to start: demo data is loaded in a production database. "
            "Remove the demo accounts (users with is_demo) or use a clean database."
        )
