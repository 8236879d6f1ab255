"""Sanad: the platform for Oman's national network of Sanad service centres."""

from .celery import app as celery_app

__all__ = ["celery_app"]
