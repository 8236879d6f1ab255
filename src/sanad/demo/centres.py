"""Demo data for the centres area (steps registered with @step, in order)."""

from .registry import step  # noqa: F401
