"""The Celery app. Redis is the broker in production; without REDIS_URL an embedded SQLite broker
(kombu's SQLAlchemy transport) runs the same task code with no server to install."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")

app = Celery("sanad")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _refuse_unsafe_production(**_kwargs):
    from sanad.core.guards import assert_production_safe

    assert_production_safe()
