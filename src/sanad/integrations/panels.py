"""What the integration area adds to other pages: the delivery panel on the case page (its centre,
the citizen in short, the regulator and admins with the message log) and a console banner per
institution that is not answering."""

from django.utils.translation import gettext as _

from sanad.accounts.constants import Role
from sanad.cases.panels import Panel, register

from . import selectors
from .constants import DeliveryState, Health


def panel_context(request, case) -> dict:
    from sanad.cases.selectors import is_staff_of

    user = request.user
    submission = selectors.case_submission(case)
    full = is_staff_of(user, case.centre) or user.role in (Role.REGULATOR, Role.ADMIN)
    reason = ""
    if submission is not None and submission.state in (DeliveryState.QUEUED, DeliveryState.DELIVERING):
        connector = getattr(submission.institution, "connector", None)
        if submission.attempts or (connector is not None and connector.health != Health.UP):
            reason = _("%(institution)s is not answering; your submission will be sent automatically.") % {
                "institution": submission.institution.name
            }
        else:
            reason = _("Being sent to %(institution)s.") % {"institution": submission.institution.name}
    return {
        "submission": submission,
        "delivery": selectors.case_delivery(case, submission),
        "reason": reason,
        "messages": list(selectors.case_messages(case)) if full else [],
        "full": full,
        "can_resend": submission is not None
        and submission.state == DeliveryState.NEEDS_ATTENTION
        and (is_staff_of(user, case.centre) or user.role == Role.ADMIN),
    }


def panel_visible(case, user) -> bool:
    from sanad.cases.selectors import is_staff_of

    if user is None or not user.is_authenticated:
        return False
    if not case.submissions.exists():
        return False
    return (
        user.pk == case.citizen_id
        or is_staff_of(user, case.centre)
        or user.role in (Role.REGULATOR, Role.ADMIN)
    )


def register_panel() -> None:
    register(
        Panel(
            name="integrations",
            template="integrations/panel.html",
            context=panel_context,
            visible=panel_visible,
            order=40,
        )
    )


def console_banners(request) -> list[dict]:
    return [
        {
            "level": "danger" if connector.health == Health.DOWN else "warning",
            "icon": "wifi-off" if connector.health == Health.DOWN else "exclamation-triangle",
            "text": (
                _(
                    "%(institution)s is not answering. Submit as usual: submissions wait in the queue and are sent automatically, in order."
                )
                if connector.health == Health.DOWN
                else _("%(institution)s is answering slowly or with errors; submissions may take longer.")
            )
            % {"institution": connector.institution.name},
        }
        for connector in selectors.degraded_connectors()
    ]
