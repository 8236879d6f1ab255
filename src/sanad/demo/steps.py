"""Import order is seeding order."""

from . import (
    accounts,  # noqa: F401
    catalogue,  # noqa: F401
    centres,  # noqa: F401
)
