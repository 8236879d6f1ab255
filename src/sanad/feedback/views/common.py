"""Shared by the feedback pages: the role gates, loading a complaint the person may see, and what a
complaint page shows."""

from functools import wraps

from django.http import Http404
from django.utils import timezone

from sanad.accounts.constants import Role
from sanad.cases.views.common import attempt, error_details, error_page  # noqa: F401  (one way to do it)
from sanad.core.errors import BadRequest, NotFound

from .. import selectors, workflow
from ..constants import ComplaintAction, ComplaintState

STATE_CLASS = {
    ComplaintState.RECEIVED: "text-bg-info",
    ComplaintState.ASSIGNED: "text-bg-primary",
    ComplaintState.INVESTIGATING: "text-bg-warning",
    ComplaintState.UPHELD: "text-bg-danger",
    ComplaintState.DISMISSED: "text-bg-secondary",
    ComplaintState.RESOLVED: "text-bg-success",
}
ACTION_STYLE = {
    ComplaintAction.UPHOLD: "danger",
    ComplaintAction.DISMISS: "outline-secondary",
    ComplaintAction.RESOLVE: "success",
}


def reference_view(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as exc:
            return error_page(request, 400, exc.message)

    return wrapper


def load_complaint(request, reference: str):
    try:
        return selectors.complaint_for(request.user, reference)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def decorate(complaint, now=None):
    now = now or timezone.now()
    complaint.state_class = STATE_CLASS.get(complaint.state, "text-bg-light")
    complaint.overdue = selectors.complaint_is_overdue(complaint, now)
    return complaint


def complaint_context(request, complaint, *, error=None) -> dict:
    from ..services.complaints import actor_kinds

    decorate(complaint)
    steps = workflow.actions_for(complaint.state, actor_kinds(complaint, request.user))
    return {
        "complaint": complaint,
        "timeline": list(selectors.complaint_timeline(complaint)),
        "attachments": list(complaint.attachments.all()),
        "actions": [
            {
                "action": s.action,
                "label": ComplaintAction(s.action).label,
                "note_required": s.note_required,
                "style": ACTION_STYLE.get(s.action, "primary"),
            }
            for s in steps
        ],
        "error": error,
        "error_details": error_details(error),
        "posted": request.POST if error is not None else {},
    }


CITIZEN = (Role.CITIZEN,)
STAFF = (Role.CENTRE_STAFF,)
REGULATOR = (Role.REGULATOR, Role.ADMIN)
