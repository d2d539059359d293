"""Registers and reports Puskesmas still print (issue #15 item 5, done-when 3).

A small world is recorded through the care services: desa A's mother with a pregnancy (K1 with
LiLA 22 cm and Hb 10,5, Td and TTD, a delivery of a 2,400 g boy at a health facility, KF1), her
older son weighed three months running (first weighing, a gain, a loss), a lansia with high blood
pressure and glucose, a TB suspect and a DBD case. Each Excel register opens with openpyxl and
holds those rows and values; each PDF renders to PNG with pdftoppm (pages saved to
test-output/screenshots/report-*.png) and its text says what it should. Another area's user gets
404; every download leaves one export event naming the persons in it.
"""

import shutil
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from siklus.audit.models import Action, AuditEvent
from siklus.care import services as care
from siklus.people import services as people
from siklus.reports import monthly, services
from siklus.reports.period import Period

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm missing: make poppler")


@pytest.fixture
def recorded(world):
    a = world["A"]
    nakes = a.users["nakes"]
    mother, child = a.mother, a.child
    pregnancy = care.record_pregnancy(nakes, care.PregnancyInput(mother, date(2025, 9, 1)))
    k1 = care.record_encounter(nakes, care.EncounterInput(mother, date(2025, 10, 20), "anc", "puskesmas",
                                                          facility=a.puskesmas, klaster=2, sequence=1, by_doctor=True))
    care.record_measurements(nakes, care.MeasurementsInput(mother, date(2025, 10, 20), encounter=k1, weight_kg=52,
                                                           muac_cm=22.0, sbp=118, dbp=76, hb_g_dl=10.5))
    care.record_immunization(nakes, care.ImmunizationInput(mother, "Td", date(2025, 10, 20), encounter=k1))
    care.record_supplement(nakes, care.SupplementInput(mother, "ttd", date(2025, 10, 20), amount=30, encounter=k1))
    care.record_encounter(nakes, care.EncounterInput(mother, date(2026, 1, 12), "anc", "pustu", facility=a.pustu,
                                                     klaster=2, sequence=2))
    delivery = care.record_delivery(nakes, care.DeliveryInput(
        pregnancy, date(2026, 6, 5), "lahir_hidup", place_of_birth="fasyankes", delivery_facility=a.puskesmas,
        attendant="bidan", mode="spontan", babies=(care.NewbornInput("L", weight_g=2400, length_cm=47),)))
    care.record_encounter(nakes, care.EncounterInput(mother, date(2026, 6, 6), "kf", "puskesmas", sequence=1))

    # The older son: first weighing (B), +800 g (N), −100 g (T).
    for day, kg in ((date(2025, 5, 5), 6.5), (date(2025, 6, 5), 7.3), (date(2025, 7, 5), 7.2)):
        care.record_measurements(nakes, care.MeasurementsInput(child, day, weight_kg=kg))
    for dose, day in (("HB0", date(2025, 2, 3)), ("BCG", date(2025, 3, 1)), ("DPT-HB-Hib1", date(2025, 4, 7))):
        care.record_immunization(nakes, care.ImmunizationInput(child, dose, day))
    care.record_supplement(nakes, care.SupplementInput(child, "vitamin_a_biru", date(2025, 8, 5)))

    grandfather = people.register_person(nakes, people.PersonInput(
        household=a.household, name="Kakek Warga A", sex="L", birth_date=date(1950, 3, 1), relation="orang_tua"))
    care.record_measurements(nakes, care.MeasurementsInput(grandfather, date(2026, 11, 3), sbp=165, dbp=95,
                                                           glucose_mg_dl=250))
    care.record_condition(nakes, care.ConditionInput(grandfather, date(2026, 11, 3), code="hipertensi", icd10="I10"))
    care.record_tb_presumptive(nakes, care.TbPresumptiveInput(grandfather, date(2026, 11, 10)))
    care.record_case_report(nakes, care.CaseReportInput(mother, "dbd", date(2026, 11, 12)))
    return {"place": a, "baby": delivery.births[0].child, "grandfather": grandfather}


def sheet_rows(content: bytes):
    """The register's header (the column names row) and its data rows, as openpyxl reads them."""
    ws = load_workbook(BytesIO(content)).active
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "No")
    names = [sub or top for top, sub in zip(rows[header_at], rows[header_at + 1])]
    data = [dict(zip(names, r)) for r in rows[header_at + 2:] if isinstance(r[0], int)]
    return ws, rows, names, data


def month(text):
    return Period.of(date.fromisoformat(text + "-01"))


# ------------------------------------------------------------------------------------- registers

def test_the_kohort_ibu_holds_one_row_per_pregnancy_with_anc_delivery_and_nifas(recorded):
    a = recorded["place"]
    download = services.register_file(a.users["nakes"], a.puskesmas, "kohort-ibu", month("2026-06"))
    ws, rows, names, data = sheet_rows(download.content)
    assert download.filename.endswith(".xlsx") and rows[0][0] == "KOHORT IBU"
    assert "Juni 2026" in rows[2][0]
    (row,) = data
    assert row["Nama"] == "Ibu Warga A" and row["NIK"] == a.mother.nik
    assert row["HPHT"].date() == date(2025, 9, 1) and row["HPL"].date() == date(2026, 6, 8)
    assert row["K1"].date() == date(2025, 10, 20) and row["K2"].date() == date(2026, 1, 12) and row["K3"] is None
    assert row["LiLA K1 (cm)"] == 22 and "KEK" in row["Status gizi (LiLA)"]
    assert row["Hb terakhir (g/dL)"] == 10.5 and row["TTD/MMS (tablet)"] == 30 and row["Status T"] == "T1"
    assert row["Tanggal"].date() == date(2026, 6, 5) and row["Tempat"] == "Fasilitas kesehatan"
    assert (row["Penolong"], row["Cara"], row["BB lahir (g)"]) == ("Bidan", "Spontan", "2400")
    assert row["KF1"].date() == date(2026, 6, 6) and row["KF2"] is None
    # Like the paper register: grouped headers, dates shown d-m-yyyy, names frozen, LiLA's KEK highlighted.
    assert "Kunjungan ANC" in rows[5] and "Persalinan" in rows[5]
    k1 = ws.cell(8, names.index("K1") + 1)
    assert k1.number_format == "d-m-yyyy" and ws.freeze_panes == "C8"
    assert ws.cell(8, names.index("Status gizi (LiLA)") + 1).fill.fgColor.rgb.endswith("FDDCD7")
    assert ws.column_dimensions["B"].width == 24


def test_a_pregnancy_outside_the_period_is_not_in_the_kohort(recorded):
    a = recorded["place"]
    # Delivered 5 June 2026: the nifas ends mid-July, so August no longer lists her; August 2025 is before HPHT.
    for period in ("2026-08", "2025-08"):
        _ws, _rows, _names, data = sheet_rows(services.register_file(
            a.users["nakes"], a.puskesmas, "kohort-ibu", month(period)).content)
        assert data == []


def test_the_kohort_balita_has_the_weighings_of_each_month_with_their_n_t(recorded):
    a = recorded["place"]
    period = Period.months_from(date(2025, 5, 1), date(2025, 8, 1))
    _ws, rows, names, data = sheet_rows(services.register_file(a.users["pustu"], a.pustu, "kohort-balita",
                                                               period).content)
    assert [g for g in rows[5] if g and "2025" in g] == ["Mei 2025", "Juni 2025", "Juli 2025", "Agustus 2025"]
    child = next(r for r in data if r["Nama"] == "Anak Warga A")
    row = next(r for r in rows if r[1] == "Anak Warga A")
    first = names.index("BB (kg)")
    months = [row[first + 3 * i: first + 3 * i + 3] for i in range(4)]
    assert [m[0] for m in months] == [6.5, 7.3, 7.2, None]
    assert [m[2] for m in months] == ["B", "N", "T", None]
    assert child["Nama ibu"] == "Ibu Warga A" and child["JK"] == "Laki-laki"
    assert child["Vitamin A"] == "biru 05-08-2025"
    assert child["BB/U terakhir"]  # the category stored with the last weighing of the period


def test_the_register_imunisasi_has_each_dose_by_date_and_the_idl_status(recorded):
    a = recorded["place"]
    ws, _rows, names, data = sheet_rows(services.register_file(
        a.users["nakes"], a.puskesmas, "register-imunisasi", month("2025-04")).content)
    child = next(r for r in data if r["Nama"] == "Anak Warga A")
    assert child["HB0"].date() == date(2025, 2, 3) and child["BCG"].date() == date(2025, 3, 1)
    assert child["DPT-HB-Hib1"].date() == date(2025, 4, 7) and child["MR1"] is None
    assert child["IDL"] and child["IBL"]
    # A dose given in the period is green.
    row = 8 + data.index(child)
    assert ws.cell(row, names.index("DPT-HB-Hib1") + 1).fill.fgColor.rgb.endswith("D5EFD9")
    assert not ws.cell(row, names.index("BCG") + 1).fill.fgColor.rgb.endswith("D5EFD9")


def test_the_register_lansia_has_the_last_values_and_the_known_conditions(recorded):
    a = recorded["place"]
    _ws, _rows, _names, data = sheet_rows(services.register_file(
        a.users["pustu"], a.pustu, "register-lansia", month("2026-11")).content)
    (row,) = data
    assert row["Nama"] == "Kakek Warga A" and row["Umur (th)"] == 76
    assert row["TD terakhir (mmHg)"] == "165/95" and row["Nilai (mg/dL)"] == 250
    assert row["Penyakit yang diketahui"] == "Hipertensi"


def test_a_register_holds_only_the_residents_the_user_may_see(world, recorded):
    """Puskesmas A serves the whole kecamatan (desa A and B); a kader of desa A downloading its
    register gets desa A's children only."""
    a = world["A"]
    period = month("2025-06")
    names = lambda user: {r["Nama"] for r in sheet_rows(services.register_file(  # noqa: E731
        user, a.puskesmas, "kohort-balita", period).content)[3]}
    assert {"Anak Warga A", "Anak Warga B"} <= names(a.users["nakes"])
    assert "Anak Warga B" not in names(a.users["kader"]) and "Anak Warga A" in names(a.users["kader"])


def test_a_register_needs_a_known_kind_and_a_sensible_period(world):
    from siklus.core.errors import Invalid

    today = date(2026, 12, 5)
    with pytest.raises(Invalid) as bad:
        services.parse_period("2026-13", "", today=today)
    assert "dari" in bad.value.errors
    with pytest.raises(Invalid) as bad:
        services.parse_period("2026-06", "2026-01", today=today)
    assert "sampai" in bad.value.errors
    with pytest.raises(Invalid) as bad:
        services.parse_period("2025-01", "2026-06", today=today)
    assert "sampai" in bad.value.errors
    assert services.parse_period("", "", today=today) == month("2026-12")
    with pytest.raises(Invalid) as bad:
        services.register_file(world["A"].users["nakes"], world["A"].puskesmas, "kohort-kucing", month("2026-11"))
    assert "jenis" in bad.value.errors


# ------------------------------------------------------------------------------- monthly report

def test_the_monthly_report_counts_by_desa_for_each_cluster(recorded, world):
    a = recorded["place"]
    june = monthly.build(a.users["nakes"], a.puskesmas, month("2026-06"))
    names = [d.name for d in june.desa]  # the kecamatan's desa (the Puskesmas's wilayah kerja) by name
    assert names == sorted(names) and {"Palangan", "Hanjalipan"} <= set(names)

    def count(report, table_title, column, desa="Palangan"):
        table = next(t for s in report.sections for t in s.tables if t.title == table_title)
        return dict(table.rows)[desa][table.columns.index(column)]

    assert count(june, "Ibu hamil, bersalin dan nifas", "Persalinan") == 1
    assert count(june, "Ibu hamil, bersalin dan nifas", "Persalinan di fasyankes") == 1
    assert count(june, "Ibu hamil, bersalin dan nifas", "KF1") == 1
    assert count(june, "Bayi dan balita", "Lahir hidup") == 1 and count(june, "Bayi dan balita", "BBLR") == 1
    assert count(june, "Bayi dan balita", "Lahir hidup", desa="Hanjalipan") == 0
    november = monthly.build(a.users["nakes"], a.puskesmas, month("2026-11"))
    assert count(november, "Usia dewasa (15 tahun ke atas)", "TD tinggi") == 1
    assert count(november, "Usia dewasa (15 tahun ke atas)", "Gula darah: hiperglikemia/diabetes") == 1
    assert count(november, "Lansia (60 tahun ke atas)", "Lansia dilayani") == 1
    assert count(november, "Lansia (60 tahun ke atas)", "TD tinggi (lansia)") == 1
    assert count(november, "Tuberkulosis", "Terduga TBC") == 1
    assert count(november, "Penyakit menular wajib lapor (kasus)", "Demam berdarah dengue (DBD)") == 1
    october = monthly.build(a.users["nakes"], a.puskesmas, month("2025-10"))
    assert count(october, "Ibu hamil, bersalin dan nifas", "K1") == 1
    assert count(october, "Ibu hamil, bersalin dan nifas", "Bumil KEK") == 1
    assert count(october, "Imunisasi (dosis diberikan)", "Td") == 1


def pdf_pages(content: bytes, name: str) -> list[Path]:
    """Render every page to PNG at 80 dpi into test-output/screenshots/report-<name>-<n>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob(f"report-{name}-*.png"):
        old.unlink()
    source = SCREENSHOTS / f"report-{name}.pdf"
    source.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(source), str(SCREENSHOTS / f"report-{name}")], check=True)
    source.unlink()
    return sorted(SCREENSHOTS.glob(f"report-{name}-*.png"))


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def test_the_monthly_report_shows_the_stored_pws_coverage_of_each_desa(recorded):
    """The PWS table reads the monitoring app's stored values; before any refresh it says there are none."""
    from siklus.core.actors import system
    from siklus.monitoring import facts, refresh

    a = recorded["place"]
    (pws,) = monthly.build(a.users["nakes"], a.puskesmas, month("2026-06")).sections[0].tables
    assert pws.columns == [] and "belum dihitung" in pws.note
    facts.rebuild("62.02")
    refresh.refresh(system("test"), [2026], indicators=["k1", "pf"])
    (pws,) = monthly.build(a.users["nakes"], a.puskesmas, month("2026-06")).sections[0].tables
    palangan = dict(pws.rows)["Palangan"]
    stored = {r["indicator"]: r["value"] for r in monitoring_values(a, "2026-06")}
    assert palangan[monthly.PWS_INDICATORS.index("pf")] == round(stored["pf"], 1)
    assert palangan[monthly.PWS_INDICATORS.index("k6")] == ""  # not computed: left blank


def monitoring_values(a, period):
    from siklus.monitoring import queries

    return queries.values(a.users["nakes"], ["k1", "pf"], a.desa.code, "desa", [period])


@needs_poppler
def test_the_monthly_report_pdf_renders_with_the_month_in_indonesian(recorded, client_for):
    a = recorded["place"]
    response = client_for(a.users["kepala"]).get(reverse("report_monthly", kwargs={"pk": a.puskesmas.pk}),
                                                 {"bulan": "2026-11"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "LAPORAN BULANAN" in text and "Puskesmas A" in text and "November 2026" in text
    assert "Klaster 2" in text and "Klaster 3" in text and "Klaster 4" in text and "Palangan" in text
    pages = pdf_pages(response.content, "monthly")
    assert len(pages) >= 2 and all(p.stat().st_size > 10_000 for p in pages)


def test_numbers_in_the_report_use_indonesian_grouping():
    from siklus.reports.pdf import number

    assert number(12345) == "12.345" and number(7) == "7"


# ------------------------------------------------------------------------------------ Buku KIA

@needs_poppler
def test_the_buku_kia_page_draws_the_growth_chart_and_the_immunization_table(recorded, client_for):
    a = recorded["place"]
    response = client_for(a.users["pustu"]).get(reverse("report_kia", kwargs={"pk": a.child.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "BUKU KIA" in text and "Anak Warga A" in text and "Ibu Warga A" in text
    assert "Median" in text and "+1 SD (garis oranye)" in text  # the WHO curves' labels
    assert "03/02/25" in text and "01/03/25" in text  # HB0 and BCG in their Buku KIA columns
    assert "umur yang tepat" in text and "imunisasi kejar" in text
    (page,) = pdf_pages(response.content, "buku-kia")
    assert page.stat().st_size > 20_000


def test_the_person_page_links_a_young_childs_buku_kia_only(world, client_for):
    a = world["A"]
    client = client_for(a.users["kader"])
    url = reverse("report_kia", kwargs={"pk": a.child.pk})
    assert url in client.get(reverse("person", kwargs={"pk": a.child.pk})).content.decode()
    assert reverse("report_kia", kwargs={"pk": a.mother.pk}) not in client.get(
        reverse("person", kwargs={"pk": a.mother.pk})).content.decode()


# ------------------------------------------------------------------------------- access and audit

def test_another_areas_user_finds_neither_the_facility_nor_the_child(world, client_for):
    a = world["A"]
    for key, role in (("B", "kader"), ("B", "pustu"), ("C", "nakes"), ("C", "dinkes_kab")):
        client = client_for(world[key].users[role])
        for url in (reverse("facility_reports", kwargs={"pk": a.posyandu.pk}),
                    reverse("report_register", kwargs={"pk": a.posyandu.pk}) + "?jenis=kohort-balita",
                    reverse("report_monthly", kwargs={"pk": a.posyandu.pk}),
                    reverse("report_kia", kwargs={"pk": a.child.pk})):
            assert client.get(url).status_code == 404, (key, role, url)


def test_a_register_download_is_one_export_event_naming_its_persons(recorded, client_for):
    a = recorded["place"]
    last = AuditEvent.objects.order_by("-pk").first().pk
    response = client_for(a.users["kader"]).get(reverse("report_register", kwargs={"pk": a.posyandu.pk}), {
        "jenis": "kohort-balita", "dari": "2026-06", "sampai": "2026-07"}, REMOTE_ADDR="10.4.5.6")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    (event,) = AuditEvent.objects.filter(pk__gt=last)
    assert (event.action, event.user, event.channel, event.ip_address) == (
        Action.EXPORT, a.users["kader"], "web", "10.4.5.6")
    assert event.changes["what"] == "register:kohort-balita"
    assert {str(a.child.pk), str(recorded["baby"].pk)} <= set(event.changes["ids"])
    assert event.changes["count"] == len(sheet_rows(response.content)[3])


def test_a_wrong_period_is_shown_at_its_field(world, client_for):
    a = world["A"]
    response = client_for(a.users["kader"]).get(reverse("report_register", kwargs={"pk": a.posyandu.pk}), {
        "jenis": "kohort-ibu", "dari": "2026-06", "sampai": "2026-01"})
    assert response.status_code == 400
    assert "Bulan akhir tidak boleh sebelum bulan awal." in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_the_facility_page_links_its_registers_and_reports(world, client_for):
    a = world["A"]
    page = client_for(a.users["kader"]).get(reverse("facility", kwargs={"pk": a.posyandu.pk})).content.decode()
    assert reverse("facility_reports", kwargs={"pk": a.posyandu.pk}) in page
    reports = client_for(a.users["kader"]).get(reverse("facility_reports", kwargs={"pk": a.posyandu.pk}))
    assert reports.status_code == 200 and "Kohort Ibu" in reports.content.decode()


# ------------------------------------------------------------------------------------- command

def test_the_report_command_writes_the_files_and_audits_them_as_the_system(recorded, tmp_path):
    from django.core.management import CommandError, call_command

    a = recorded["place"]
    target = tmp_path / "kohort.xlsx"
    call_command("report", "register", "--fasilitas", str(a.puskesmas.pk), "--jenis", "kohort-ibu",
                 "--dari", "2026-06", "-o", str(target))
    assert [r["Nama"] for r in sheet_rows(target.read_bytes())[3]] == ["Ibu Warga A"]
    event = AuditEvent.objects.filter(action=Action.EXPORT).latest("pk")
    assert (event.username, event.changes["ids"]) == ("system:report", [str(a.mother.pk)])
    call_command("report", "bulanan", "--fasilitas", str(a.puskesmas.pk), "--bulan", "2026-11",
                 "-o", str(tmp_path / "bulanan.pdf"))
    call_command("report", "kia", "--penduduk", str(a.child.pk), "-o", str(tmp_path / "kia.pdf"))
    assert (tmp_path / "bulanan.pdf").read_bytes()[:4] == b"%PDF" == (tmp_path / "kia.pdf").read_bytes()[:4]
    with pytest.raises(CommandError, match="TTTT-BB"):
        call_command("report", "bulanan", "--fasilitas", str(a.puskesmas.pk), "--bulan", "November",
                     "-o", str(tmp_path / "x.pdf"))
