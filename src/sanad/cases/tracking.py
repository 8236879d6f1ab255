"""Public tracking without signing in: reference + last four digits of the civil number.

Besides the per-address rate limit, each reference has its own budget: after
`TRACK_FAILURES_ALLOWED` wrong suffixes the reference is locked for `TRACK_LOCK_SECONDS` (even the
right suffix then gets the "no match" answer) and its citizen is told by SMS. So four digits cannot
be walked from many addresses at once, and the caller cannot tell "wrong" from "locked"."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.accounts.identity import to_ascii_digits
from sanad.core.errors import NotFound

from .models import Case
from .reference import parse_reference

TRACK_FAILURES_ALLOWED = getattr(settings, "SANAD_TRACK_FAILURES_ALLOWED", 5)
TRACK_LOCK_SECONDS = getattr(settings, "SANAD_TRACK_LOCK_SECONDS", 3600)


def _not_found() -> NotFound:
    # One answer for "no such case", "wrong digits" and "locked": the pair reveals nothing.
    return NotFound(_("No transaction matches this reference and these digits."))


def _failures_key(reference: str) -> str:
    return f"cases:track:failures:{reference}"


def _lock_key(reference: str) -> str:
    return f"cases:track:locked:{reference}"


def reference_locked(reference: str) -> bool:
    return bool(cache.get(_lock_key(reference)))


def _record_failure(reference: str, case: Case | None) -> None:
    key = _failures_key(reference)
    if cache.add(key, 1, TRACK_LOCK_SECONDS):
        failures = 1
    else:
        try:
            failures = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, TRACK_LOCK_SECONDS)
            failures = 1
    if failures < TRACK_FAILURES_ALLOWED:
        return
    locked_at = int(time.time())
    if not cache.add(_lock_key(reference), locked_at, TRACK_LOCK_SECONDS):
        return  # already locked (a concurrent failure got here first)
    cache.delete(key)
    if case is not None:
        _tell_citizen(case, locked_at)


def _tell_citizen(case: Case, locked_at: int) -> None:
    from sanad.notifications.services import notify

    with transaction.atomic():
        notify(
            user=case.citizen,
            template="tracking_locked",
            context={"case": case, "minutes": TRACK_LOCK_SECONDS // 60},
            key=f"case:{case.pk}:track-locked:{locked_at}",
        )


def track(*, reference: str, civil_suffix: str) -> Case:
    try:
        canonical = parse_reference(reference)
    except Exception:
        raise _not_found() from None
    if reference_locked(canonical):
        raise _not_found()
    suffix = to_ascii_digits(str(civil_suffix or "")).strip()
    case = (
        Case.objects.select_related("citizen__citizen_profile", "service_version", "centre")
        .filter(reference=canonical)
        .first()
    )
    profile = getattr(case.citizen, "citizen_profile", None) if case else None
    if case is None or profile is None or len(suffix) != 4 or profile.id_number[-4:] != suffix:
        _record_failure(canonical, case)
        raise _not_found()
    cache.delete(_failures_key(canonical))
    return case


def public_view(case: Case) -> dict:
    """What anyone holding the pair may see: the service, the centre and the status timeline — no
    names, no form data, no documents. Times in Asia/Muscat, like the rest of the API."""
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
                "at": timezone.localtime(e.created_at).isoformat(),
            }
            for e in case.events.order_by("created_at", "pk")
        ],
    }
