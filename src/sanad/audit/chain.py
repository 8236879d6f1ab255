"""The hash chain: every audit row carries the SHA-256 of its own canonical serialisation, which
includes the previous row's hash, so changing, removing or reordering any row breaks every link
after it. Ids are given here (the previous id + 1) rather than by the sequence, so a missing row
shows as a gap.

Appending is serialised: on PostgreSQL the first audit write of a transaction takes a transaction
advisory lock and reads the head; SQLite transactions here are IMMEDIATE, so the writer already
holds the database's write lock. Later writes in the same transaction reuse the head they left
(the cache is tied to Django's list of on-commit callbacks, which Django replaces on every commit,
rollback and savepoint rollback), so each further write costs one INSERT."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import connections, transaction

GENESIS = "0" * 64
LOCK_KEY = 0x5A4E4144  # "SNAD": the one advisory lock that orders the chain
HASHED_FIELDS = (
    "id",
    "at",
    "actor_id",
    "actor",
    "role",
    "actor_org",
    "channel",
    "client",
    "user_agent",
    "operation",
    "object_type",
    "object_id",
    "object",
    "case_id",
    "centre_id",
    "subject_id",
    "changes",
    "note",
    "prev_hash",
)


def canonical(values: dict) -> bytes:
    data = dict(values)
    data["at"] = data["at"].astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps(
        {name: data[name] for name in HASHED_FIELDS},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def digest(values: dict) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()


def row_values(entry) -> dict:
    return {name: getattr(entry, name) for name in HASHED_FIELDS}


@dataclass
class _Head:
    id: int
    hash: str
    hooks: list  # the connection's on-commit list when this head was written


def _head(connection) -> tuple[int, str]:
    cached = getattr(connection, "_sanad_audit_head", None)
    if cached is not None and cached.hooks is connection.run_on_commit:
        return cached.id, cached.hash
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        cursor.execute("SELECT id, hash FROM audit_auditentry ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def append(values: dict, *, using: str = "default"):
    """Write one audit row after the current head and return it."""
    from .models import AuditEntry

    connection = connections[using]
    if not connection.in_atomic_block:
        with transaction.atomic(using=using):
            return append(values, using=using)
    last_id, last_hash = _head(connection)
    values = {**values, "id": last_id + 1, "prev_hash": last_hash}
    values["hash"] = digest(values)
    entry = AuditEntry(**values)
    entry.save(force_insert=True, using=using)
    connection._sanad_audit_head = _Head(entry.id, entry.hash, connection.run_on_commit)
    return entry


@dataclass
class Broken:
    id: int
    reason: str


def verify(*, using: str = "default", batch: int = 2000) -> tuple[int, Broken | None]:
    """Walk the chain from the start. Returns (rows checked, the first broken link or None)."""
    from .models import AuditEntry

    expected_prev, expected_id, checked = GENESIS, 1, 0
    rows = AuditEntry.objects.using(using).order_by("id")
    for entry in rows.iterator(chunk_size=batch):
        if entry.id != expected_id:
            return checked, Broken(expected_id, f"row {expected_id} is missing (next is {entry.id})")
        if entry.prev_hash != expected_prev:
            return checked, Broken(
                entry.id, f"row {entry.id} does not point to the hash of row {entry.id - 1}"
            )
        if digest(row_values(entry)) != entry.hash:
            return checked, Broken(entry.id, f"row {entry.id} was changed after it was written")
        expected_prev, expected_id, checked = entry.hash, entry.id + 1, checked + 1
    return checked, None


def chain_head(*, using: str = "default") -> dict:
    from .models import AuditEntry

    last = AuditEntry.objects.using(using).order_by("-id").values("id", "hash").first()
    return last or {"id": 0, "hash": GENESIS}
