"""SMS about tickets and appointments, through the outbox (sent after commit, once per key)."""

from django.utils import timezone

from sanad.notifications import sms
from sanad.notifications.services import notify, render_message
from sanad.outbox.registry import handler
from sanad.outbox.services import outbox_enqueue


def ticket_near_turn(ticket) -> None:
    context = {"ticket": ticket.label, "centre": ticket.centre}
    key = f"ticket:{ticket.pk}:near"
    if ticket.citizen_id:
        notify(user=ticket.citizen, template="ticket_near", context=context, key=key)
        return
    # A ticket taken at the kiosk with a mobile number and no account.
    _, text, _ = render_message(template="ticket_near", context=context, language=ticket.language)
    outbox_enqueue(
        kind="queueing.sms", payload={"to": ticket.mobile, "text": text}, idempotency_key=f"{key}:sms"
    )


def appointment_message(appointment, template: str) -> None:
    local = timezone.localtime(appointment.start)
    context = {
        "centre": appointment.centre,
        "service": appointment.service.current_version.name if appointment.service.current_version else "",
        "day": local.strftime("%Y-%m-%d"),
        "time": local.strftime("%H:%M"),
    }
    notify(
        user=appointment.citizen,
        template=template,
        context=context,
        key=f"appointment:{appointment.pk}:{template}:{appointment.start:%Y%m%d%H%M}",
    )


@handler("queueing.sms")
def send_sms(message):
    p = message.payload
    sms.gateway().send(to=p["to"], text=p["text"], key=message.idempotency_key)
