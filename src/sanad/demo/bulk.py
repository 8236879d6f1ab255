"""Fast inserts for the demo history: rows go straight to the database driver (COPY on PostgreSQL,
executemany on SQLite), with primary keys assigned up front, instead of through bulk_create's
per-value SQL compilation. For seeding only: no signals, no save(), no auto_now stamping beyond
filling a field left empty; the instances' values are written as they are."""

import json
from datetime import UTC, date, datetime

from django.db import connection
from django.utils import timezone


def _reserve_ids(model, count: int) -> list[int]:
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')  # noqa: S608 (our own table)
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


def _converter(field, vendor: str):
    kind = field.get_internal_type()
    if kind == "JSONField":
        encoder = field.encoder
        return lambda v: None if v is None else json.dumps(v, cls=encoder)
    if vendor == "postgresql":
        return None  # psycopg adapts dates, aware datetimes, booleans and numbers itself
    if kind == "DateTimeField":

        def to_utc_text(value):
            if value is None or isinstance(value, str):
                return value
            if timezone.is_aware(value):
                value = value.astimezone(UTC).replace(tzinfo=None)
            return str(value)

        return to_utc_text
    if kind == "DateField":
        return lambda v: v.isoformat() if isinstance(v, date | datetime) else v
    return None


def fast_insert(model, objects: list) -> list:
    """Insert `objects` (unsaved instances of `model`), setting their primary keys. Returns them."""
    if not objects:
        return objects
    connection.ensure_connection()
    vendor = connection.vendor
    fields = list(model._meta.concrete_fields)
    stamped = [
        f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    now = timezone.now()
    ids = _reserve_ids(model, len(objects))
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        for name in stamped:
            if getattr(obj, name) is None:
                setattr(obj, name, now)
        obj._state.adding = False
    attnames = [f.attname for f in fields]
    converters = [_converter(f, vendor) for f in fields]
    plain = [i for i, c in enumerate(converters) if c is None]
    if len(plain) == len(fields):
        rows = [tuple([getattr(o, a) for a in attnames]) for o in objects]
    else:
        pairs = list(zip(attnames, converters, strict=True))
        rows = [tuple([c(getattr(o, a)) if c else getattr(o, a) for a, c in pairs]) for o in objects]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    raw = connection.connection  # the driver's own connection, inside Django's transaction
    if vendor == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" for _ in fields)
        cursor = raw.cursor()
        try:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
        finally:
            cursor.close()
    return objects


def fast_insert_values(model, names: list[str], rows: list[tuple]) -> list[int]:
    """Insert plain tuples (values for the fields `names`, by attname); every other field gets its
    default, evaluated once for the batch. No model instances are built. Returns the new keys."""
    if not rows:
        return []
    connection.ensure_connection()
    vendor = connection.vendor
    fields = list(model._meta.concrete_fields)
    by_name = {f.attname: f for f in fields}
    pk = model._meta.pk.attname
    given = [by_name[n] for n in names]
    rest = [f for f in fields if f.attname not in names and f.attname != pk]
    now = timezone.now()
    defaults = tuple(
        now if (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)) else f.get_default()
        for f in rest
    )
    converters = [_converter(f, vendor) for f in given]
    rest_converted = tuple(
        c(v) if c else v for c, v in zip((_converter(f, vendor) for f in rest), defaults, strict=True)
    )
    ids = _reserve_ids(model, len(rows))
    if any(converters):
        pairs = list(enumerate(converters))
        rows = [tuple([c(row[i]) if c else row[i] for i, c in pairs]) for row in rows]
    table = connection.ops.quote_name(model._meta.db_table)
    order = [model._meta.pk, *given, *rest]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in order)
    raw = connection.connection
    if vendor == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for key, row in zip(ids, rows, strict=True):
                copy.write_row((key, *row, *rest_converted))
    else:
        marks = ", ".join("?" for _ in order)
        cursor = raw.cursor()
        try:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                [(key, *row, *rest_converted) for key, row in zip(ids, rows, strict=True)],
            )
        finally:
            cursor.close()
    return ids


def audit_bulk_load(*, label: str, counts: dict, note: str = "") -> None:
    """One audit entry for one bulk load (the rows themselves send no save signals, so the recorder
    sees none of them): the system as actor, what kind of rows, and how many of each."""
    from sanad.audit import chain
    from sanad.audit.constants import Channel, Operation

    chain.append(
        {
            "at": timezone.now(),
            "actor_id": None,
            "actor": "system",
            "role": "",
            "actor_org": "",
            "channel": Channel.SYSTEM,
            "client": "",
            "user_agent": "",
            "operation": Operation.CREATE,
            "object_type": label,
            "object_id": "",
            "object": f"bulk:{label}",
            "case_id": None,
            "centre_id": None,
            "subject_id": None,
            "changes": {"imported": counts, "by": "seed_demo"},
            "note": note or "demo data, bulk load",
        }
    )
