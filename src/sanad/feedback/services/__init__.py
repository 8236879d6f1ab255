"""Writes for feedback, by purpose: ratings (links, the rating itself, hiding abusive comments),
complaints (filing, the workflow, refunds and violations) and the quality index (figures, scores)."""

from .complaints import (
    complaint_file,
    complaint_record_violation,
    complaint_refund,
    complaint_transition,
    complaints_escalate_overdue,
)
from .quality import figures_compute, quality_compute
from .ratings import (
    rating_create,
    rating_hide,
    rating_invitation_create,
    rating_invite_on_completion,
    rating_submit_by_token,
)

__all__ = [
    "complaint_file",
    "complaint_record_violation",
    "complaint_refund",
    "complaint_transition",
    "complaints_escalate_overdue",
    "figures_compute",
    "quality_compute",
    "rating_create",
    "rating_hide",
    "rating_invitation_create",
    "rating_invite_on_completion",
    "rating_submit_by_token",
]
