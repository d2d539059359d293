"""``siklus facts export`` and ``siklus national run|load`` refuse what they cannot do with one clear
line in the user's language, before any work starts (issue #17; bad input)."""

import json

import pytest

pytestmark = pytest.mark.django_db


def run_cli(argv, capsys) -> str:
    from siklus.cli import main

    with pytest.raises(SystemExit) as done:
        main(["siklus", *argv])
    assert done.value.code == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_a_run_over_a_folder_without_an_export_says_so(tmp_path, capsys):
    error = run_cli(["national", "run", "--facts", str(tmp_path), "--period", "2025", "-o", str(tmp_path / "o")], capsys)
    assert error.endswith(f"Tidak ada ekspor fakta di {tmp_path} (manifest.json tidak ada).")
    assert not (tmp_path / "o").exists(), "nothing written"


def test_a_run_over_an_export_of_another_schema_version_asks_for_a_new_export(tmp_path, capsys):
    (tmp_path / "manifest.json").write_text(json.dumps({"schema_version": 1, "exports": []}))
    error = run_cli(["national", "run", "--facts", str(tmp_path), "--period", "2025", "-o", str(tmp_path / "o"),
                     "--lang", "en"], capsys)
    assert "has schema version 1, this siklus uses version 2: export again into a new folder." in error


def test_a_period_must_be_a_year(tmp_path, capsys):
    error = run_cli(["national", "run", "--facts", str(tmp_path), "--period", "25", "-o", str(tmp_path)], capsys)
    assert "25: bukan tahun (mis. 2025)" in error


def test_an_unknown_area_is_not_exported(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SIKLUS_PSEUDONYM_KEY", "secret")
    error = run_cli(["facts", "export", "--area", "99.99", "-o", str(tmp_path / "x")], capsys)
    assert error.endswith("Wilayah 99.99 tidak dikenal.")
    assert not (tmp_path / "x").exists()


def test_no_export_without_the_pseudonym_secret(tmp_path, capsys, monkeypatch):
    from siklus.areas.models import Area, Level

    Area.objects.create(code="62", name="KALIMANTAN TENGAH", level=Level.PROVINSI)
    monkeypatch.delenv("SIKLUS_PSEUDONYM_KEY", raising=False)
    error = run_cli(["facts", "export", "--area", "62", "-o", str(tmp_path / "x"), "--lang", "en"], capsys)
    assert error.endswith("Set SIKLUS_PSEUDONYM_KEY (this deployment's pseudonym secret) before exporting.")


def test_loading_needs_a_run(tmp_path, capsys):
    error = run_cli(["national", "load", str(tmp_path)], capsys)
    assert error.endswith(f"Tidak ada hasil siklus national run di {tmp_path} (values.parquet tidak ada).")
