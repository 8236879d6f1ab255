"""One generic recorder for every write in every area: model signals capture the fields before
(from the state the instance was loaded with) and after, and write one audit row per save or
delete, attributed to whoever `context.current()` says is acting.

Not recorded: the audit rows themselves, technical rows (outbox messages, counters, idempotency
keys), many-to-many changes, and anything written with `bulk_create`, `QuerySet.update()` or raw
SQL, which send no signals. The demo seeder bulk-inserts its history, so demo data mostly appears
without audit rows; the domain's own writes go through `save()` and are all recorded."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from uuid import UUID

from django.db.models.signals import post_delete, post_init, post_save, pre_save
from django.utils import timezone

from . import chain
from .constants import Operation
from .context import current

SKIPPED = {
    "audit.auditentry",
    "outbox.outboxmessage",
    "cases.casesequence",
    "cases.idempotencykey",
    "payments.documentsequence",
}
MASKED = {"password"}
MASK = "••••"

_tracked: dict[type, tuple | None] = {}


def _fields_of(sender) -> tuple | None:
    """(label, [(name, attname)]) for a model whose writes are recorded, else None (cached)."""
    try:
        return _tracked[sender]
    except KeyError:
        pass
    meta = sender._meta
    label = meta.concrete_model._meta.label_lower
    recorded = sender.__module__.startswith("sanad.") and label not in SKIPPED and not meta.abstract
    value = (label, [(f.name, f.attname) for f in meta.concrete_fields]) if recorded else None
    _tracked[sender] = value
    return value


def _snapshot(instance, fields) -> dict:
    data = instance.__dict__
    out = {}
    for _name, attname in fields:
        if attname in data:
            value = data[attname]
            out[attname] = copy.deepcopy(value) if isinstance(value, (dict, list)) else value
    return out


def jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    if isinstance(value, (dict, list, tuple)):
        return json.loads(json.dumps(value, default=str))
    return str(value)


def _shown(name: str, value):
    if value not in (None, "") and (name in MASKED or current().redact):
        return MASK
    return jsonable(value)


def on_init(sender, instance, **kwargs):
    fields = _fields_of(sender)
    if fields is not None:
        instance._audit_before = _snapshot(instance, fields[1])


def on_pre_save(sender, instance, raw=False, **kwargs):
    fields = _fields_of(sender)
    if fields is None or raw or instance._state.adding:
        return
    before = getattr(instance, "_audit_before", None)
    if before is None or instance.pk is None or not before:
        # Saved without having been loaded (e.g. built by hand with a pk): read what is there.
        row = sender._base_manager.filter(pk=instance.pk).values(*[a for _n, a in fields[1]]).first()
        instance._audit_before = row or {}


def on_post_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    fields = _fields_of(sender)
    if fields is None or raw:
        return
    label, names = fields
    before = getattr(instance, "_audit_before", None) or {}
    after = _snapshot(instance, names)
    if update_fields is not None:
        wanted = set(update_fields)
        names = [(n, a) for n, a in names if n in wanted or a in wanted]
    changes = {}
    for name, attname in names:
        if attname not in after:
            continue
        new = after[attname]
        if created:
            if new not in (None, "", {}, []):
                changes[name] = [None, _shown(name, new)]
            continue
        old = before.get(attname)
        if attname not in before or old != new:
            changes[name] = [_shown(name, old), _shown(name, new)]
    instance._audit_before = after
    if changes or created:
        record(instance, label, Operation.CREATE if created else Operation.UPDATE, changes)


def on_post_delete(sender, instance, **kwargs):
    fields = _fields_of(sender)
    if fields is None:
        return
    label, names = fields
    values = _snapshot(instance, names)
    changes = {n: [_shown(n, values[a]), None] for n, a in names if values.get(a) not in (None, "")}
    record(instance, label, Operation.DELETE, changes)


def _cached(instance, name):
    return instance._state.fields_cache.get(name) if hasattr(instance, "_state") else None


def scope(instance, label: str) -> dict:
    """Which case, centre and person a row belongs to (what the trail is searched by), from the
    row itself or the objects it was saved with; never a query."""
    pk = instance.pk
    if label == "cases.case":
        return {"case_id": pk, "centre_id": instance.centre_id, "subject_id": instance.citizen_id}
    if label == "centres.centre":
        return {"case_id": None, "centre_id": pk, "subject_id": None}
    if label == "accounts.user":
        return {"case_id": None, "centre_id": None, "subject_id": pk}
    case_id = getattr(instance, "case_id", None)
    centre_id = getattr(instance, "centre_id", None)
    subject_id = getattr(instance, "person_id", None) or getattr(instance, "citizen_id", None)
    if label == "accounts.citizenprofile":
        subject_id = instance.user_id
    parent = _cached(instance, "payment") or _cached(instance, "refund")
    if parent is not None:
        case_id = case_id or getattr(parent, "case_id", None)
        centre_id = centre_id or getattr(parent, "centre_id", None)
    case = _cached(instance, "case") or (_cached(parent, "case") if parent is not None else None)
    if case is not None:
        centre_id = centre_id or case.centre_id
        subject_id = subject_id or case.citizen_id
    return {"case_id": case_id, "centre_id": centre_id, "subject_id": subject_id}


def object_label(instance, label: str) -> str:
    if label == "cases.case":
        return f"case:{instance.reference}"
    return f"{label}:{instance.pk}"


def actor_values() -> dict:
    actor = current()
    user = actor.current_user()
    return {
        "actor_id": user.pk if user else None,
        "actor": user.get_username() if user else ("anonymous" if actor.request is not None else "system"),
        "role": getattr(user, "role", "") if user else "",
        "channel": actor.channel,
        "client": actor.client,
        "user_agent": actor.user_agent,
        "note": actor.note,
    }


def record(instance, label: str, operation: str, changes: dict, *, using: str | None = None):
    note = getattr(instance, "note", None)
    values = actor_values()
    if isinstance(note, str) and note:
        values["note"] = note
    values.update(
        {
            "at": timezone.now(),
            "actor_org": "",
            "operation": operation,
            "object_type": label,
            "object_id": str(instance.pk),
            "object": object_label(instance, label),
            "changes": changes,
            **scope(instance, label),
        }
    )
    return chain.append(values, using=using or instance._state.db or "default")


def connect() -> None:
    post_init.connect(on_init, dispatch_uid="sanad.audit.init")
    pre_save.connect(on_pre_save, dispatch_uid="sanad.audit.pre_save")
    post_save.connect(on_post_save, dispatch_uid="sanad.audit.post_save")
    post_delete.connect(on_post_delete, dispatch_uid="sanad.audit.post_delete")


def disconnect() -> None:
    """Stop recording (benchmarks measure the platform with and without the trail)."""
    post_init.disconnect(dispatch_uid="sanad.audit.init")
    pre_save.disconnect(dispatch_uid="sanad.audit.pre_save")
    post_save.disconnect(dispatch_uid="sanad.audit.post_save")
    post_delete.disconnect(dispatch_uid="sanad.audit.post_delete")
