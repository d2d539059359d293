"""``siklus due``: the command a bidan runs to see what a person is due for (Indonesian output).

The sample of the issue — a girl born 1 March 2025 with her infant doses up to 4 months given,
seen on 1 December 2025 — is kept as a reviewed golden output in ``data/due-2025-12-01.txt``.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from siklus.commands.due import main

DATA = Path(__file__).parent / "data"
SIKLUS = Path(sys.executable).parent / "siklus"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_issue_sample_prints_the_reviewed_output(capsys):
    """Issue 'Done when': siklus due --birth-date 2025-03-01 --sex P --history history.json --on 2025-12-01."""
    code, out, err = run(capsys, "--birth-date", "2025-03-01", "--sex", "P", "--history", str(DATA / "history.json"),
                         "--on", "2025-12-01")
    assert (code, err) == (0, "")
    assert out == (DATA / "due-2025-12-01.txt").read_text(encoding="utf-8")


def test_issue_sample_lists_mr1_and_ipv2_first(capsys):
    _, out, _ = run(capsys, "--birth-date", "2025-03-01", "--sex", "P", "--history", str(DATA / "history.json"),
                    "--on", "2025-12-01")
    lines = out.splitlines()
    assert lines[0] == "Layanan yang jatuh tempo pada 1 Desember 2025"
    assert lines[1] == "Perempuan, lahir 1 Maret 2025, umur 9 bulan — Bayi (juga: Baduta, Balita)"
    assert lines[3] == "HARUS DIBERIKAN SEKARANG"
    assert lines[4] == " 1. Imunisasi Campak-Rubela 1 (MR1) — waktunya sekarang"
    assert "  Kunjungan imunisasi berikutnya: hari ini — MR1, IPV2" in lines


def test_console_script_runs_without_django():
    """The `siklus` console script dispatches `due` without loading Django (src/siklus/cli.py)."""
    result = subprocess.run(
        [str(SIKLUS), "due", "--birth-date", "2025-03-01", "--sex", "P", "--history", str(DATA / "history.json"),
         "--on", "2025-12-01"],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "does.not.exist"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (DATA / "due-2025-12-01.txt").read_text(encoding="utf-8")


def test_without_history_a_newborn_is_due_for_birth_doses(capsys):
    code, out, _ = run(capsys, "--birth-date", "2025-03-01", "--sex", "L", "--on", "2025-03-02")
    assert code == 0
    assert "Imunisasi HB0 (Hepatitis B <24 jam) — waktunya sekarang" in out
    assert "Kunjungan neonatal 1 (KN1) — waktunya sekarang" in out


def test_pregnant_woman_from_history(capsys):
    code, out, _ = run(capsys, "--birth-date", "1996-04-12", "--sex", "P", "--history", str(DATA / "pregnant.json"),
                       "--on", "2025-10-01")
    assert code == 0
    assert " 2. Pemeriksaan kehamilan K2 — waktunya sekarang" in out
    assert "Status T2; waktunya Td untuk T3; perlindungan 3 tahun sampai 12 Februari 2027. Target: T5." in out
    assert "Hamil 13 minggu 1 hari (trimester 2), HPL 8 April 2026; K1 murni" in out


def test_all_doses_shows_every_dose_with_its_state(capsys):
    _, out, _ = run(capsys, "--birth-date", "2025-03-01", "--sex", "P", "--history", str(DATA / "history.json"),
                    "--on", "2025-12-01", "--all-doses")
    assert "  · Rotavirus 3 (RV3): Diberikan 8 Juli 2025 (umur 4 bulan 7 hari)." in out
    assert "  · PCV 3 (lanjutan): Belum waktunya: setelah PCV 2 diberikan" not in out  # PCV2 was given
    assert "  · PCV 3 (lanjutan): Belum waktunya: umur ideal 12–17 bulan, mulai 1 Maret 2026." in out


def test_school_class_and_je_options(capsys):
    _, out, _ = run(capsys, "--birth-date", "2018-03-01", "--sex", "L", "--on", "2025-08-05", "--school-class", "1")
    assert "Imunisasi MR (BIAS kelas 1) — waktunya sekarang" in out
    _, out, _ = run(capsys, "--birth-date", "2024-12-01", "--sex", "L", "--on", "2025-10-02", "--je-endemic")
    assert "Imunisasi Japanese Encephalitis (JE) — waktunya sekarang" in out


def test_codes_lists_service_and_condition_codes(capsys):
    code, out, _ = run(capsys, "--codes")
    assert code == 0
    assert "  vitamin-a              kapsul vitamin A" in out
    assert "  hipertensi             hipertensi" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--birth-date", "2025-02-30", "--sex", "P"], "--birth-date: tanggal tidak valid '2025-02-30'"),
        (["--birth-date", "2025-03-01", "--sex", "P", "--history", "nope.json"], "berkas riwayat tidak ditemukan"),
        (["--birth-date", "2025-03-01", "--sex", "P", "--on", "2025-01-01"], "tanggal penilaian sebelum tanggal lahir"),
    ],
)
def test_input_errors_exit_2_with_an_indonesian_message(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith("siklus due: ")
    assert message in err


@pytest.mark.parametrize(
    ("history", "message"),
    [
        ('{"immunizations": {"BCG2": "2025-03-01"}}', "jenis imunisasi tidak dikenal: 'BCG2'"),
        ('{"imunisasi": {}}', "kunci tidak dikenal di berkas riwayat: imunisasi"),
        ('{"services": {"penimbangan": ["kemarin"]}}', "layanan penimbangan: tanggal tidak valid 'kemarin'"),
        ('{"immunizations": {"BCG": "2025-02-01"}}', "tanggal imunisasi BCG (1 Februari 2025) sebelum tanggal lahir"),
        ("{not json", "berkas riwayat bukan JSON yang valid"),
    ],
)
def test_bad_history_files_are_reported(capsys, tmp_path, history, message):
    path = tmp_path / "history.json"
    path.write_text(history, encoding="utf-8")
    code, _, err = run(capsys, "--birth-date", "2025-03-01", "--sex", "P", "--history", str(path), "--on", "2025-12-01")
    assert code == 2
    assert message in err


def test_immunizations_as_a_list_of_records(capsys, tmp_path):
    path = tmp_path / "history.json"
    path.write_text('{"immunizations": [{"dose": "HB0", "date": "2025-03-01"}, {"dose": "BCG", "date": "2025-03-05"}]}',
                    encoding="utf-8")
    code, out, _ = run(capsys, "--birth-date", "2025-03-01", "--sex", "P", "--history", str(path), "--on", "2025-03-10",
                       "--all-doses")
    assert code == 0
    assert "  · BCG: Diberikan 5 Maret 2025 (umur 4 hari)." in out


def test_missing_birth_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--sex", "P"])
    assert exit_info.value.code == 2
    assert "--birth-date dan --sex wajib diisi" in capsys.readouterr().err
