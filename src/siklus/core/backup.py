"""Backup and restore of the whole database, verified table by table.

A backup is one tar archive holding ``manifest.json`` and the database itself:

* SQLite: a page copy made with SQLite's online backup API from inside one read transaction, so
  it is consistent while the server keeps writing (in WAL mode writers are not even held up);
  the archive is gzip-compressed.
* PostgreSQL: ``pg_dump -Fc`` of an exported snapshot; the manifest is computed in the
  transaction that exported it, so both describe the same instant.

The manifest names the engine, the Django migration state (the latest applied migration per
app), for every table its row count and a SHA-256 of its content read in primary-key order, the
payload's size and SHA-256, the siklus version and the time. The checksum is computed the same
way on both engines (same query shape, values put in one canonical text form), so a restore is
verified by recomputing it on the restored database and comparing.

Errors are :class:`BackupError` carrying an Indonesian template (marked for the catalogue) and
its parameters; the commands translate and format them.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Protocol

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend

import siklus
from siklus.rules.messages import gettext_noop

FORMAT = "siklus-backup/1"
MANIFEST = "manifest.json"
PAYLOAD = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
LABEL = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Tables a fresh ``siklus migrate`` fills by itself: holding only these, a database is empty.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}
CHUNK = 5000  # rows fetched at a time while checksumming
PAGES = 1024  # SQLite pages copied per backup step (progress between steps)
TEXT_TYPES = {25, 1042, 1043}  # PostgreSQL text, char, varchar: ordered by code point, as SQLite does


class BackupError(Exception):
    """A refusal or failure, as an Indonesian template and parameters (numbers raw)."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template % params if params else template)
        self.template = template
        self.params = params


class Progress(Protocol):
    def update(self, n: int) -> object: ...


Bar = Callable[[str, int | None, str], contextlib.AbstractContextManager[Progress]]


class _Silent:
    def update(self, n: int) -> None:
        pass


@contextlib.contextmanager
def silent(desc: str, total: int | None, unit: str) -> Iterator[Progress]:
    """The default progress: none."""
    yield _Silent()


def engine_of(settings_dict: dict[str, Any]) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(gettext_noop("Basis data %(engine)s tidak didukung: hanya SQLite dan PostgreSQL."), engine=engine)


@contextlib.contextmanager
def connect(settings_dict: dict[str, Any], **changes: Any) -> Iterator[BaseDatabaseWrapper]:
    """A private Django connection to a database (another NAME, OPTIONS … with ``changes``),
    closed afterwards: the default connection is left alone."""
    settings = {**settings_dict, **changes}
    settings.setdefault("OPTIONS", {})
    settings["OPTIONS"] = {k: v for k, v in settings["OPTIONS"].items() if k != "pool"}  # one short connection
    alias = f"backup_{uuid.uuid4().hex[:8]}"
    wrapper = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, alias)
    connections[alias] = wrapper  # Django looks some features up by alias (this thread only)
    try:
        wrapper.ensure_connection()
        yield wrapper
    finally:
        wrapper.close()
        del connections[alias]


# --------------------------------------------------------------------------------------------
# What a database holds: tables, row counts, checksums, migration state


def tables(wrapper: BaseDatabaseWrapper) -> list[str]:
    with wrapper.cursor() as cursor:
        return sorted(wrapper.introspection.table_names(cursor))


def _canonical(value: Any) -> str:
    """One text form per value, tagged by kind, the same whichever driver returned it."""
    if value is None:
        return "N"
    if isinstance(value, bool):
        return "T" if value else "F"
    if isinstance(value, int):
        return f"i{value}"
    if isinstance(value, float):
        return f"f{value!r}"
    if isinstance(value, Decimal):
        return f"d{value}"
    if isinstance(value, str):
        return f"s{len(value)}:{value}"
    if isinstance(value, bytes | bytearray | memoryview):
        return "b" + bytes(value).hex()
    if isinstance(value, datetime):
        return "t" + (value.astimezone(UTC) if value.tzinfo else value).isoformat()
    if isinstance(value, date | clock | timedelta | uuid.UUID):
        return f"o{value}"
    if isinstance(value, dict | list):
        return "j" + json.dumps(value, sort_keys=True, ensure_ascii=False)
    return f"r{value!r}"


def _order(wrapper: BaseDatabaseWrapper, table: str, cursor: Any) -> str:
    """ORDER BY the primary key; text keys by code point on both engines (a collation would
    differ between servers); a table without a key by every column."""
    quote = wrapper.ops.quote_name
    description = wrapper.introspection.get_table_description(cursor, table)
    key = wrapper.introspection.get_primary_key_column(cursor, table)
    columns = [c for c in description if c.name == key] or list(description)
    parts = []
    for column in columns:
        part = quote(column.name)
        if wrapper.vendor == "postgresql" and column.type_code in TEXT_TYPES:
            part += ' COLLATE "C"'
        parts.append(part)
    return ", ".join(parts)


def _rows(wrapper: BaseDatabaseWrapper, sql: str) -> Iterator[tuple]:
    """Stream a query's rows without holding the table in memory (a server-side cursor on
    PostgreSQL, which needs the open transaction the callers hold)."""
    raw = wrapper.connection
    cursor = raw.cursor(name=f"siklus_{uuid.uuid4().hex[:8]}") if wrapper.vendor == "postgresql" else raw.cursor()
    try:
        cursor.execute(sql)
        while batch := cursor.fetchmany(CHUNK):
            yield from batch
    finally:
        cursor.close()


def summarise(wrapper: BaseDatabaseWrapper, bar: Bar = silent) -> dict[str, dict[str, Any]]:
    """Every table's row count and content checksum (rows in primary-key order)."""
    # PostgreSQL's server-side cursors live in a transaction: one of our own unless the caller
    # holds one (the backup's snapshot).
    own = wrapper.vendor == "postgresql" and wrapper.get_autocommit()
    if own:
        wrapper.set_autocommit(False)
    try:
        return _summarise(wrapper, bar)
    finally:
        if own:
            wrapper.rollback()
            wrapper.set_autocommit(True)


def _summarise(wrapper: BaseDatabaseWrapper, bar: Bar) -> dict[str, dict[str, Any]]:
    quote = wrapper.ops.quote_name
    with wrapper.cursor() as cursor:
        names = sorted(wrapper.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(name)}")
            counts[name] = cursor.fetchone()[0]
        orders = {name: _order(wrapper, name, cursor) for name in names}
    result: dict[str, dict[str, Any]] = {}
    with bar("checksum", sum(counts.values()), " baris") as progress:
        for name in names:
            digest = hashlib.sha256()
            rows = 0
            for row in _rows(wrapper, f"SELECT * FROM {quote(name)} ORDER BY {orders[name]}"):
                digest.update(("\x1f".join(map(_canonical, row)) + "\x1e").encode("utf-8", "surrogatepass"))
                rows += 1
                if rows % CHUNK == 0:
                    progress.update(CHUNK)
            progress.update(rows % CHUNK)
            result[name] = {"rows": rows, "sha256": digest.hexdigest()}
    return result


def migration_state(wrapper: BaseDatabaseWrapper) -> dict[str, str]:
    """The latest applied migration of each app (names are numbered, so the greatest)."""
    if "django_migrations" not in tables(wrapper):
        return {}
    latest: dict[str, str] = {}
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        for app, name in cursor.fetchall():
            latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def holds_data(wrapper: BaseDatabaseWrapper) -> list[str]:
    """The tables with rows beyond what ``siklus migrate`` writes by itself."""
    quote = wrapper.ops.quote_name
    full = []
    with wrapper.cursor() as cursor:
        derived = set()
        if wrapper.vendor == "sqlite":  # a full-text index's shadow tables hold rows even when empty
            derived = {row[1] for row in cursor.execute("PRAGMA table_list") if row[2] == "shadow"}
        for name in tables(wrapper):
            if name not in BOOKKEEPING | derived:
                cursor.execute(f"SELECT 1 FROM {quote(name)} LIMIT 1")
                if cursor.fetchone():
                    full.append(name)
    return full


def compare(expected: dict[str, dict[str, Any]], actual: dict[str, dict[str, Any]]) -> list[tuple[str, str, Any, Any]]:
    """Differences as (table, what, expected, actual); empty when every table matches."""
    differences: list[tuple[str, str, Any, Any]] = []
    for name in sorted(expected.keys() | actual.keys()):
        want, got = expected.get(name), actual.get(name)
        if want is None or got is None:
            differences.append((name, "table", want is not None, got is not None))
        elif want["rows"] != got["rows"]:
            differences.append((name, "rows", want["rows"], got["rows"]))
        elif want["sha256"] != got["sha256"]:
            differences.append((name, "sha256", want["sha256"][:12], got["sha256"][:12]))
    return differences


# --------------------------------------------------------------------------------------------
# Backup


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for the client tools (the password never on a command line)."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("NAME", "PGDATABASE")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(gettext_noop(
            "Program %(tool)s tidak ditemukan: pasang klien PostgreSQL (paket postgresql-client) "
            "dengan versi yang sama atau lebih baru dari servernya."), tool=name)
    return path


def _wait(process: subprocess.Popen, watch: Path | None, bar: Bar, desc: str) -> str:
    """Wait for a client tool, showing the bytes it has written; its error output if it fails."""
    with bar(desc, None, "B") as progress:
        seen = 0
        while process.poll() is None:
            time.sleep(0.1)
            if watch is not None and watch.exists():
                size = watch.stat().st_size
                progress.update(size - seen)
                seen = size
    assert process.stderr is not None
    return process.stderr.read().decode("utf-8", "replace").strip()


def _copy_pages(source: sqlite3.Connection, target: sqlite3.Connection, bar: Bar, desc: str) -> None:
    """SQLite's online backup, a few pages a step (writers get their turn between steps)."""
    total = source.execute("PRAGMA page_count").fetchone()[0]
    with bar(desc, total, " halaman") as progress:
        done = 0

        def step(status: int, remaining: int, count: int) -> None:
            nonlocal done
            progress.update(count - remaining - done)
            done = count - remaining

        source.backup(target, pages=PAGES, progress=step)


def _backup_sqlite(wrapper: BaseDatabaseWrapper, payload: Path, bar: Bar) -> dict[str, dict[str, Any]]:
    if wrapper.in_atomic_block:
        # SQLite's backup waits forever on a source connection that is writing.
        raise RuntimeError("a backup reads committed data: call it outside a transaction")
    wrapper.ensure_connection()
    source = wrapper.connection
    target = sqlite3.connect(payload)
    # One read transaction: the copy is the database as of its start, however long it takes.
    source.execute("BEGIN DEFERRED")
    try:
        source.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        _copy_pages(source, target, bar, "salin")
    finally:
        source.execute("ROLLBACK")
        target.close()
    # The manifest describes the copy itself, which no one else writes.
    with connect(wrapper.settings_dict, NAME=str(payload), OPTIONS={}) as copy:
        return summarise(copy, bar)


def _backup_postgresql(wrapper: BaseDatabaseWrapper, payload: Path, bar: Bar) -> tuple[dict, dict]:
    pg_dump = _tool("pg_dump")
    with connect(wrapper.settings_dict) as snapshot:
        snapshot.set_autocommit(False)
        try:
            with snapshot.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                name = cursor.fetchone()[0]
            process = subprocess.Popen(
                [pg_dump, "--format=custom", f"--snapshot={name}", f"--file={payload}"],
                env=_pg_env(wrapper.settings_dict), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            # Checksums in the exporting transaction while pg_dump reads the same snapshot.
            summary = summarise(snapshot, bar)
            migrations = migration_state(snapshot)
            errors = _wait(process, payload, bar, "pg_dump")
        finally:
            snapshot.rollback()
    if process.returncode != 0:
        raise BackupError(gettext_noop("pg_dump gagal: %(error)s"), error=errors)
    return summary, migrations


def backup(wrapper: BaseDatabaseWrapper, output: Path, bar: Bar = silent) -> dict[str, Any]:
    """Write the database behind ``wrapper`` to the archive ``output``; return the manifest.

    The archive appears under its name only once complete."""
    engine = engine_of(wrapper.settings_dict)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".siklus-backup-") as work:
        payload = Path(work) / PAYLOAD[engine]
        if engine == "sqlite":
            summary = _backup_sqlite(wrapper, payload, bar)
            with connect(wrapper.settings_dict, NAME=str(payload), OPTIONS={}) as copy:
                migrations = migration_state(copy)
        else:
            summary, migrations = _backup_postgresql(wrapper, payload, bar)
        manifest = {
            "format": FORMAT,
            "siklus_version": siklus.__version__,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "migrations": migrations,
            "payload": {"name": payload.name, "bytes": payload.stat().st_size, "sha256": _sha256(payload)},
            "tables": summary,
        }
        data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
        partial = Path(work) / "archive"
        # SQLite pages compress well; a pg_dump custom archive is compressed already.
        with tarfile.open(partial, "w:gz", compresslevel=1) if engine == "sqlite" else tarfile.open(partial, "w") as tar:
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(time.time())
            tar.addfile(info, _bytes_io(data))
            with bar("arsip", payload.stat().st_size, "B") as progress, payload.open("rb") as f:
                info = tar.gettarinfo(str(payload), payload.name)
                tar.addfile(info, _Counting(f, progress))
        os.replace(partial, output)
    return manifest


def _bytes_io(data: bytes) -> IO[bytes]:
    return io.BytesIO(data)


class _Counting:
    """A file reader that reports how much was read (tarfile copies in blocks)."""

    def __init__(self, f: IO[bytes], progress: Progress) -> None:
        self.f, self.progress = f, progress

    def read(self, size: int = -1) -> bytes:
        block = self.f.read(size)
        self.progress.update(len(block))
        return block


# --------------------------------------------------------------------------------------------
# Restore


def read_archive(path: Path, work: Path) -> tuple[dict[str, Any], Path]:
    """The manifest and the extracted payload, refused if anything is missing, truncated or
    altered (size and SHA-256 against the manifest)."""
    damaged = gettext_noop("File cadangan %(file)s rusak atau terpotong (%(reason)s): tidak dipulihkan.")
    try:
        with tarfile.open(path, "r:*") as tar:
            member = tar.next()
            if member is None or member.name != MANIFEST:
                raise BackupError(damaged, file=str(path), reason="manifest.json")
            manifest = json.load(tar.extractfile(member))  # type: ignore[arg-type]
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError(gettext_noop("%(file)s bukan cadangan siklus (format %(format)s)."),
                                  file=str(path), format=FORMAT)
            expected = manifest["payload"]
            member = tar.next()
            if member is None or member.name != expected["name"]:
                raise BackupError(damaged, file=str(path), reason=expected["name"])
            payload = work / expected["name"]
            source = tar.extractfile(member)
            assert source is not None
            with payload.open("wb") as f:
                shutil.copyfileobj(source, f, 1 << 20)
    except (tarfile.TarError, EOFError, OSError, zlib.error, ValueError, KeyError, TypeError) as exc:
        raise BackupError(damaged, file=str(path), reason=type(exc).__name__) from exc
    if payload.stat().st_size != expected["bytes"] or _sha256(payload) != expected["sha256"]:
        raise BackupError(damaged, file=str(path), reason="sha256")
    return manifest, payload


def unknown_migrations(manifest: dict[str, Any]) -> list[str]:
    """Migrations the backup has applied that this code does not know: a newer siklus made it."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, name in sorted(manifest.get("migrations", {}).items())
            if (app, name) not in known]


def check(manifest: dict[str, Any], settings_dict: dict[str, Any], replace: bool) -> None:
    """Refuse a restore that cannot or must not happen, before anything is written."""
    engine = engine_of(settings_dict)
    if manifest["engine"] != engine:
        raise BackupError(gettext_noop("Cadangan ini dari %(backup)s, basis data tujuan %(target)s: "
                                       "pulihkan ke mesin basis data yang sama."),
                          backup=LABEL.get(manifest["engine"], manifest["engine"]), target=LABEL[engine])
    newer = unknown_migrations(manifest)
    if newer:
        raise BackupError(gettext_noop("Cadangan dibuat oleh versi siklus yang lebih baru (migrasi %(migrations)s "
                                       "tidak dikenal kode ini): perbarui siklus dulu."),
                          migrations=", ".join(newer))
    exists = engine == "postgresql" or _in_memory(settings_dict) or Path(settings_dict["NAME"]).exists()
    if not replace and exists:
        with connect(settings_dict) as target:
            full = holds_data(target)
        if full:
            raise BackupError(gettext_noop("Basis data tujuan tidak kosong (%(count)s tabel berisi, mis. %(table)s): "
                                           "tambahkan --replace untuk menimpanya."),
                              count=len(full), table=full[0])
    if engine == "sqlite" and _in_memory(settings_dict):
        raise BackupError(gettext_noop("Basis data tujuan SQLite harus berupa file."))


def _in_memory(settings_dict: dict[str, Any]) -> bool:
    name = str(settings_dict["NAME"])
    return name == ":memory:" or "mode=memory" in name


def _restore_sqlite(payload: Path, settings_dict: dict[str, Any], bar: Bar) -> None:
    source = sqlite3.connect(f"file:{payload}?mode=ro", uri=True)
    target = sqlite3.connect(settings_dict["NAME"], timeout=30)
    try:
        status = source.execute("PRAGMA quick_check").fetchone()[0]
        if status != "ok":
            raise BackupError(gettext_noop("Isi cadangan SQLite rusak: %(error)s"), error=status)
        _copy_pages(source, target, bar, "pulihkan")
    finally:
        source.close()
        target.close()


def _restore_postgresql(payload: Path, settings_dict: dict[str, Any], bar: Bar) -> None:
    pg_restore = _tool("pg_restore")
    # The target's tables go first (it is empty or --replace was given): a table of a newer
    # migration would otherwise outlive the restore beside the backup's migration state.
    with connect(settings_dict) as target, target.cursor() as cursor:
        names = target.introspection.table_names(cursor)
        if names:
            cursor.execute("DROP TABLE IF EXISTS " + ", ".join(map(target.ops.quote_name, names)) + " CASCADE")
    # Then one transaction; --clean also replaces the other objects the backup holds (functions,
    # triggers, extensions); owners and grants are the target role's.
    process = subprocess.Popen(
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction",
         "--exit-on-error", f"--dbname={settings_dict['NAME']}", str(payload)],
        env=_pg_env(settings_dict), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    errors = _wait(process, None, bar, "pg_restore")
    if process.returncode != 0:
        raise BackupError(gettext_noop("pg_restore gagal: %(error)s"), error=errors)


def restore(path: Path, settings_dict: dict[str, Any], *, replace: bool = False,
            bar: Bar = silent) -> tuple[dict[str, Any], list[tuple[str, str, Any, Any]]]:
    """Restore the archive into the database of ``settings_dict`` (nobody else should hold its
    default connection open), then recompute every table's count and checksum there.

    Returns the manifest and the differences (empty: verified)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(gettext_noop("File cadangan %(file)s tidak ada."), file=str(path))
    with tempfile.TemporaryDirectory(prefix="siklus-restore-") as work:
        manifest, payload = read_archive(path, Path(work))
        check(manifest, settings_dict, replace)
        if manifest["engine"] == "sqlite":
            _restore_sqlite(payload, settings_dict, bar)
        else:
            _restore_postgresql(payload, settings_dict, bar)
    with connect(settings_dict) as target:
        actual = summarise(target, bar)
    return manifest, compare(manifest["tables"], actual)
