"""Writes of the integration area: submissions going out (submissions.py), the institutions' health
(health.py) and decisions coming back (decisions.py)."""

from .decisions import callback_receive, decision_apply
from .health import connector_failure, connector_success
from .submissions import (
    institution_drain,
    institution_probe,
    submission_create,
    submission_deliver,
    submission_escalate,
    submission_resend,
    submissions_pull_overdue,
)

__all__ = [
    "callback_receive",
    "connector_failure",
    "connector_success",
    "decision_apply",
    "institution_drain",
    "institution_probe",
    "submission_create",
    "submission_deliver",
    "submission_escalate",
    "submission_resend",
    "submissions_pull_overdue",
]
