"""The one role gate: `restrict(user, action)` says whether this kind of account may use an area
or take an action at all. Pages ask it through `gate(action)`, the API through
`allow(action)`; both answer the same, with the same translated message.

The gate is about *kinds of account* (and, for officers and staff, belonging to an institution or a
centre). Which records someone sees is the selectors' business (`cases_visible_to`, …), and a
record they may not see is a 404 there. The refusal policy (docs/ARCHITECTURE.md, "Refusals"):

- not signed in: the sign-in page (web), 401 (API);
- signed in, but this area or action is not for this kind of account: 403 with the gate's message
  (the area's address is public; refusing reveals nothing about any record);
- a record the caller may not see (another centre's case, someone else's licence): 404;
- a record the caller may see, and an action on it that is not theirs: 403.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .constants import Role

R = Role


def _officer_with_institution(user) -> bool:
    return getattr(user, "institution_membership", None) is not None


def _working_at_a_centre(user) -> bool:
    from sanad.cases.selectors import staff_centre_id

    return staff_centre_id(user) is not None


@dataclass(frozen=True)
class Rule:
    roles: frozenset
    message: Promise
    # For some roles, a further condition (an officer needs an institution, staff a centre).
    condition: dict[str, Callable] | None = None


def _rule(roles, message, condition=None) -> Rule:
    return Rule(frozenset(roles), message, condition)


# action → who may. One table: read it to know who can reach what.
ACTIONS: dict[str, Rule] = {
    # the regulator's consoles
    "licensing.supervise": _rule([R.REGULATOR], _("This is the regulator's licensing console.")),
    "caps.set": _rule([R.REGULATOR, R.ADMIN], _("Centre fee caps are set by the regulator.")),
    "stats.national": _rule([R.REGULATOR, R.ADMIN], _("National statistics are for the regulator.")),
    "settlement.national": _rule([R.REGULATOR, R.ADMIN], _("Only the regulator sees national settlement.")),
    "complaints.desk": _rule([R.REGULATOR, R.ADMIN], _("The complaint desk is the regulator's.")),
    "audit.read": _rule([R.REGULATOR, R.ADMIN], _("The audit trail is for the regulator.")),
    # supervision of cases (read only)
    "cases.supervise": _rule(
        [R.REGULATOR, R.ADMIN, R.INSTITUTION_OFFICER],
        _("These pages are for the regulator and institution officers."),
    ),
    "integrations.health": _rule(
        [R.REGULATOR, R.ADMIN, R.INSTITUTION_OFFICER],
        _("This view is for the regulator, administrators and institution officers."),
    ),
    # institutions
    "catalogue.manage": _rule(
        [R.ADMIN, R.INSTITUTION_OFFICER],
        _("Services are managed by their institution's officers."),
        {R.INSTITUTION_OFFICER: _officer_with_institution},
    ),
    "institution.inbox": _rule(
        [R.INSTITUTION_OFFICER],
        _("This is for institution officers."),
        {R.INSTITUTION_OFFICER: _officer_with_institution},
    ),
    # centres
    "complaints.respond": _rule([R.CENTRE_STAFF], _("This page is for centre staff.")),
    "corrections.review": _rule(
        [R.REGULATOR, R.ADMIN, R.CENTRE_STAFF], _("This page is for the regulator and centre staff.")
    ),
    # citizens
    "cases.own": _rule([R.CITIZEN], _("This page is for citizens' own transactions.")),
    "complaints.file": _rule([R.CITIZEN], _("This page is for citizens.")),
    "data.own": _rule([R.CITIZEN], _("This page is for citizens' own data.")),
    "appointments.book": _rule([R.CITIZEN], _("Only citizens book appointments, for themselves.")),
}


def role_of(user) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return R.ADMIN if user.is_superuser else user.role


def restrict(user, action: str) -> bool:
    """May this account use this area or take this action? (An unknown action is a bug: KeyError.)"""
    rule = ACTIONS[action]
    role = role_of(user)
    if role not in rule.roles:
        return False
    condition = (rule.condition or {}).get(role)
    return condition is None or bool(condition(user))


def message_for(action: str) -> str:
    return str(ACTIONS[action].message)


def require(user, action: str) -> None:
    """Raise the domain's PermissionDenied (403) with the action's message unless restrict()."""
    from sanad.core.errors import PermissionDenied

    if not restrict(user, action):
        raise PermissionDenied(message_for(action))


def gate(action: str):
    """Page decorator: sign-in page for visitors, 403 for accounts the action is not for; inside,
    a NotFound from a selector is the 404 page and a PermissionDenied the 403 page."""
    ACTIONS[action]  # fail at import time on a misspelt action

    def decorator(view):
        from django.contrib.auth.decorators import login_required
        from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
        from django.http import Http404

        from sanad.core.errors import NotFound, PermissionDenied

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not restrict(request.user, action):
                raise DjangoPermissionDenied(message_for(action))
            try:
                return view(request, *args, **kwargs)
            except NotFound as exc:
                raise Http404(exc.message) from exc
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(exc.message) from exc

        return login_required(wrapped)

    return decorator


_permission_classes: dict[str, type] = {}


def allow(action: str) -> type:
    """DRF permission class for this action: 401 without credentials, 403 with the action's message."""
    ACTIONS[action]
    if action not in _permission_classes:
        from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
        from rest_framework.permissions import IsAuthenticated

        class Allowed(IsAuthenticated):
            def has_permission(self, request, view):
                if not super().has_permission(request, view):
                    return False
                if not restrict(request.user, action):
                    raise DRFPermissionDenied(message_for(action))
                return True

        Allowed.__name__ = Allowed.__qualname__ = "Allow_" + action.replace(".", "_")
        _permission_classes[action] = Allowed
    return _permission_classes[action]
