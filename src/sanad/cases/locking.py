"""The one way into a case for writing. Every case-scoped write (transitions, fee changes, uploads,
custody, payments, refunds) locks the case row first, in one place, so that two writers on the same
case run one after the other and always in the same lock order (case, then what belongs to it).

Only the case row is locked (`of=("self",)`): the centre and the service version it joins are read,
never locked, so one busy case never holds up the rest of its centre.

The lock is also the visibility check and the read of what the write needs: one query that finds the
case (by id or reference) among those the actor may see, joins what the guards and the response use,
and, with `preload`, reads alongside it what the response and the notification would otherwise ask
for one by one (see `PRELOADS`). The audit rows of the block are written together at its end
(sanad.audit.chain.batch)."""

from contextlib import contextmanager

from django.db import transaction
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from sanad.core.errors import NotFound

from . import selectors
from .models import Case

DEFAULT_RELATED = ("centre", "service", "service_version")


# Preloaded values are trusted only while no payment, refund or submission was written since they
# were read (by anyone in this process: a conservative test, and one integer to compare).
_FRESHNESS = {"generation": 0}
_INVALIDATING = frozenset({"payments.payment", "payments.refund", "integrations.submission"})


def _bump(sender, **kwargs):
    if sender._meta.label_lower in _INVALIDATING:
        _FRESHNESS["generation"] += 1


post_save.connect(_bump, dispatch_uid="sanad.cases.locking.preload")
post_delete.connect(_bump, dispatch_uid="sanad.cases.locking.preload.delete")


def preloaded(case, name: str):
    """A value `case_lock(preload=…)` read with the lock, or None if it was not read or may be stale."""
    value = case.__dict__.get(f"_sanad_{name}")
    if value is None or value[0] != _FRESHNESS["generation"]:
        return None
    return value[1]


def preload_money(cases) -> None:
    """What each of `cases` has paid and been refunded, read in two grouped queries for the whole
    list (a page of the case list), for `payments.selectors.case_net_paid` (not two per row)."""
    from sanad.payments.arithmetic import Breakdown
    from sanad.payments.constants import MONEY_RECEIVED_STATES
    from sanad.payments.models import Payment, Refund

    cases = list(cases)
    if not cases:
        return
    ids = [case.pk for case in cases]
    parts = ("government_fee", "centre_fee", "vat")

    def sums(queryset) -> dict:
        rows = queryset.filter(case_id__in=ids).order_by().values("case_id")
        rows = rows.annotate(**{f"sum_{p}": Sum(p) for p in parts})
        return {r["case_id"]: Breakdown(*(r[f"sum_{p}"] or 0 for p in parts)) for r in rows}

    generation = _FRESHNESS["generation"]
    received = sums(Payment.objects.filter(state__in=MONEY_RECEIVED_STATES))
    refunded = sums(Refund.objects.all())
    nothing = Breakdown(0, 0, 0)
    for case in cases:
        case._sanad_money = (generation, received.get(case.pk, nothing) - refunded.get(case.pk, nothing))


def _sum(model, field: str, **filters):
    rows = (
        model.objects.filter(case_id=OuterRef("pk"), **filters)
        .order_by()
        .values("case_id")
        .annotate(s=Sum(field))
        .values("s")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _money_annotations() -> dict:
    from sanad.payments.constants import MONEY_RECEIVED_STATES
    from sanad.payments.models import Payment, Refund

    out = {}
    for part in ("government_fee", "centre_fee", "vat"):
        out[f"_received_{part}"] = _sum(Payment, part, state__in=MONEY_RECEIVED_STATES)
        out[f"_refunded_{part}"] = _sum(Refund, part)
    return out


def _delivery_annotations() -> dict:
    from sanad.integrations.models import Submission

    latest = Submission.objects.filter(case_id=OuterRef("pk")).order_by("-number")
    return {
        f"_submission_{name}": Subquery(latest.values(name)[:1])
        for name in ("pk", "state", "attempts", "institution_reference", "last_error")
    }


def _consent_annotations() -> dict:
    from sanad.audit.constants import ConsentPurpose
    from sanad.audit.models import Consent

    latest = Consent.objects.filter(person_id=OuterRef("citizen_id"), purpose=ConsentPurpose.NOTIFICATIONS)
    latest = latest.order_by("-given_at", "-pk").values("withdrawn_at")[:1]
    return {"_consent_withdrawn_at": Subquery(latest)}


# name → annotations read with the lock (each a correlated subquery on the case's own rows)
PRELOADS = {
    "money": _money_annotations,  # what was paid and refunded (payments.selectors.case_net_paid)
    "delivery": _delivery_annotations,  # the latest submission (the API's `delivery`)
    "consent": _consent_annotations,  # whether the citizen accepts messages (notifications)
}
RESPONSE = ("money", "delivery", "consent")  # what a write that answers with the case needs


def _attach(case: Case, preload) -> None:
    """Turn the annotations into the attributes their readers look for."""
    data = case.__dict__
    generation = _FRESHNESS["generation"]
    if "money" in preload:
        from sanad.payments.arithmetic import Breakdown

        parts = ("government_fee", "centre_fee", "vat")
        received = Breakdown(*(data.pop(f"_received_{p}") for p in parts))
        refunded = Breakdown(*(data.pop(f"_refunded_{p}") for p in parts))
        case._sanad_money = (generation, received - refunded)
    if "delivery" in preload:
        from types import SimpleNamespace

        names = ("pk", "state", "attempts", "institution_reference", "last_error")
        values = {n: data.pop(f"_submission_{n}") for n in names}
        case._sanad_submission = (
            generation,
            SimpleNamespace(**values) if values["pk"] is not None else False,
        )
    if "consent" in preload and "citizen" in case._state.fields_cache:
        case.citizen._sanad_notifications_allowed = data.pop("_consent_withdrawn_at") is None


def case_lock(case_id=None, *, related=DEFAULT_RELATED, actor=None, reference: str = "", preload=()) -> Case:
    """Lock and return the case inside the caller's transaction (raises NotFound). With `actor`, only
    a case the actor may see is found (in the same query); with `reference`, the case is looked up by
    it (a malformed one is a 400, see parse_reference)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case_lock runs inside a transaction; use locked_case()")
    qs = selectors.cases_lockable_by(actor) if actor is not None else Case.objects.all()
    qs = qs.select_for_update(of=("self",)).select_related(*related)
    for name in preload:
        qs = qs.annotate(**PRELOADS[name]())
    if reference:
        from .reference import parse_reference

        qs = qs.filter(reference=parse_reference(reference))
    else:
        qs = qs.filter(pk=case_id)
    case = qs.first()
    if case is None:
        raise NotFound(_("Case not found."))
    _attach(case, preload)
    if actor is not None:
        selectors.remember_visible(case, actor)
    return case


@contextmanager
def locked_case(case_id=None, actor=None, *, related=DEFAULT_RELATED, reference: str = "", preload=()):
    """A transaction holding the case's row lock, the case read fresh under it. A case the actor may
    not see is a 404, checked once here, in the lock's own query (actor None: the system itself)."""
    from sanad.audit.chain import batch

    with transaction.atomic(), batch():
        yield case_lock(case_id, related=related, actor=actor, reference=reference, preload=preload)
