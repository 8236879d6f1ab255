"""The one way into a case for writing. Every case-scoped write (transitions, fee changes, uploads,
custody, payments, refunds) locks the case row first, in one place, so that two writers on the same
case run one after the other and always in the same lock order (case, then what belongs to it).

Only the case row is locked (`of=("self",)`): the centre and the service version it joins are read,
never locked, so one busy case never holds up the rest of its centre."""

from contextlib import contextmanager

from django.db import transaction
from django.utils.translation import gettext as _

from sanad.core.errors import NotFound

from . import selectors
from .models import Case

DEFAULT_RELATED = ("centre", "service", "service_version")


def case_lock(case_id, *, related=DEFAULT_RELATED) -> Case:
    """Lock and return the case inside the caller's transaction (raises NotFound)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case_lock runs inside a transaction; use locked_case()")
    case = Case.objects.select_for_update(of=("self",)).select_related(*related).filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("Case not found."))
    return case


@contextmanager
def locked_case(case_id, actor=None, *, related=DEFAULT_RELATED):
    """A transaction holding the case's row lock, the case read fresh under it. A case the actor may
    not see is a 404, checked once here (actor None: the system itself)."""
    with transaction.atomic():
        case = case_lock(case_id, related=related)
        if actor is not None and not selectors.case_visible(case, actor):
            raise NotFound(_("Case not found."))
        yield case
