"""The integration area's settings, each overridable in settings.py (or the environment there)."""

from django.conf import settings

DEFAULTS = {
    "INTEGRATIONS_BACKOFF_BASE_SECONDS": 15,
    "INTEGRATIONS_BACKOFF_CAP_SECONDS": 15 * 60,
    "INTEGRATIONS_CIRCUIT_FAILURES": 5,  # consecutive failures that take an institution down
    "INTEGRATIONS_PROBE_SECONDS": 60,  # while down, one submission probes this often
    "INTEGRATIONS_DOCUMENT_URL_SECONDS": 7 * 24 * 3600,  # how long a document download link works
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
