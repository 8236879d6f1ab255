"""The hash chain, sealed behind the writers.

Writers only INSERT: an audit row is written with its content and no hash, its id from the table's
sequence, so recording a write takes no lock and reads nothing (the rows of one service call go in
one multi-row INSERT, see `batch`). The sealer (`seal`: a beat task every minute, `sanad
audit_seal`, and the first step of `audit_verify` and of a backup) then links the committed unsealed
rows, in id order, onto the end of the chain: each gets its position (`seq`, 1, 2, 3, …), the hash
of the row before it (`prev_hash`) and the SHA-256 of its own canonical serialisation, which
includes that previous hash. Changing, removing or reordering a sealed row breaks every link after
it. Only the sealer is serialised (an advisory lock on PostgreSQL, SQLite's write lock), never the
country's writes.

The append-only triggers refuse every UPDATE and DELETE except the one a seal makes: setting
seq/prev_hash/hash on a row that has no hash yet, every other column unchanged (sanad.audit.triggers).

What is unsealed: rows committed since the sealer last ran (a minute at most while beat runs). Until
then a row is protected by the trigger only; someone who can drop the trigger could change or
remove it before it is sealed, undetected. Once sealed, it is covered by the chain.

Rows written before the sealer existed were chained at insert time with ids 1, 2, 3, …; the migration
gave them seq = id, and their hashes (which never included seq) still verify."""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC

from django.db import connections, transaction

GENESIS = "0" * 64
LOCK_KEY = 0x5A4E4144  # "SNAD": the advisory lock that lets one sealer run at a time
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
SEAL_BATCH = 2000


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


# --- appending ---------------------------------------------------------------------------------
@dataclass
class _Batch:
    entries: list  # [(AuditEntry, marker)]


def append(values: dict, *, using: str = "default"):
    """Write one audit row (unsealed) and return it. Inside `batch`, the row is held and written with
    the others of the batch in one INSERT when the batch ends (its pk is None until then)."""
    from .models import AuditEntry

    entry = AuditEntry(**{k: v for k, v in values.items() if k not in ("id", "prev_hash", "hash")})
    connection = connections[using]
    pending: _Batch | None = getattr(connection, "_sanad_audit_batch", None)
    if pending is not None and connection.in_atomic_block:
        # A marker in Django's on-commit list: a savepoint rolled back drops it, and the row with it.
        marker = lambda: None  # noqa: E731  (a distinct object per row)
        transaction.on_commit(marker, using=using)
        pending.entries.append((entry, marker))
        return entry
    entry.save(force_insert=True, using=using)
    return entry


def flush(*, using: str = "default") -> int:
    """Write the rows held by the current batch (those not undone by a savepoint rollback)."""
    from .models import AuditEntry

    connection = connections[using]
    pending: _Batch | None = getattr(connection, "_sanad_audit_batch", None)
    if pending is None or not pending.entries:
        return 0
    alive = {id(func) for _sids, func, _robust in connection.run_on_commit}
    entries = [entry for entry, marker in pending.entries if id(marker) in alive]
    pending.entries = []
    if entries:
        AuditEntry.objects.using(using).bulk_create(entries)
    return len(entries)


@contextmanager
def batch(*, using: str = "default"):
    """Hold the audit rows written inside the block and write them in one INSERT at its end (inside
    the caller's transaction; an exception discards them with the transaction). Nested blocks join
    the outermost one."""
    connection = connections[using]
    if getattr(connection, "_sanad_audit_batch", None) is not None:
        yield
        return
    connection._sanad_audit_batch = _Batch(entries=[])
    try:
        yield
        flush(using=using)
    finally:
        connection._sanad_audit_batch = None


# --- sealing -----------------------------------------------------------------------------------
def _sealed_head(cursor) -> tuple[int, str]:
    cursor.execute("SELECT seq, hash FROM audit_auditentry WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")
    row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def seal(*, using: str = "default", limit: int | None = None) -> int:
    """Link every committed unsealed row onto the chain, in id order, in batches (one transaction
    each). Returns how many rows were sealed. One sealer at a time; writers never wait for it."""
    from .models import AuditEntry

    connection = connections[using]
    sealed = 0
    while limit is None or sealed < limit:
        size = SEAL_BATCH if limit is None else min(SEAL_BATCH, limit - sealed)
        with transaction.atomic(using=using), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            seq, previous = _sealed_head(cursor)
            rows = list(AuditEntry.objects.using(using).filter(hash__isnull=True).order_by("id")[:size])
            updates = []
            for entry in rows:
                seq += 1
                entry.prev_hash = previous
                entry.hash = previous = digest(row_values(entry))
                updates.append((seq, entry.prev_hash, entry.hash, entry.id))
            if updates:
                cursor.executemany(
                    "UPDATE audit_auditentry SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s AND hash IS NULL",
                    updates,
                )
        sealed += len(rows)
        if len(rows) < size:
            break
    return sealed


# --- verifying ---------------------------------------------------------------------------------
@dataclass
class Broken:
    id: int
    reason: str


def verify(
    *, using: str = "default", batch: int = 2000, seal_first: bool = True
) -> tuple[int, Broken | None]:
    """Seal what is pending (unless `seal_first` is False), then walk the chain from its first row.
    Returns (rows checked, the first broken link or None)."""
    from .models import AuditEntry

    if seal_first:
        seal(using=using)
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    rows = AuditEntry.objects.using(using).filter(seq__isnull=False).order_by("seq")
    for entry in rows.iterator(chunk_size=batch):
        if entry.seq != expected_seq:
            return checked, Broken(
                entry.id, f"entry {expected_seq} of the chain is missing (the next is row {entry.id})"
            )
        if entry.prev_hash != expected_prev:
            return checked, Broken(
                entry.id, f"row {entry.id} does not point to the hash of the entry before it"
            )
        if digest(row_values(entry)) != entry.hash:
            return checked, Broken(entry.id, f"row {entry.id} was changed after it was written")
        expected_prev, expected_seq, checked = entry.hash, entry.seq + 1, checked + 1
    return checked, None


def chain_head(*, using: str = "default") -> dict:
    """The last sealed row: {"id", "hash"} (GENESIS before the first seal)."""
    from .models import AuditEntry

    last = (
        AuditEntry.objects.using(using)
        .filter(seq__isnull=False)
        .order_by("-seq")
        .values("id", "hash")
        .first()
    )
    return last or {"id": 0, "hash": GENESIS}


def unsealed_count(*, using: str = "default") -> int:
    from .models import AuditEntry

    return AuditEntry.objects.using(using).filter(hash__isnull=True).count()
