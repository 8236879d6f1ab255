import pytest

from sanad.catalogue.models import Service


@pytest.fixture
def dl_renew(db):
    """ROP-DL-RENEW from the seeded catalogue (cap 2.000 OMR)."""
    return Service.objects.select_related("current_version").get(code="ROP-DL-RENEW")


@pytest.fixture(autouse=True)
def _english_messages():
    """Service-level assertions read English messages; pages and the API choose their own language."""
    from django.utils import translation

    with translation.override("en"):
        yield
