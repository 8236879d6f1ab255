from django import template

from ..constants import APPLICATION_STATES, LicenceAction, LicenceState

register = template.Library()


@register.filter
def state_label(state: str) -> str:
    try:
        return LicenceState(state).label
    except ValueError:
        return state or "—"


@register.filter
def state_class(state: str) -> str:
    if state in APPLICATION_STATES:
        return "state-application"
    return f"state-{state}"


@register.filter
def action_label(action: str) -> str:
    try:
        return LicenceAction(action).label
    except ValueError:
        return action


@register.filter
def rials(amount_baisa) -> str:
    """12345 → '12.345' (for a money input, no unit)."""
    if amount_baisa is None or amount_baisa == "":
        return ""
    rials_, baisa = divmod(int(amount_baisa), 1000)
    return f"{rials_}.{baisa:03d}"


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def hhmm(minutes) -> str:
    from ..hours import format_minutes

    return format_minutes(int(minutes))
