"""``siklus synth`` end to end: the same seed gives the same kabupaten in two databases; a second
run refuses, ``--replace`` replaces only synthetic records."""

import sqlite3
import subprocess
import sys

import pytest


def synth(db, *args, check=True):
    env = {"DATABASE_URL": f"sqlite:///{db}", "PATH": "/usr/bin:/bin"}
    cli = [sys.executable, "-m", "siklus.cli"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True)
    return subprocess.run([*cli, "synth", *args, "--no-progress", "--as-of", "2025-10-01"], env=env,
                          capture_output=True, text=True, check=check)


def snapshot(db):
    with sqlite3.connect(db) as c:
        return {
            "nik": c.execute("SELECT nik FROM people_person ORDER BY id").fetchall(),
            "names": c.execute("SELECT name, birth_date, sex FROM people_person ORDER BY id").fetchall(),
            "facilities": c.execute("SELECT kind, name, area_code, ilp_active, ilp_since FROM facilities_facility "
                                    "ORDER BY kind, area_code, name").fetchall(),
            "kader": c.execute("SELECT name, level FROM facilities_kader ORDER BY id").fetchall(),
            "history": c.execute('SELECT code, value, category, "on" FROM care_observation ORDER BY id').fetchall(),
            "ends": c.execute("SELECT died_on, moved_out_on FROM people_person ORDER BY id").fetchall(),
        }


def registered(c):
    """Persons of the population, not the babies the history adds (each ends a pregnancy of its mother)."""
    return c.execute("SELECT count(*) FROM people_person p WHERE NOT EXISTS (SELECT 1 FROM care_pregnancy g "
                     "WHERE g.person_id = p.mother_id AND g.ended_on = p.birth_date)").fetchone()[0]


def test_same_seed_same_kabupaten_in_two_databases(tmp_path):
    """Kota Palangka Raya (62.71) with default figures: small and quick."""
    a, b, c = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    out = synth(a, "--kabupaten", "62.71", "--persons", "1500", "--seed", "7", "--logins").stdout
    synth(b, "--kabupaten", "62.71", "--persons", "1500", "--seed", "7")
    synth(c, "--kabupaten", "62.71", "--persons", "1500", "--seed", "8")
    first, second, other = snapshot(a), snapshot(b), snapshot(c)
    assert len(first["nik"]) > 1500 and first == second and len(first["history"]) > 1000
    with sqlite3.connect(a) as conn:
        assert registered(conn) == 1500
    assert first["names"] != other["names"]
    assert "1.500 penduduk" in out and "Riwayat 12 bulan" in out and "hanya ditampilkan sekali" in out
    assert "siklus-demo" not in out  # random passwords outside a demo database (issue #9)
    for username in ("k6271.kader", "k6271.bidan", "k6271.nakes", "k6271.kapus", "k6271.dinkes", "k6271.admin"):
        assert f"\n  {username} " in out


def test_a_second_run_refuses_and_replace_keeps_other_records(tmp_path):
    db = tmp_path / "r.db"
    synth(db, "--kabupaten", "62.71", "--persons", "300", "--months", "6", "--logins")
    with sqlite3.connect(db) as c:
        desa = c.execute("SELECT code FROM areas_area WHERE code LIKE '62.71.%' AND level='desa' LIMIT 1").fetchone()[0]
        c.execute("INSERT INTO people_household (id, created_at, updated_at, area_code, void_reason, no_kk, head_name,"
                  " address, rt, rw, desa_id, version) VALUES ('0123456789abcdef0123456789abcdef', '2025-01-01',"
                  " '2025-01-01', ?, '', '', 'Warga Nyata', 'Jl. Nyata', '', '', ?, 1)", [desa, desa])
        assert c.execute("SELECT months FROM synth_synthrun").fetchone()[0] == 6
    refused = synth(db, "--kabupaten", "62.71", "--persons", "300", check=False)
    assert refused.returncode != 0 and "Data sintetis sudah ada" in refused.stderr and "--replace" in refused.stderr
    again = synth(db, "--kabupaten", "62.71", "--persons", "200", "--seed", "2", "--replace", "--logins")
    assert "200 penduduk" in again.stdout
    with sqlite3.connect(db) as c:
        assert registered(c) == 200
        persons = {r[0] for r in c.execute("SELECT id FROM people_person")}
        for table in ("care_encounter", "care_observation", "care_immunization", "care_pregnancy"):
            owners = {r[0] for r in c.execute(f"SELECT person_id FROM {table}")}
            assert owners and owners <= persons, table  # the old history went with the old persons
        assert c.execute("SELECT count(*) FROM people_household WHERE head_name='Warga Nyata'").fetchone()[0] == 1
        assert c.execute("SELECT count(*) FROM synth_synthrun").fetchone()[0] == 1
        assert c.execute("SELECT count(*) FROM accounts_user WHERE username LIKE 'k6271.%'").fetchone()[0] == 8  # one per role


def test_two_kabupaten_with_one_seed_share_a_database(tmp_path):
    """Every record id draws on its place, so the second kabupaten collides with nothing of the first."""
    db = tmp_path / "two.db"
    synth(db, "--kabupaten", "62.71", "--persons", "300", "--months", "6")
    second = synth(db, "--kabupaten", "62.01", "--persons", "300", "--months", "6", check=False)
    assert second.returncode == 0, second.stderr
    with sqlite3.connect(db) as c:
        for table in ("people_person", "facilities_staff", "facilities_kader", "care_observation"):
            kabupaten = {r[0] for r in c.execute(f"SELECT substr(area_code, 1, 5) FROM {table}")}
            assert kabupaten == {"62.71", "62.01"}, table


@pytest.mark.parametrize("args, message", [
    (["--preset", "kotim", "--kabupaten", "63.03"], "preset kotim is 62.02"),
    (["--kabupaten", "62.71"], "--kabupaten needs --persons"),
    (["--kabupaten", "62", "--persons", "10"], "kabupaten/kota code"),
    (["--kabupaten", "62.99", "--persons", "10"], "tidak ada di data Kemendagri"),
])
def test_bad_arguments_are_explained(tmp_path, args, message):
    result = synth(tmp_path / "x.db", *args, check=False)
    assert result.returncode != 0 and message in result.stderr
