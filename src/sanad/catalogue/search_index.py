# ruff: noqa: S608 — table and index names are constants; what was typed is only ever a parameter.
"""The database side of ranked search: which versions are candidates for a query.

Each version stores `search_tokens` (its stems and their one-letter deletions, see search.py). The
database's own full-text engine finds the versions sharing a token with the query, exactly or as a
prefix; ranking then happens in Python (search.ParsedQuery.score). Exact token and prefix matches are
the only thing asked of the engine, so SQLite and PostgreSQL return the same candidates.

- SQLite: an FTS5 table `catalogue_search_fts` (rowid = version id), written from the version's save
  path (the post_save signal below) and rebuilt by migrations and `sanad catalogue_reindex`. No
  triggers: SQLite drops a table's triggers whenever a migration rebuilds the table.
- PostgreSQL: a GIN index over `array_to_tsvector(string_to_array(search_tokens, ' '))`, queried
  with a tsquery built from quoted lexemes (never parsed as words, so nothing is stemmed or dropped
  by a text search configuration). The index is part of the table, so it is always in sync.
"""

from django.db import connection as default_connection

from .search import ParsedQuery

FTS_TABLE = "catalogue_search_fts"
PG_INDEX = "catalogue_version_search_tokens_gin"
PG_VECTOR = "array_to_tsvector(string_to_array(search_tokens, ' '))"


def index_create(connection) -> None:
    """Create the vendor's index (migrations call this)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                "search_tokens, tokenize = 'unicode61 remove_diacritics 0')"
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON catalogue_serviceversion USING gin ({PG_VECTOR})"
            )


def index_drop(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        elif connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")


def index_rebuild(connection=None) -> None:
    """Write every version's tokens into the index again (SQLite; PostgreSQL needs nothing)."""
    connection = connection or default_connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, search_tokens) SELECT id, search_tokens FROM catalogue_serviceversion"
        )


def index_write(*, version_id: int, tokens: str, connection=None) -> None:
    """Keep one version's row of the index in step with its stored tokens."""
    connection = connection or default_connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [version_id])
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, search_tokens) VALUES (%s, %s)", [version_id, tokens]
        )


def index_remove(*, version_id: int, connection=None) -> None:
    connection = connection or default_connection
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [version_id])


def candidates_sql(parsed: ParsedQuery, connection=None) -> tuple[str, list]:
    """SQL selecting the ids of versions that share a token with the query (exactly, or as a
    prefix for words long enough), and its parameters. Tokens are letters and digits only
    (search.normalise), and are quoted as strings anyway: nothing typed is ever an operator."""
    connection = connection or default_connection
    exact, prefix = parsed.exact_tokens, parsed.prefix_tokens
    if connection.vendor == "postgresql":
        terms = [f"'{t}'" for t in exact] + [f"'{t}':*" for t in prefix]
        return (
            f"SELECT id FROM catalogue_serviceversion WHERE {PG_VECTOR} @@ %s::tsquery",
            [" | ".join(terms)],
        )
    if connection.vendor == "sqlite":
        terms = [f'"{t}"' for t in exact] + [f'"{t}"*' for t in prefix]
        return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [" OR ".join(terms)]
    # Any other database: every version is a candidate; ranking still decides.
    return "SELECT id FROM catalogue_serviceversion", []
