import pytest


@pytest.fixture(autouse=True)
def _english_messages():
    """Service-level assertions read English messages; pages and the API choose their own language."""
    from django.utils import translation

    with translation.override("en"):
        yield
