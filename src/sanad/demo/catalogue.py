"""Demo data for the catalogue area (steps registered with @step, in order)."""

from .registry import step  # noqa: F401
