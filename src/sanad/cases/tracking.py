"""Public tracking without signing in: reference + last four digits of the civil number."""

from django.utils.translation import gettext as _

from sanad.accounts.identity import to_ascii_digits
from sanad.core.errors import NotFound

from .models import Case
from .reference import parse_reference


def _not_found() -> NotFound:
    # One answer for "no such case" and "wrong digits": the pair reveals nothing.
    return NotFound(_("No transaction matches this reference and these digits."))


def track(*, reference: str, civil_suffix: str) -> Case:
    try:
        canonical = parse_reference(reference)
    except Exception:
        raise _not_found() from None
    suffix = to_ascii_digits(str(civil_suffix or "")).strip()
    if len(suffix) != 4 or not suffix.isdigit():
        raise _not_found()
    case = (
        Case.objects.select_related("citizen__citizen_profile", "service_version", "centre")
        .filter(reference=canonical)
        .first()
    )
    profile = getattr(case.citizen, "citizen_profile", None) if case else None
    if case is None or profile is None or profile.id_number[-4:] != suffix:
        raise _not_found()
    return case


def public_view(case: Case) -> dict:
    """What anyone holding the pair may see: the service, the centre and the status timeline — no
    names, no form data, no documents."""
    return {
        "reference": case.reference,
        "service_name_ar": case.service_version.name_ar,
        "service_name_en": case.service_version.name_en,
        "centre_name_ar": case.centre.name_ar,
        "centre_name_en": case.centre.name_en,
        "state": case.state,
        "state_label": case.get_state_display(),
        "timeline": [
            {
                "action": e.action,
                "action_label": e.get_action_display(),
                "from_state": e.from_state,
                "to_state": e.to_state,
                "to_state_label": e.get_to_state_display(),
                "note": e.note if e.action in ("send_back", "reject", "decline", "request_info") else "",
                "at": e.created_at.isoformat(),
            }
            for e in case.events.order_by("created_at", "pk")
        ],
    }
