"""The front door on other areas' pages: the buttons from a service or a centre to applying, booking
or taking a ticket, and the expected wait."""

from django import template

register = template.Library()


@register.inclusion_tag("queueing/_door_buttons.html", takes_context=True)
def door_buttons(context, service, centre=None, size="sm"):
    """Apply online / Book an appointment / Take a ticket, carrying the service (and the centre)."""
    version = getattr(service, "current_version", None)
    channels = (version.channels or []) if version else []
    return {
        "service": service,
        "centre": centre,
        "online": "online" in channels,
        "walk_in": "walk_in" in channels or not channels,
        "size": size,
        "request": context.get("request"),
    }


@register.inclusion_tag("queueing/_wait.html")
def wait_badge(minutes):
    return {"minutes": minutes}
