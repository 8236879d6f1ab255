import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")
application = get_wsgi_application()

from sanad.core.guards import assert_production_safe  # noqa: E402

assert_production_safe()
