"""Tell people what happened, in their language, on SMS and e-mail, through the outbox.

`notify()` is called inside the caller's transaction; it renders the message now (so that the text
is the one that matched the state at that moment) and writes one outbox row per channel. The
handlers in handlers.py send after commit and record a Notification."""

from django.template.loader import render_to_string
from django.utils import translation

from sanad.outbox.services import outbox_enqueue_many

from .constants import Channel


def render_message(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """(subject, sms text, e-mail body) for a notification template in `language`."""
    with translation.override(language):
        subject = render_to_string(f"notifications/{template}.subject.txt", context).strip()
        sms = render_to_string(f"notifications/{template}.sms.txt", context).strip()
        email = render_to_string(f"notifications/{template}.email.txt", context).strip()
    return subject, " ".join(sms.split()), email


def notify(*, user, template: str, context: dict, key: str) -> list[int]:
    """Queue `template` to `user` on every channel they can be reached on, in one INSERT. `key` makes
    it idempotent. Returns the ids of the outbox messages queued now."""
    from sanad.audit.rights import notifications_allowed

    if not notifications_allowed(user):
        return []  # the person withdrew consent to messages
    language = user.preferred_language or "ar"
    subject, sms, email = render_message(template=template, context=context, language=language)
    messages = []
    if user.mobile:
        payload = {
            "user_id": user.pk,
            "to": user.mobile,
            "text": sms,
            "topic": template,
            "language": language,
        }
        messages.append(("notification.sms", payload, f"{key}:sms"))
    if user.email:
        payload = {
            "user_id": user.pk,
            "to": user.email,
            "subject": subject,
            "text": email,
            "topic": template,
            "language": language,
        }
        messages.append(("notification.email", payload, f"{key}:email"))
    return outbox_enqueue_many(messages)


__all__ = ["Channel", "notify", "render_message"]
