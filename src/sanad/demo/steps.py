"""Import order is seeding order."""

from . import accounts  # noqa: F401
