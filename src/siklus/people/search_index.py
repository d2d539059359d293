"""The index behind name search (``name_key`` contains every word of the query).

A B-tree cannot serve ``LIKE '%word%'``: without this, a name search reads every person of the
scope (PostgreSQL, 430,000 persons: ~150 ms; 1,000,000: over a second).

- PostgreSQL: a GIN trigram index (``pg_trgm``) on ``name_key``; Django's ``contains`` lookup
  (``name_key::text LIKE '%word%'``) uses it as it is.
- SQLite: an FTS5 table with the trigram tokenizer over ``name_key`` (external content: it holds
  only the index), kept current by triggers; :func:`search_sql` is the filter that uses it.

Django rebuilds a SQLite table to alter a column, and dropping the old table drops its triggers,
so :func:`ensure` runs after every ``migrate`` (``post_migrate``, see ``apps.py``) and rebuilds the
FTS table whenever a trigger is missing.
"""

from __future__ import annotations

MIGRATION = "0004_indexes_and_area_counts"  # creates the index
PG_INDEX = "person_name_key_trgm"
FTS = "people_person_name"
TRIGGERS = ("people_person_name_ai", "people_person_name_ad", "people_person_name_au")

PG_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON people_person USING gin (name_key gin_trgm_ops)",
]
PG_DROP = [f"DROP INDEX IF EXISTS {PG_INDEX}"]

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
    "name_key, content='people_person', content_rowid='rowid', tokenize='trigram')",
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGGERS[0]} AFTER INSERT ON people_person BEGIN
        INSERT INTO {FTS}(rowid, name_key) VALUES (new.rowid, new.name_key); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGGERS[1]} AFTER DELETE ON people_person BEGIN
        INSERT INTO {FTS}({FTS}, rowid, name_key) VALUES ('delete', old.rowid, old.name_key); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGGERS[2]} AFTER UPDATE OF name_key ON people_person BEGIN
        INSERT INTO {FTS}({FTS}, rowid, name_key) VALUES ('delete', old.rowid, old.name_key);
        INSERT INTO {FTS}(rowid, name_key) VALUES (new.rowid, new.name_key); END""",
]
SQLITE_REBUILD = f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')"
SQLITE_DROP = [*(f"DROP TRIGGER IF EXISTS {t}" for t in TRIGGERS), f"DROP TABLE IF EXISTS {FTS}"]

# The trigram tokenizer matches substrings of three characters or more.
MIN_WORD = 3


def create(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in PG_CREATE:
                cursor.execute(sql)
        elif connection.vendor == "sqlite":
            for sql in SQLITE_CREATE:
                cursor.execute(sql)
            cursor.execute(SQLITE_REBUILD)


def drop(connection) -> None:
    with connection.cursor() as cursor:
        for sql in {"postgresql": PG_DROP, "sqlite": SQLITE_DROP}.get(connection.vendor, []):
            cursor.execute(sql)


def ensure(connection) -> bool:
    """On SQLite, recreate the FTS table and its triggers if a table rebuild dropped them.
    Returns whether it had to. Only once people_person exists (after its first migration)."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name IN (%s, %s, %s, %s, %s)",
                       ["people_person", FTS, *TRIGGERS])
        present = {row[0] for row in cursor.fetchall()}
    if "people_person" not in present or present >= {FTS, *TRIGGERS}:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM django_migrations WHERE app = 'people' AND name = %s", [MIGRATION])
        if cursor.fetchone() is None:  # not migrated that far (yet, or back)
            return False
    drop(connection)
    create(connection)
    return True


def fts_query(words: list[str]) -> str:
    """An FTS5 MATCH expression: every word, each as a quoted string (no FTS5 syntax from users)."""
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


def search_sql() -> str:
    """A WHERE condition on people_person: its name_key contains every word of the MATCH parameter."""
    return f"people_person.rowid IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)"
