"""The outbox handler that hands submissions over, and the workflow effect that queues them."""

from sanad.outbox.registry import handler

from . import services
from .services.submissions import OUTBOX_KIND


@handler(OUTBOX_KIND)
def deliver_submission(message):
    services.submission_deliver(submission_id=message.payload["submission_id"])


def submit_on_transition(case, step, actor) -> None:
    """A workflow effect: "submit to institution" writes the submission in the case's transaction."""
    from sanad.cases.constants import Action

    if step.action == Action.SUBMIT_TO_INSTITUTION:
        services.submission_create(case=case)
