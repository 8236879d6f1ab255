"""Database triggers that make the audit trail and the domain's history rows append-only: UPDATE
and DELETE are refused on PostgreSQL and SQLite whatever code runs (a queryset update, the shell,
raw SQL). The one UPDATE allowed is the audit sealer's (sanad.audit.chain.seal): giving a row with no
hash yet its seq, prev_hash and hash, every other column unchanged. PostgreSQL's TRUNCATE (table owner only; used by test teardown) is not a row operation
and is not covered.

SQLite drops a table's triggers when Django rebuilds the table for a schema change, so `ensure` also
runs after every `migrate` (post_migrate) and puts back any that are missing."""

APPEND_ONLY = (
    "audit_auditentry",
    "cases_caseevent",
    "centres_licenceevent",
    "payments_paymentevent",
    "payments_printlog",
    "catalogue_centrefeecapchange",
    "feedback_complaintevent",
)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION sanad_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'sanad: % is append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;
"""

AUDIT_TABLE = "audit_auditentry"
SEAL_COLUMNS = ("seq", "prev_hash", "hash")
# Every other column of the audit table: a seal must leave them as they are.
AUDIT_CONTENT_COLUMNS = (
    "id", "at", "actor_id", "actor", "role", "actor_org", "channel", "client", "user_agent",
    "operation", "object_type", "object_id", "object", "case_id", "centre_id", "subject_id",
    "changes", "note",
)  # fmt: skip

PG_AUDIT_FUNCTION = """
CREATE OR REPLACE FUNCTION sanad_audit_seal_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.seq IS NOT NULL
       AND (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash') = (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'sanad: % is append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;
"""


def _sqlite_seal_only() -> str:
    same = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in AUDIT_CONTENT_COLUMNS)
    return f"OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.seq IS NOT NULL AND {same}"


def statements(vendor: str, tables) -> list[str]:
    out = []
    if vendor == "postgresql":
        out.append(PG_FUNCTION)
        out.append(PG_AUDIT_FUNCTION)
        for table in tables:
            function = "sanad_audit_seal_only" if table == AUDIT_TABLE else "sanad_append_only"
            out.append(
                f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
    elif vendor == "sqlite":
        for table in tables:
            for op in ("UPDATE", "DELETE"):
                when = f" WHEN NOT ({_sqlite_seal_only()})" if table == AUDIT_TABLE and op == "UPDATE" else ""
                out.append(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table}{when} "
                    f"BEGIN SELECT RAISE(ABORT, 'sanad: {table} is append-only ({op} refused)'); END"
                )
    return out


def drop_statements(vendor: str, tables) -> list[str]:
    out = []
    for table in tables:
        if vendor == "postgresql":
            out.append(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        elif vendor == "sqlite":
            out += [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for op in ("update", "delete")]
    if vendor == "postgresql":
        out.append("DROP FUNCTION IF EXISTS sanad_append_only()")
        out.append("DROP FUNCTION IF EXISTS sanad_audit_seal_only()")
    return out


def ensure(connection) -> None:
    existing = set(connection.introspection.table_names())
    tables = [t for t in APPEND_ONLY if t in existing]
    if not tables or "audit_auditentry" not in existing:
        return
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, tables):
            cursor.execute(sql, None)


def on_post_migrate(sender, using="default", **kwargs):
    from django.db import connections

    if sender.label == "audit":
        ensure(connections[using])
