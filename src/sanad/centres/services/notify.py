"""Tell applicants and owners about their licence (SMS and e-mail through the outbox, on commit)."""

from ..models import Licence, LicenceEvent


def _recipients(licence: Licence) -> list:
    users = {}
    if licence.applicant_id:
        users[licence.applicant_id] = licence.applicant
    for owner in licence.centre.owners.filter(ended_on__isnull=True, user__isnull=False).select_related(
        "user"
    ):
        users[owner.user_id] = owner.user
    return [user for user in users.values() if user.is_active]


def notify_owners(licence: Licence, *, template: str, context: dict, key: str) -> int:
    from sanad.notifications.services import notify

    sent = 0
    for user in _recipients(licence):
        sent += bool(
            notify(
                user=user,
                template=template,
                context={"licence": licence, "centre": licence.centre, **context},
                key=f"{key}:user:{user.pk}",
            )
        )
    return sent


def notify_licence_event(licence: Licence, event: LicenceEvent) -> int:
    return notify_owners(
        licence,
        template="licence_event",
        context={"event": event, "state_label": event.get_to_state_display()},
        key=f"licence:{licence.pk}:event:{event.pk}",
    )
