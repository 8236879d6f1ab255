"""`sanad backup` and `sanad restore`: a consistent snapshot of the database (PostgreSQL through
pg_dump's custom format inside one exported snapshot; SQLite through its online backup API), the
private documents, and a manifest (counts per table, each document's SHA-256, the audit chain's
head, the database file's SHA-256).

A restore goes only into an empty database (no tables, or migrated with no people, cases or audit
rows) and empty document storage. It refuses a snapshot whose files do not match the manifest
before touching anything, and after restoring compares every table's count and the chain's head
with the manifest and walks the chain; on any difference it empties the target again and refuses."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from glob import glob
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages
from django.db import connections, transaction
from django.utils import timezone

FORMAT = "sanad-backup/1"
MANIFEST = "manifest.json"
DOCUMENTS = "documents"
# A migrated database holds reference data (geography, catalogue); these hold what makes it "in use".
DATA_TABLES = ("accounts_user", "audit_auditentry", "cases_case", "centres_centre", "payments_payment")


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_tool(name: str) -> str:
    configured = os.environ.get("SANAD_PG_BIN_DIR")
    if configured:
        return str(Path(configured) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if candidates:
        return candidates[-1]
    raise BackupError(f"{name} not found (install the PostgreSQL client or set SANAD_PG_BIN_DIR)")


def _pg_env_args(settings_dict: dict) -> tuple[dict, list[str]]:
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return env, [*args, "--dbname", settings_dict["NAME"]]


def _tables(connection) -> list[str]:
    return sorted(t for t in connection.introspection.table_names() if not t.startswith("sqlite_"))


def _count(cursor, table: str, quote) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608  (a table name from introspection)
    return cursor.fetchone()[0]


def _head(cursor) -> dict:
    """The chain's last sealed row (a backup seals first, so rows written after that are the only
    unsealed ones it holds; a restore's verification seals them)."""
    cursor.execute("SELECT id, hash FROM audit_auditentry WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")
    row = cursor.fetchone()
    return {"id": row[0], "hash": row[1]} if row else {"id": 0, "hash": "0" * 64}


def _storage_files(storage, prefix: str = "") -> list[str]:
    try:
        directories, files = storage.listdir(prefix)
    except FileNotFoundError:
        return []
    out = [f"{prefix}{name}" for name in files]
    for directory in directories:
        out += _storage_files(storage, f"{prefix}{directory}/")
    return sorted(out)


# --- backup ------------------------------------------------------------------------------------
def backup(target: Path, *, using: str = "default") -> dict:
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: write each backup to a new directory")
    target.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    if "audit_auditentry" in _tables(connection):
        from . import chain

        chain.seal(using=using)
    if connection.vendor == "sqlite":
        manifest = _backup_sqlite(connection, target)
    elif connection.vendor == "postgresql":
        manifest = _backup_postgresql(connection, target)
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    manifest["documents"] = _backup_documents(target / DOCUMENTS)
    manifest.update({"format": FORMAT, "created_at": timezone.now().isoformat(), "vendor": connection.vendor})
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False))
    return manifest


def _backup_sqlite(connection, target: Path) -> dict:
    destination_path = target / "database.sqlite3"
    connection.ensure_connection()
    destination = sqlite3.connect(destination_path)
    try:
        connection.connection.backup(destination)
        cursor = destination.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        tables = sorted(row[0] for row in cursor.fetchall())
        quote = connection.ops.quote_name
        counts = {table: _count(cursor, table, quote) for table in tables}
        head = _head(cursor) if "audit_auditentry" in counts else {"id": 0, "hash": "0" * 64}
    finally:
        destination.close()
    return {
        "database": {"file": destination_path.name, "sha256": _sha256(destination_path)},
        "tables": counts,
        "audit_head": head,
    }


def _backup_postgresql(connection, target: Path) -> dict:
    """pg_dump runs inside the snapshot this transaction exports, so the counts and the chain head
    are read from exactly what is dumped."""
    dump_path = target / "database.pgdump"
    env, args = _pg_env_args(connection.settings_dict)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        quote = connection.ops.quote_name
        counts = {table: _count(cursor, table, quote) for table in _tables(connection)}
        head = _head(cursor)
        command = [
            _pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
            f"--snapshot={snapshot}", f"--file={dump_path}", *args,
        ]  # fmt: skip
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return {
        "database": {"file": dump_path.name, "sha256": _sha256(dump_path)},
        "tables": counts,
        "audit_head": head,
    }


def _backup_documents(folder: Path) -> dict:
    storage = storages["private"]
    folder.mkdir(parents=True, exist_ok=True)
    documents = {}
    for name in _storage_files(storage):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, open(path, "wb") as copy:
            shutil.copyfileobj(source, copy)
        documents[name] = _sha256(path)
    return documents


# --- restore -----------------------------------------------------------------------------------
def read_manifest(source: Path) -> dict:
    """The manifest, after checking that every file of the snapshot is the one it describes."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"no readable manifest in {source}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"not a Sanad backup (format {manifest.get('format')!r})")
    try:
        database = manifest["database"]
        tables, head, documents = manifest["tables"], manifest["audit_head"], manifest["documents"]
        assert isinstance(tables, dict) and isinstance(documents, dict) and {"id", "hash"} <= set(head)
    except (KeyError, TypeError, AssertionError) as exc:
        raise BackupError("the manifest is incomplete") from exc
    database_path = source / Path(database["file"]).name
    if not database_path.is_file() or _sha256(database_path) != database["sha256"]:
        raise BackupError("the database file does not match the manifest (changed or missing)")
    folder = source / DOCUMENTS
    present = (
        {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else set()
    )
    if present != set(documents):
        raise BackupError("the documents in the snapshot are not the ones the manifest lists")
    for name, digest in documents.items():
        if _sha256(folder / name) != digest:
            raise BackupError(f"document {name} does not match its SHA-256 in the manifest")
    return manifest


def _holds_data(connection) -> list[str]:
    tables = set(_tables(connection))
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        return [t for t in DATA_TABLES if t in tables and _count(cursor, t, quote) > 0]


def restore(source: Path, *, using: str = "default") -> dict:
    source = Path(source)
    manifest = read_manifest(source)
    connection = connections[using]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"this is a {manifest['vendor']} backup; the target is {connection.vendor}")
    in_use = _holds_data(connection)
    if in_use:
        raise BackupError(
            f"the target database is not empty ({', '.join(in_use)} hold rows): restore into a new one"
        )
    storage = storages["private"]
    if _storage_files(storage):
        raise BackupError("the document storage is not empty: restore into an empty one")
    database_path = source / Path(manifest["database"]["file"]).name
    if connection.vendor == "sqlite":
        _restore_sqlite(connection, database_path)
    else:
        _restore_postgresql(connection, database_path)
    restored = []
    try:
        for name in manifest["documents"]:
            with open(source / DOCUMENTS / name, "rb") as handle:
                saved = storage.save(name, File(handle))
            restored.append(saved)
            if saved != name:
                raise BackupError(f"document {name} was stored as {saved}")
        _check_restored(connection, manifest)
    except Exception:
        for name in restored:
            storage.delete(name)
        _empty(connection)
        raise
    return manifest


def _check_restored(connection, manifest: dict) -> None:
    from . import chain

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = _tables(connection)
        counts = {table: _count(cursor, table, quote) for table in tables}
        head = _head(cursor) if "audit_auditentry" in counts else {"id": 0, "hash": "0" * 64}
    if counts != manifest["tables"]:
        different = sorted(
            t for t in set(counts) | set(manifest["tables"]) if counts.get(t) != manifest["tables"].get(t)
        )
        raise BackupError(f"restored counts differ from the manifest: {', '.join(different[:10])}")
    if head != manifest["audit_head"]:
        raise BackupError("the restored audit chain's head is not the one in the manifest")
    _checked, broken = chain.verify(using=connection.alias, seal_first=False)
    if broken is not None:
        raise BackupError(f"audit chain broken at row {broken.id}: {broken.reason}")


def _restore_sqlite(connection, database_path: Path) -> None:
    connection.close()
    source = sqlite3.connect(database_path)
    connection.ensure_connection()
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _restore_postgresql(connection, dump_path: Path) -> None:
    _empty(connection)
    env, args = _pg_env_args(connection.settings_dict)
    command = [
        _pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
        *args, str(dump_path),
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()[:2000]}")


def _empty(connection) -> None:
    """Back to no tables at all (the target was empty before the restore began)."""
    if connection.vendor == "sqlite":
        connection.close()
        empty = sqlite3.connect(":memory:")
        connection.ensure_connection()
        try:
            empty.backup(connection.connection)
        finally:
            empty.close()
        connection.close()
        return
    tables = _tables(connection)
    with connection.cursor() as cursor:
        if tables:
            cursor.execute(
                "DROP TABLE IF EXISTS " + ", ".join(connection.ops.quote_name(t) for t in tables) + " CASCADE"
            )
        cursor.execute("DROP FUNCTION IF EXISTS sanad_append_only() CASCADE")
        cursor.execute("DROP FUNCTION IF EXISTS sanad_audit_seal_only() CASCADE")
