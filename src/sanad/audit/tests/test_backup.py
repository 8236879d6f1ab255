"""`sanad backup` / `sanad restore` round trips, run as the commands are run: separate processes,
each with its own database and document storage."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("audit-backup")
SANAD = [sys.executable, "-m", "sanad.cli"]
DOCUMENT = "cases/2026/01/passport-scan.pdf"


def sanad(*args, database_url: str, var: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SANAD_VAR_DIR")}
    env.update({"DATABASE_URL": database_url, "SANAD_VAR_DIR": str(var), "SANAD_ENV": "development"})
    result = subprocess.run(
        [*SANAD, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if check and result.returncode != 0:
        raise AssertionError(f"sanad {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def _source(tmp: Path, database_url: str) -> tuple[Path, dict]:
    """A migrated database with a small demo network, a document, and a backup of it all."""
    var = tmp / "source-var"
    sanad("migrate", "--no-input", "-v0", database_url=database_url, var=var)
    sanad("seed_demo", "--cases", "5", "--no-progress", database_url=database_url, var=var)
    document = var / "private" / DOCUMENT
    document.parent.mkdir(parents=True, exist_ok=True)
    document.write_bytes(b"%PDF-1.4 a citizen's passport\n%%EOF\n")
    snapshot = tmp / "snapshot"
    sanad("backup", "--to", str(snapshot), database_url=database_url, var=var)
    return snapshot, json.loads((snapshot / "manifest.json").read_text())


@pytest.fixture(scope="module")
def sqlite_snapshot(tmp_path_factory):
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the SQLite round trips run in the SQLite suite")
    tmp = tmp_path_factory.mktemp("backup")
    return _source(tmp, f"sqlite:///{tmp / 'source.sqlite3'}")


def _copy(snapshot: Path, tmp: Path) -> Path:
    import shutil

    target = tmp / "copy"
    shutil.copytree(snapshot, target)
    return target


def _tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]


def test_a_round_trip_into_a_new_database_keeps_every_count_document_and_the_chain(sqlite_snapshot, tmp_path):
    snapshot, manifest = sqlite_snapshot
    url, var = f"sqlite:///{tmp_path / 'new.sqlite3'}", tmp_path / "var"
    out = sanad("restore", "--from", str(snapshot), database_url=url, var=var).stdout
    assert "counts match the manifest" in out
    assert manifest["tables"]["cases_case"] == 5 and manifest["audit_head"]["id"] > 0
    assert (var / "private" / DOCUMENT).read_bytes() == b"%PDF-1.4 a citizen's passport\n%%EOF\n"
    assert "audit chain intact" in sanad("audit_verify", database_url=url, var=var).stdout
    with sqlite3.connect(tmp_path / "new.sqlite3") as db:
        assert (
            db.execute("SELECT COUNT(*) FROM accounts_user").fetchone()[0]
            == manifest["tables"]["accounts_user"]
        )
        # the restored trail is still append-only
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute("UPDATE audit_auditentry SET actor = 'x'")


def test_a_round_trip_into_a_migrated_empty_database(sqlite_snapshot, tmp_path):
    snapshot, _manifest = sqlite_snapshot
    url, var = f"sqlite:///{tmp_path / 'migrated.sqlite3'}", tmp_path / "var"
    sanad("migrate", "--no-input", "-v0", database_url=url, var=var)
    assert "counts match" in sanad("restore", "--from", str(snapshot), database_url=url, var=var).stdout


def test_a_restore_into_a_database_in_use_is_refused_and_changes_nothing(sqlite_snapshot, tmp_path):
    snapshot, manifest = sqlite_snapshot
    url, var = f"sqlite:///{tmp_path / 'used.sqlite3'}", tmp_path / "var"
    sanad("restore", "--from", str(snapshot), database_url=url, var=var)
    sanad("shell", "-c", "from sanad.accounts.models import User; User.objects.create(username='new-one')",
          database_url=url, var=var)  # fmt: skip
    again = sanad("restore", "--from", str(snapshot), database_url=url, var=var, check=False)
    assert again.returncode != 0 and "not empty" in again.stderr
    with sqlite3.connect(tmp_path / "used.sqlite3") as db:
        users = db.execute("SELECT COUNT(*) FROM accounts_user").fetchone()[0]
    assert users == manifest["tables"]["accounts_user"] + 1


def test_a_restore_into_non_empty_document_storage_is_refused(sqlite_snapshot, tmp_path):
    snapshot, _manifest = sqlite_snapshot
    var = tmp_path / "var"
    (var / "private").mkdir(parents=True)
    (var / "private" / "left-over.pdf").write_bytes(b"x")
    result = sanad("restore", "--from", str(snapshot), database_url=f"sqlite:///{tmp_path / 'n.sqlite3'}",
                   var=var, check=False)  # fmt: skip
    assert result.returncode != 0 and "storage is not empty" in result.stderr
    assert not _tables(tmp_path / "n.sqlite3")


@pytest.mark.parametrize(
    "tamper, message",
    [
        ("document", "does not match its SHA-256"),
        ("database", "database file does not match"),
        ("extra document", "not the ones the manifest lists"),
    ],
)
def test_a_snapshot_whose_files_were_changed_is_refused_before_anything_is_restored(
    sqlite_snapshot, tmp_path, tamper, message
):
    from sanad.audit.backup import BackupError, read_manifest

    snapshot, _manifest = sqlite_snapshot
    copy = _copy(snapshot, tmp_path)
    if tamper == "document":
        (copy / "documents" / DOCUMENT).write_bytes(b"%PDF-1.4 someone else's passport\n")
    elif tamper == "database":
        with open(copy / "database.sqlite3", "r+b") as handle:
            handle.seek(-1, 2)
            last = handle.read(1)
            handle.seek(-1, 2)
            handle.write(bytes([last[0] ^ 1]))
    else:
        (copy / "documents" / "planted.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(BackupError, match=message):
        read_manifest(copy)


@pytest.mark.parametrize(
    "tamper, message",
    [("count", "restored counts differ"), ("head", "head is not the one in the manifest")],
)
def test_a_manifest_that_does_not_match_the_data_is_refused_and_the_target_emptied(
    sqlite_snapshot, tmp_path, tamper, message
):
    snapshot, manifest = sqlite_snapshot
    copy = _copy(snapshot, tmp_path)
    if tamper == "count":
        manifest = {**manifest, "tables": {**manifest["tables"], "cases_case": 4}}
    else:
        manifest = {**manifest, "audit_head": {"id": manifest["audit_head"]["id"], "hash": "f" * 64}}
    (copy / "manifest.json").write_text(json.dumps(manifest))
    target, var = tmp_path / "target.sqlite3", tmp_path / "var"
    result = sanad("restore", "--from", str(copy), database_url=f"sqlite:///{target}", var=var, check=False)
    assert result.returncode != 0 and message in result.stderr
    assert not _tables(target)
    assert not list((var / "private").rglob("*.pdf"))


@pytest.mark.postgres
def test_a_round_trip_on_postgresql(tmp_path):
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    import psycopg

    root, _sep, name = base.rpartition("/")
    scratch = {"source": f"{name}_restore_src", "target": f"{name}_restore"}
    with psycopg.connect(f"{root}/postgres", autocommit=True) as admin:
        for db in scratch.values():
            admin.execute(f'DROP DATABASE IF EXISTS "{db}"')
            admin.execute(f'CREATE DATABASE "{db}"')
    try:
        snapshot, manifest = _source(tmp_path, f"{root}/{scratch['source']}")
        assert (snapshot / "database.pgdump").is_file()
        url, var = f"{root}/{scratch['target']}", tmp_path / "target-var"
        out = sanad("restore", "--from", str(snapshot), database_url=url, var=var).stdout
        assert "counts match the manifest" in out
        assert "audit chain intact" in sanad("audit_verify", database_url=url, var=var).stdout
        with psycopg.connect(url) as db:
            assert (
                db.execute("SELECT COUNT(*) FROM cases_case").fetchone()[0]
                == manifest["tables"]["cases_case"]
            )
            with pytest.raises(psycopg.errors.IntegrityConstraintViolation):
                db.execute("UPDATE cases_caseevent SET note = 'x'")
        refused = sanad(
            "restore", "--from", str(snapshot), database_url=url, var=tmp_path / "v2", check=False
        )
        assert refused.returncode != 0 and "not empty" in refused.stderr
    finally:
        with psycopg.connect(f"{root}/postgres", autocommit=True) as admin:
            for db in scratch.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
