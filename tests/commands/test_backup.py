"""Backup and restore, and the restore drill (issue #9 item 9; README "Backup and restore").

The drill: build the small world of tests/conftest.py, ``siklus backup`` it, ``siklus restore``
it into a fresh scratch database (a file on SQLite; on PostgreSQL a database created beside the
test database and dropped afterwards), and compare every table's row count and checksum with the
manifest and with the original. Then the refusals: a damaged or truncated archive, a non-empty
target without ``--replace``, a backup from a newer schema or another engine, and a restore whose
content does not match its manifest.

The tests run on whichever engine the suite runs on (DATABASE_URL). The world is committed
(transactional tests) because pg_dump reads it from another process.
"""

import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from siklus.core import backup

# pg_dump and the restore's own connections read only what is committed.
committed = pytest.mark.django_db(transaction=True)


def engine() -> str:
    return backup.engine_of(connection.settings_dict)


def server(settings) -> str:
    user, host, port = settings.get("USER") or "postgres", settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}"


@pytest.fixture(scope="module")
def scratch_postgres(django_db_setup, django_db_blocker):
    """On PostgreSQL, one scratch database beside the test database for this file, dropped at
    its end (creating a database per test would cost seconds)."""
    with django_db_blocker.unblock():
        settings = dict(connection.settings_dict)
    if backup.engine_of(settings) != "postgresql":
        yield None
        return
    import psycopg

    name = f"{settings['NAME']}_restore"[:63]
    with psycopg.connect(f"{server(settings)}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**settings, "NAME": name}, f"{server(settings)}/{name}"
    finally:
        with psycopg.connect(f"{server(settings)}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def scratch(tmp_path, scratch_postgres):
    """A fresh, empty target database: its settings and its DATABASE_URL."""
    if scratch_postgres is None:
        path = tmp_path / "restored.db"
        return {**connection.settings_dict, "NAME": str(path)}, f"sqlite:///{path}"
    import psycopg

    settings, url = scratch_postgres
    with psycopg.connect(url, autocommit=True) as target:
        target.execute("DROP SCHEMA public CASCADE")
        target.execute("CREATE SCHEMA public")
    return scratch_postgres


@pytest.fixture
def archive(world, tmp_path):
    """The world backed up by the command, as an operator would."""
    path = tmp_path / "siklus.backup"
    out = io.StringIO()
    call_command("backup", "-o", str(path), "--no-progress", stdout=out)
    return path, out.getvalue()


@pytest.fixture(scope="module")
def bare_archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """One backup of the freshly migrated test database, taken outside any test's transaction:
    enough for the refusals."""
    path = tmp_path_factory.mktemp("bare") / "bare.backup"
    with django_db_blocker.unblock():
        call_command("backup", "-o", str(path), "--no-progress", stdout=io.StringIO())
    return path


def siklus(url: str, *args: str) -> subprocess.CompletedProcess:
    """The ``siklus`` command in its own process, on the database at ``url``."""
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "siklus.cli", *args, "--no-progress"], env=env,
                          capture_output=True, text=True, timeout=120)


def manifest_of(path: Path) -> dict:
    with tarfile.open(path, "r:*") as tar:
        return json.load(tar.extractfile(backup.MANIFEST))


def rewritten(path: Path, out: Path, change) -> Path:
    """The same archive with its manifest changed by ``change`` (the payload left intact)."""
    with tarfile.open(path, "r:*") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar]
    manifest = json.loads(members[0][1])
    change(manifest)
    members[0] = (members[0][0], json.dumps(manifest).encode())
    with tarfile.open(out, "w") as tar:
        for member, data in members:
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    return out


def is_empty(settings) -> bool:
    if engine() == "sqlite" and not Path(settings["NAME"]).exists():
        return True
    with backup.connect(settings) as target:
        return backup.tables(target) == []


# --------------------------------------------------------------------------------------------
# The drill


@committed
def test_restore_drill_every_table_restored_with_the_same_rows_and_checksums(archive, scratch):
    """Back up the world, restore into a fresh database in a new process, and find every
    table's row count and content checksum equal to the manifest and to the original. Restored
    again, the target now holds data: refused without --replace; with it, restored exactly even
    after the target was changed."""
    from siklus.people.models import Person

    path, said = archive
    settings, url = scratch
    manifest = manifest_of(path)
    assert manifest["engine"] == engine()
    assert manifest["tables"]["people_person"]["rows"] == Person.objects.count() == 6
    assert manifest["migrations"]["people"].startswith("0")
    assert "ditulis ke" in said and "tabel" in said

    original = backup.summarise(connection)
    assert manifest["tables"] == original  # the manifest describes what was backed up

    done = siklus(url, "restore", str(path))
    assert done.returncode == 0, done.stderr
    assert "Terverifikasi" in done.stdout and "cocok" in done.stdout

    with backup.connect(settings) as target:
        restored = backup.summarise(target)
    assert restored == original
    assert backup.compare(manifest["tables"], restored) == []

    with backup.connect(settings) as target, target.cursor() as cursor:
        cursor.execute("DELETE FROM people_person WHERE mother_id IS NOT NULL")
    with pytest.raises(backup.BackupError, match="tidak kosong"):
        backup.restore(path, settings)
    _, differences = backup.restore(path, settings, replace=True)
    assert differences == []
    with backup.connect(settings) as target:
        assert backup.summarise(target) == original


@pytest.mark.django_db
def test_the_checksum_sees_a_changed_value_even_with_the_same_row_count(world):
    """Verification is not only a count: one edited name changes its table's checksum."""
    from siklus.areas.models import Area

    before = backup.summarise(connection)
    area = Area.objects.get(code="62.02.01.2003")
    Area.objects.filter(pk=area.pk).update(name=area.name + "x")
    after = backup.summarise(connection)
    assert after["areas_area"]["rows"] == before["areas_area"]["rows"]
    assert backup.compare(before, after) == [("areas_area", "sha256", before["areas_area"]["sha256"][:12],
                                              after["areas_area"]["sha256"][:12])]


# --------------------------------------------------------------------------------------------
# Refusals: nothing is written to the target


@pytest.mark.django_db
def test_a_corrupted_archive_is_refused_before_anything_is_written(bare_archive, scratch, tmp_path):
    path = bare_archive
    settings, _ = scratch
    data = bytearray(path.read_bytes())
    data[len(data) * 2 // 3] ^= 0xFF
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(bytes(data))
    with pytest.raises(backup.BackupError, match="rusak atau terpotong"):
        backup.restore(damaged, settings)
    assert is_empty(settings)


@pytest.mark.django_db
def test_a_truncated_archive_is_refused_before_anything_is_written(bare_archive, scratch, tmp_path):
    path = bare_archive
    settings, _ = scratch
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(backup.BackupError, match="rusak atau terpotong"):
        backup.restore(truncated, settings)
    assert is_empty(settings)


@committed
def test_a_database_holding_data_is_not_overwritten_without_replace(archive):
    """The command's own database holds the world: refused, and the world is still there."""
    from siklus.people.models import Person

    path, _ = archive
    with pytest.raises(CommandError, match="tidak kosong.*--replace"):
        call_command("restore", str(path), "--no-progress")
    assert Person.objects.count() == 6


@pytest.mark.django_db
def test_a_target_without_data_is_replaced_whole_leaving_no_table_of_its_own(bare_archive, scratch):
    """A freshly migrated target counts as empty; a table the backup does not have (one a newer
    migration made) is gone afterwards, so the backup's migration state describes the schema."""
    settings, url = scratch
    if engine() == "sqlite":
        db = sqlite3.connect(settings["NAME"])
        db.execute("CREATE TABLE from_a_newer_migration (id INTEGER PRIMARY KEY)")
        db.close()
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as db:
            db.execute("CREATE TABLE from_a_newer_migration (id integer PRIMARY KEY)")
    manifest, differences = backup.restore(bare_archive, settings)
    assert differences == []
    with backup.connect(settings) as target:
        assert "from_a_newer_migration" not in backup.tables(target)
        assert set(backup.tables(target)) == set(manifest["tables"])


@pytest.mark.django_db
def test_a_backup_from_a_newer_schema_is_refused(bare_archive, scratch, tmp_path):
    path = bare_archive
    settings, _ = scratch
    newer = rewritten(path, tmp_path / "newer.backup",
                      lambda m: m["migrations"].update(people="9999_from_a_later_siklus"))
    with pytest.raises(backup.BackupError, match="lebih baru.*people.9999_from_a_later_siklus"):
        backup.restore(newer, settings)
    assert is_empty(settings)


@pytest.mark.django_db
def test_a_backup_of_another_engine_is_refused(bare_archive, scratch, tmp_path):
    path = bare_archive
    settings, _ = scratch
    other = "postgresql" if engine() == "sqlite" else "sqlite"
    foreign = rewritten(path, tmp_path / "foreign.backup", lambda m: m.update(engine=other))
    with pytest.raises(backup.BackupError, match="mesin basis data yang sama"):
        backup.restore(foreign, settings)
    assert is_empty(settings)


@pytest.mark.django_db
def test_a_restore_that_differs_from_its_manifest_fails_verification_with_a_non_zero_exit(bare_archive, scratch, tmp_path):
    """The check after the restore compares with the manifest: a manifest that disagrees with
    the content (here one table's checksum) makes the command fail and name the table."""
    path = bare_archive
    _, url = scratch
    wrong = rewritten(path, tmp_path / "wrong.backup",
                      lambda m: m["tables"]["people_person"].update(sha256="0" * 64))
    done = siklus(url, "restore", str(wrong))
    assert done.returncode != 0
    assert "people_person" in done.stderr and "GAGAL" in done.stderr


# --------------------------------------------------------------------------------------------
# A live SQLite database


def test_a_sqlite_backup_taken_while_a_writer_commits_is_one_consistent_snapshot(tmp_path, monkeypatch, django_db_blocker):
    """Every commit of the writer adds one row to each of two tables; a torn copy would show
    different counts. The writer keeps committing during the backup (WAL: it is not blocked)."""
    live = tmp_path / "live.db"
    setup = sqlite3.connect(live, isolation_level=None)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, filler TEXT)")
    setup.execute("CREATE TABLE b (id INTEGER PRIMARY KEY, filler TEXT)")
    for _ in range(200):
        setup.execute("BEGIN")
        setup.execute("INSERT INTO a (filler) VALUES (randomblob(500))")
        setup.execute("INSERT INTO b (filler) VALUES (randomblob(500))")
        setup.execute("COMMIT")
    setup.close()

    # The writer commits between every two steps of the page copy, from its own connection (WAL: it
    # is not blocked). Driven from the progress callback, so the interleaving does not depend on
    # how the threads happen to be scheduled.
    writer = sqlite3.connect(live, isolation_level=None, timeout=10)
    commits = []

    def commit_one():
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO a (filler) VALUES (randomblob(500))")
        writer.execute("INSERT INTO b (filler) VALUES (randomblob(500))")
        writer.execute("COMMIT")
        commits.append(1)

    monkeypatch.setattr(backup, "PAGES", 1)  # one page per step
    steps = []

    @contextlib.contextmanager
    def bar(desc, total, unit):
        def update(n):
            if desc == "salin":
                steps.append(n)
                commit_one()
        yield SimpleNamespace(update=update)

    sqlite = {**connection.settings_dict, "ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}}
    try:
        # Its own database files only: not the test database.
        with django_db_blocker.unblock(), backup.connect(sqlite, NAME=str(live)) as source:
            manifest = backup.backup(source, tmp_path / "live.backup", bar)
    finally:
        writer.close()
    assert len(steps) > 10 and len(commits) == len(steps), "the writer committed between the copy's steps"
    assert manifest["tables"]["a"]["rows"] == manifest["tables"]["b"]["rows"] >= 200
    with django_db_blocker.unblock():
        _, differences = backup.restore(tmp_path / "live.backup", {**sqlite, "NAME": str(tmp_path / "restored.db")})
    assert differences == []


def test_a_missing_postgresql_client_tool_is_named_with_how_to_install_it(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(backup.BackupError, match="pg_restore tidak ditemukan.*postgresql-client"):
        backup._tool("pg_restore")
