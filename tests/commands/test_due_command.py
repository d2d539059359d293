"""``siklus due``: the command a bidan runs to see what a person is due for (Indonesian output, or
English with ``--lang en``).

The sample of the issue — a girl born 1 March 2025 with her infant doses up to 4 months given,
seen on 1 December 2025 — is kept as a reviewed golden output in ``data/due-2025-12-01.txt``
(and ``.en.txt``). ``data/unchanged/`` holds outputs saved before the rules spoke in messages
(issue #8 item 4): for persons no correction of ILP.md §0.1 touches, they must read the same.
"""

import re
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
    assert "  · HB0 (Hepatitis B <24 jam): Diberikan 1 Maret 2025 (umur 0 hari)." in out
    assert "  · PCV 3 (lanjutan): Belum waktunya: setelah PCV 2 diberikan" not in out  # PCV2 was given
    assert "  · PCV 3 (lanjutan): Belum waktunya: umur ideal 12–17 bulan, mulai 1 Maret 2026." in out


def test_school_class_and_je_options(capsys):
    _, out, _ = run(capsys, "--birth-date", "2018-03-01", "--sex", "L", "--on", "2025-08-05", "--school-class", "1")
    assert "Imunisasi MR (BIAS kelas 1) — waktunya sekarang" in out
    _, out, _ = run(capsys, "--birth-date", "2024-12-01", "--sex", "L", "--on", "2025-10-02", "--je-endemic")
    assert "Imunisasi Japanese Encephalitis (JE) — waktunya sekarang" in out


def test_codes_lists_the_service_and_condition_codes_of_the_one_vocabulary(capsys):
    """Since the due engine takes its codes from siklus.rules.codes, so does this listing (the
    labels are the vocabulary's, capitalised, and the screening items are named too)."""
    from siklus.rules import codes

    code, out, _ = run(capsys, "--codes")
    assert code == 0
    for kind in (codes.SERVICE, codes.CONDITION):
        for c in codes.of_kind(kind):
            assert f"  {c.code:<22} {c.label}" in out
    assert "  vitamin-a              Kapsul vitamin A" in out
    assert "  hipertensi             Hipertensi" in out


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


# --- Indonesian output unchanged where no correction applies (issue #8: "reads the same as today") ----------

UNCHANGED = [
    ("pregnant", ["--birth-date", "1996-04-12", "--sex", "P", "--history", "pregnant.json", "--on", "2025-10-01"]),
    ("lansia", ["--birth-date", "1955-05-05", "--sex", "L", "--history", "lansia.json", "--on", "2025-11-20"]),
    ("chronic", ["--birth-date", "1970-02-03", "--sex", "P", "--history", "chronic.json", "--on", "2025-11-15"]),
    ("mother", ["--birth-date", "1995-05-05", "--sex", "P", "--history", "mother.json", "--on", "2025-12-01"]),
    ("woman35", ["--birth-date", "1990-12-10", "--sex", "P", "--on", "2025-12-01"]),
]


def _argv(argv):
    return [str(DATA / a) if a.endswith(".json") else a for a in argv]


@pytest.mark.parametrize(("name", "argv"), UNCHANGED, ids=[n for n, _ in UNCHANGED])
def test_indonesian_output_reads_as_before_the_rules_spoke_in_messages(capsys, name, argv):
    _, out, _ = run(capsys, *_argv(argv))
    assert out == (DATA / "unchanged" / f"{name}.txt").read_text(encoding="utf-8")


# --- English (--lang en) ----------------------------------------------------------------------------------

# Rich histories: every section of the due list and --all-doses.
ENGLISH_CASES = [
    ["--birth-date", "2025-03-01", "--sex", "P", "--history", "history.json", "--on", "2025-12-01", "--all-doses"],
    ["--birth-date", "2025-03-01", "--sex", "L", "--on", "2025-03-02", "--all-doses"],
    ["--birth-date", "2024-06-10", "--sex", "L", "--history", "toddler_late.json", "--on", "2025-01-05", "--all-doses"],
    ["--birth-date", "2014-03-01", "--sex", "P", "--history", "hpv_girl.json", "--on", "2026-08-05", "--all-doses"],
    ["--birth-date", "2014-03-01", "--sex", "P", "--on", "2026-08-05", "--all-doses"],
    ["--birth-date", "2012-03-01", "--sex", "P", "--on", "2024-08-05", "--all-doses"],
    ["--birth-date", "2018-03-01", "--sex", "L", "--on", "2025-08-05", "--school-class", "1", "--all-doses"],
    ["--birth-date", "2024-12-01", "--sex", "L", "--on", "2025-10-02", "--je-endemic", "--all-doses"],
    ["--birth-date", "2025-02-15", "--sex", "L", "--on", "2026-02-01", "--all-doses"],
    ["--birth-date", "2023-05-10", "--sex", "L", "--on", "2025-05-10", "--all-doses"],
    ["--birth-date", "2010-09-09", "--sex", "P", "--on", "2025-09-01", "--all-doses"],
    ["--birth-date", "2025-01-01", "--sex", "P", "--on", "2025-08-20", "--all-doses"],
    *(argv for _, argv in UNCHANGED),
]
# Words of Indonesian sentences that must never reach the English output. Proper names stay (Posyandu,
# Pustu, Puskesmas, Buku KIA, kader) as do dose and programme codes (DPT-HB-Hib4, K1 murni, idl-klasik).
INDONESIAN = ("bulan", "tahun", "hari", "minggu", "Terlambat", "Waktunya", "belum", "diberikan", "sampai", "umur",
              "kunjungan", "lahir", "jatuh tempo", "Tempat", "paling", "sekolah", "kelas", "segera", "Segera",
              "sudah", "dengan", "setiap", "untuk", "dan", "atau", "perempuan", "Perempuan", "Laki-laki",
              "Imunisasi", "Pemeriksaan", "Skrining", "Kontrol", "Catatan", "CATATAN", "Jadwal", "Versi",
              "Agustus", "Desember", "Februari", "Januari", "Maret", "Mei", "Juni", "Juli", "Oktober")


@pytest.mark.parametrize("argv", ENGLISH_CASES, ids=lambda argv: " ".join(argv[:4] + argv[6:8]))
def test_english_output_has_no_indonesian_left(capsys, argv):
    code, out, err = run(capsys, *_argv(argv), "--lang", "en")
    assert (code, err) == (0, "")
    words = set(re.findall(r"[A-Za-z-]+", out))
    assert sorted(w for w in INDONESIAN if " " not in w and w in words) == []
    assert [w for w in INDONESIAN if " " in w and w in out] == []


def test_english_sample_prints_the_reviewed_output(capsys):
    _, out, _ = run(capsys, "--birth-date", "2025-03-01", "--sex", "P", "--history", str(DATA / "history.json"),
                    "--on", "2025-12-01", "--lang", "en")
    assert out == (DATA / "due-2025-12-01.en.txt").read_text(encoding="utf-8")
    assert out.splitlines()[1] == "Female, born 1 March 2025, age 9 months — Infant (also: Under two, Under five)"


def test_english_names_places_and_doses(capsys):
    """Names of places and doses are messages too: 'kunjungan rumah' becomes 'home visit'."""
    _, out, _ = run(capsys, "--birth-date", "1995-05-05", "--sex", "P", "--history", str(DATA / "mother.json"),
                    "--on", "2025-12-01", "--lang", "en")
    assert "Where: Puskesmas, Pustu, home visit" in out
    _, out, _ = run(capsys, "--birth-date", "2014-03-01", "--sex", "P", "--on", "2026-08-05", "--lang", "en")
    assert " 1. Immunization HPV (school immunization, grade 5, girls, 1 dose) — catch-up immunization" in out


def test_english_codes(capsys):
    _, out, _ = run(capsys, "--codes", "--lang", "en")
    assert "  kunjungan rumah" not in out
    assert "  vitamin-a              Vitamin A capsule" in out
    assert "  hipertensi             Hypertension" in out
