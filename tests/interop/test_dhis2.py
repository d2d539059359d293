"""DHIS2 aggregate reporting (issue #15 item 4): a month's stored indicator values become a
``dataValueSets`` payload under a versioned mapping, and are pushed to a DHIS2 server with basic
auth — here the local stand-in of :mod:`tests.interop.fake_dhis2`, since no DHIS2 is reachable.
"""

import json
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from siklus.core.errors import Invalid
from siklus.interop import dhis2, dhis2_mapping
from siklus.interop.dhis2_client import Dhis2Client, Dhis2Error, ImportSummary, conflicts_by_value
from siklus.monitoring.models import IndicatorValue
from tests.conftest import DESA, JOB
from tests.interop.fake_dhis2 import DEFAULT_COC, FakeDhis2

KAB = "62.02"
# Made-up DHIS2 UIDs (11 characters, a letter first).
DS_MONTH, DS_YEAR = "dsPwsBulan1", "dsSpmTahun1"
KEC = "62.02.01"
OU = {KAB: "ouKotim0001", KEC: "ouKotaBesi1", DESA["A"]: "ouPalangan1", DESA["B"]: "ouHanjalip1", DESA["C"]: "ouCandi0001"}
DE = {"k1_n": "deK1Numer01", "k1_d": "deK1Denom01", "st_n": "deStuntNum1", "st_d": "deStuntDen1",
      "st_v": "deStuntPct1", "mr1_n": "deMr1Numer1", "spm_n": "deSpmHtNum1"}
COC_L = "cocLakiLak1"


def mapping_data(**changes) -> dict:
    data = {
        "format": "siklus-dhis2-mapping/1", "version": "uji-1", "dataSet": {"month": DS_MONTH, "year": DS_YEAR},
        "orgUnits": {"areas": {code: uid for code, uid in OU.items()}},
        "indicators": {
            "k1": {"numerator": {"dataElement": DE["k1_n"]}, "denominator": {"dataElement": DE["k1_d"]}},
            "gizi_stunting": {"numerator": {"dataElement": DE["st_n"]}, "denominator": {"dataElement": DE["st_d"]},
                              "value": {"dataElement": DE["st_v"]}},
            "imm_mr1": {"numerator": {"dataElement": DE["mr1_n"], "categoryOptionCombo": COC_L}},
            "spm_hipertensi": {"numerator": {"dataElement": DE["spm_n"]}},
        },
    }
    data.update(changes)
    return data


def store(indicator, unit, period, numerator, denominator=None, value=None, level=None):
    from siklus.monitoring.queries import level_of

    IndicatorValue.objects.create(indicator=indicator, level=level or level_of(unit), unit=unit, area_code=unit,
                                  period=period, numerator=numerator, denominator=denominator, value=value,
                                  computed_at=datetime(2025, 12, 1, tzinfo=UTC))


@pytest.fixture
def values(world):
    """November 2025 (and October, for the month's own count of cumulative K1) in desa A and B,
    the kabupaten, and desa C of another kabupaten."""
    for desa, (k1_oct, k1_nov) in {DESA["A"]: (25, 30), DESA["B"]: (7, 7), DESA["C"]: (3, 4)}.items():
        store("k1", desa, "2025-10", k1_oct, 40, k1_oct / 40 * 100)
        store("k1", desa, "2025-11", k1_nov, 40, k1_nov / 40 * 100)
    store("k1", KAB, "2025-10", 32, 80, 40.0)
    store("k1", KAB, "2025-11", 37, 80, 46.25)
    # Stunting is a prevalence of the month: sent as stored, the percent with two decimals.
    store("gizi_stunting", DESA["A"], "2025-11", 2, 12, 16.666666666)
    store("gizi_stunting", DESA["B"], "2025-11", 0, 0, None)
    store("gizi_stunting", KAB, "2025-11", 2, 12, 16.666666666)
    # MR1: nothing counted in desa B (refresh stores no row); no kecamatan figures computed at all.
    store("imm_mr1", DESA["A"], "2025-11", 3, 20, 15.0)
    store("imm_mr1", DESA["A"], "2025-10", 1, 20, 5.0)
    store("imm_mr1", KAB, "2025-11", 3, 40, 7.5)
    store("imm_mr1", KAB, "2025-10", 1, 40, 2.5)
    store("spm_hipertensi", DESA["A"], "2025", 11, 50, 22.0)
    return world


@pytest.fixture
def server():
    fake = FakeDhis2().start()
    fake.add_metadata(data_set=DS_MONTH, data_elements=[DE[k] for k in ("k1_n", "k1_d", "st_n", "st_d", "st_v", "mr1_n")],
                      category_option_combos=[COC_L], org_units=OU.values())
    fake.add_metadata(data_set=DS_YEAR, data_elements=[DE["spm_n"]])
    yield fake
    fake.stop()


def client_for(server, password="district", **kw):
    kw.setdefault("sleep", lambda seconds: None)
    return Dhis2Client(server.url, "admin", password, **kw)


def by_cell(payload):
    return {(v["dataElement"], v["orgUnit"]): v for v in payload["dataValues"]}


# ------------------------------------------------------------------------------------ the mapping

def test_the_shipped_example_mapping_loads():
    mapping = dhis2_mapping.load(dhis2_mapping.EXAMPLE)
    assert mapping.version and mapping.indicators["k1"]["numerator"].mode == "month"
    assert mapping.indicators["k1"]["denominator"].mode == "stored"
    assert mapping.periods["spm_hipertensi"] == "year"


def test_a_wrong_mapping_is_refused_with_every_problem_named():
    data = mapping_data()
    data["indicators"]["k1"]["numerator"]["dataElement"] = "123"  # not a UID
    data["indicators"]["tidak_ada"] = {"numerator": {"dataElement": "deUnknown01"}}
    data["indicators"]["ptm_hipertensi"] = {"numerator": {"dataElement": "deHtFound01"},
                                            "denominator": {"dataElement": "deHtDenom01"}}  # it has none
    data["indicators"]["gizi_wasting"] = {"numerator": {"dataElement": DE["st_n"]}}  # taken by stunting
    data["indicators"]["uci_desa"] = {"period": "month", "numerator": {"dataElement": "deUciDesa01"}}
    data["indicators"]["gizi_buruk"] = {"value": {"dataElement": "deBurukPct1", "mode": "month"}}
    with pytest.raises(dhis2_mapping.MappingError) as refused:
        dhis2_mapping.parse(data)
    text = "\n".join(refused.value.problems)
    for expected in ("indicators.k1.numerator.dataElement: UID DHIS2 tidak valid", "'tidak_ada' tidak ada di katalog",
                     "ptm_hipertensi.denominator: indikator ini tidak punya penyebut",
                     "gizi_wasting.numerator: dataElement dan categoryOptionCombo sudah dipakai",
                     "uci_desa.period", "gizi_buruk.value: mode 'month'", "gizi_buruk: numerator wajib"):
        assert expected in text
    with pytest.raises(dhis2_mapping.MappingError, match="bukan JSON"):
        dhis2_mapping.load(__file__)


# ------------------------------------------------------------------------------------ the payload

def test_a_month_becomes_a_data_value_set_of_every_mapped_indicator_and_org_unit(values):
    mapping = dhis2_mapping.parse(mapping_data())
    result = dhis2.export(JOB, mapping, KAB, "202511")
    payload = result.payload
    assert (payload["dataSet"], payload["period"]) == (DS_MONTH, "202511") and payload["completeDate"]
    cells = by_cell(payload)
    # K1 is cumulative from January: the month's own count is November minus October; the sasaran as stored.
    assert cells[(DE["k1_n"], OU[DESA["A"]])]["value"] == "5"
    assert cells[(DE["k1_n"], OU[DESA["B"]])]["value"] == "0"
    assert cells[(DE["k1_n"], OU[KAB])]["value"] == "5"
    assert cells[(DE["k1_d"], OU[DESA["A"]])]["value"] == "40"
    # A prevalence is the month's own: numerator, denominator and percent with a dot and two decimals.
    assert [cells[(DE[k], OU[DESA["A"]])]["value"] for k in ("st_n", "st_d", "st_v")] == ["2", "12", "16.67"]
    # The mapped category option combo, the default one elsewhere; every value carries its period.
    assert cells[(DE["mr1_n"], OU[DESA["A"]])]["categoryOptionCombo"] == COC_L
    assert cells[(DE["k1_n"], OU[DESA["A"]])]["categoryOptionCombo"] == DEFAULT_COC
    assert {v["period"] for v in payload["dataValues"]} == {"202511"}
    assert all(isinstance(v["value"], str) for v in payload["dataValues"])
    # Desa C lies in another kabupaten; the yearly SPM indicator is not a monthly value.
    assert OU[DESA["C"]] not in {v["orgUnit"] for v in payload["dataValues"]}
    assert DE["spm_n"] not in {v["dataElement"] for v in payload["dataValues"]}
    # A desa that counted nothing has no stored row: it is a zero where the indicator was computed.
    assert cells[(DE["mr1_n"], OU[DESA["B"]])]["value"] == "0"
    # What is not sent is said: no kecamatan figures at all, stunting percent of B without a denominator.
    problems = "\n".join(result.problems)
    assert f"imm_mr1 {KEC}: belum ada nilai tersimpan untuk 2025-11" in problems
    assert OU[KEC] not in {v["orgUnit"] for v in payload["dataValues"]}
    assert f"gizi_stunting {DESA['B']}: value kosong" in problems
    assert "idl" in result.unmapped_indicators and "k1" not in result.unmapped_indicators
    assert result.sources[0][0] in mapping.indicators and len(result.sources) == len(payload["dataValues"])


def test_units_with_values_but_no_org_unit_are_reported(values):
    data = mapping_data()
    del data["orgUnits"]["areas"][DESA["B"]]
    result = dhis2.export(JOB, dhis2_mapping.parse(data), KAB, "2025-11")
    assert result.unmapped_units == {"desa": [DESA["B"]]}


def test_a_month_count_needs_the_previous_month_and_is_never_negative(values):
    mapping = dhis2_mapping.parse(mapping_data())
    store("k1", DESA["A"], "2025-12", 29, 40, 72.5)  # one fewer than November: a person moved out?
    store("k1", DESA["B"], "2026-02", 9, 41, 22.0)  # January was not computed
    store("k1", DESA["B"], "2026-01", 6, 41, 14.6)

    december = dhis2.export(JOB, mapping, DESA["A"], "202512")
    assert f"k1 {DESA['A']}: numerator bulan ini negatif (-1)" in "\n".join(december.problems)
    assert DE["k1_n"] not in {v["dataElement"] for v in december.values}
    assert by_cell(december.payload)[(DE["k1_d"], OU[DESA["A"]])]["value"] == "40"
    # December was computed: the indicators without a stored row there counted zero.
    assert by_cell(december.payload)[(DE["st_n"], OU[DESA["A"]])]["value"] == "0"

    IndicatorValue.objects.filter(indicator="k1", unit=DESA["B"], period="2026-01").delete()
    february = dhis2.export(JOB, mapping, DESA["B"], "202602")
    assert f"k1 {DESA['B']}: nilai 2026-01 tidak ada" in "\n".join(february.problems)
    assert DE["k1_n"] not in {v["dataElement"] for v in february.values}

    store("k1", DESA["B"], "2026-01", 6, 41, 14.6)
    january = dhis2.export(JOB, mapping, DESA["B"], "202601")  # January: the stored figure is the month's
    assert by_cell(january.payload)[(DE["k1_n"], OU[DESA["B"]])]["value"] == "6"
    assert january.payload["orgUnit"] == OU[DESA["B"]]


def test_a_year_sends_the_yearly_indicators(values):
    result = dhis2.export(JOB, dhis2_mapping.parse(mapping_data()), DESA["A"], "2025")
    assert result.payload["dataSet"] == DS_YEAR and result.payload["period"] == "2025"
    assert [(v["dataElement"], v["value"]) for v in result.values] == [(DE["spm_n"], "11")]


def test_a_facility_is_an_org_unit_by_its_code(values):
    puskesmas = values["A"].puskesmas
    puskesmas.code = "P6202010101"
    puskesmas.save()
    store("gizi_stunting", str(puskesmas.pk), "2025-11", 4, 30, 13.3333, level="puskesmas")
    IndicatorValue.objects.filter(unit=str(puskesmas.pk)).update(area_code=puskesmas.area_code)
    data = mapping_data(orgUnits={"facilities": {"P6202010101": "ouPkmA00001", "P0000000000": "ouGone00001"}})
    result = dhis2.export(JOB, dhis2_mapping.parse(data), KAB, "202511")
    assert by_cell(result.payload)[(DE["st_v"], "ouPkmA00001")]["value"] == "13.33"
    assert any("P0000000000" in p for p in result.problems)


@pytest.mark.parametrize("figure,text", [(12.0, "12"), (83.333333, "83.33"), (0.5, "0.5"), (1e-9, "0"),
                                         (1234567.0, "1234567"), (-0.0, "0"), (99.999, "100")])
def test_figures_are_written_as_dhis2_takes_them(figure, text):
    assert dhis2.number(figure, 2) == text


@pytest.mark.parametrize("text", ["2025-13", "25", "202511x", "1999"])
def test_a_bad_period_is_refused_at_its_field(text):
    with pytest.raises(Invalid) as refused:
        dhis2.parse_period(text)
    assert "period" in refused.value.errors


def test_only_who_may_see_the_area_exports_it(values):
    mapping = dhis2_mapping.parse(mapping_data())
    with pytest.raises(PermissionError):
        dhis2.export(None, mapping, KAB, "202511")
    with pytest.raises(PermissionError):
        dhis2.export(values["A"].users["kader"], mapping, KAB, "202511")
    with pytest.raises(PermissionError):  # Dinkes of Kotawaringin Barat
        dhis2.export(values["C"].users["dinkes_kab"], mapping, KAB, "202511")
    with pytest.raises(PermissionError):
        dhis2.push(None, mapping, KAB, {"dataValues": []}, Dhis2Client("https://x.example.id", "a", "b"))
    with pytest.raises(PermissionError):
        dhis2.record_export(None, dhis2.export(JOB, mapping, KAB, "202511"), where="file")
    assert dhis2.export(values["A"].users["dinkes_kab"], mapping, KAB, "202511").values


# ------------------------------------------------------------------------------------ the push

def test_a_month_round_trips_through_dhis2_with_every_value_intact(values, server):
    """Done when (issue #15): push, then read back and compare value by value."""
    mapping = dhis2_mapping.parse(mapping_data())
    result = dhis2.export(JOB, mapping, KAB, "202511")
    sent = result.values
    pushed = dhis2.push(JOB, mapping, KAB, result.payload, client_for(server), verify=True)
    assert pushed.summary.ok and (pushed.summary.imported, pushed.summary.ignored) == (len(sent), 0)
    assert pushed.differences == []
    back = Dhis2Client(server.url, "admin", "district").get_data_values(
        period="202511", org_units=list(OU.values()), data_set=DS_MONTH)
    assert len(back) == len(sent)
    stored = {(v["dataElement"], v["categoryOptionCombo"], v["orgUnit"], v["period"]): v["value"] for v in back}
    for value in sent:
        assert stored[(value["dataElement"], value["categoryOptionCombo"], value["orgUnit"], value["period"])] == value["value"]
    from siklus.audit.models import AuditEvent

    event = AuditEvent.objects.get(action="export", changes__what="dhis2-push")
    assert (event.area_code, event.changes["server"], event.changes["imported"]) == (KAB, server.url + "/api", len(sent))
    assert "district" not in json.dumps(event.changes)
    # Sending the month again updates, imports nothing twice.
    again = dhis2.push(JOB, mapping, KAB, result.payload, client_for(server))
    assert (again.summary.imported, again.summary.updated) == (0, len(sent))


def test_a_dry_run_counts_and_stores_nothing(values, server):
    mapping = dhis2_mapping.parse(mapping_data())
    result = dhis2.export(JOB, mapping, KAB, "202511")
    pushed = dhis2.push(JOB, mapping, KAB, result.payload, client_for(server), dry_run=True)
    assert pushed.summary.dry_run and pushed.summary.imported == len(result.values)
    assert server.values == {}


def test_unknown_uids_are_reported_per_value(values, server):
    data = mapping_data()
    data["indicators"]["k1"]["numerator"]["dataElement"] = "deNotInDhis"
    mapping = dhis2_mapping.parse(data)
    server.category_option_combos.discard(COC_L)
    result = dhis2.export(JOB, mapping, KAB, "202511")
    pushed = dhis2.push(JOB, mapping, KAB, result.payload, client_for(server))
    assert not pushed.summary.ok
    assert pushed.summary.ignored == 3 + 3  # K1 and MR1 of A, B and the kabupaten
    about = {(value["dataElement"], value["orgUnit"]): str(conflict) for value, conflict in pushed.conflicts}
    assert "Data element not found or not accessible" in about[("deNotInDhis", OU[DESA["A"]])]
    assert "[E7610]" in about[("deNotInDhis", OU[KAB])]
    assert "Category option combo not found" in about[(DE["mr1_n"], OU[DESA["A"]])]
    assert pushed.summary.imported == len(result.values) - 6


def test_bad_credentials_say_so(values, server):
    with pytest.raises(Dhis2Error, match="menolak nama pengguna atau kata sandi admin") as refused:
        client_for(server, password="salah").post_data_values({"dataValues": []})
    assert refused.value.status == 401 and "salah" not in str(refused.value)
    assert len(server.requests) == 1  # a wrong password is not tried again


def test_a_5xx_is_tried_again_with_backoff_then_given_up(server):
    waits: list[float] = []
    server.fail_next(503, 502)
    summary = client_for(server, sleep=waits.append).post_data_values({"dataValues": []})
    assert summary.ok and waits == [2.0, 4.0]
    server.fail_next(503, 503, 503, 503)
    with pytest.raises(Dhis2Error, match="setelah 4 percobaan: HTTP 503: database unavailable"):
        client_for(server, sleep=waits.append).post_data_values({"dataValues": []})


def test_an_unreachable_server_is_tried_again_then_given_up():
    waits: list[float] = []
    client = Dhis2Client("http://127.0.0.1:9", "admin", "district", sleep=waits.append, attempts=2, timeout=2)
    with pytest.raises(Dhis2Error, match="tidak menjawab") as refused:
        client.post_data_values({"dataValues": []})
    assert refused.value.retryable and waits == [2.0]


def test_the_password_does_not_travel_over_plain_http():
    with pytest.raises(Dhis2Error, match="https"):
        Dhis2Client("http://dhis2.dinkes.example.id", "admin", "district")
    assert Dhis2Client("https://dhis2.dinkes.example.id/", "a", "b").api == "https://dhis2.dinkes.example.id/api"
    assert Dhis2Client("https://x.example.id/dhis/api", "a", "b").api == "https://x.example.id/dhis/api"


def test_an_older_dhis2_import_summary_is_read_too():
    """Before 2.36 the summary is not wrapped and conflicts carry no indexes."""
    summary = ImportSummary.from_json({
        "responseType": "ImportSummary", "status": "WARNING", "importCount": {"imported": 1, "updated": 0, "ignored": 1},
        "conflicts": [{"object": "ouUnknown01", "value": "Org unit not found or not accessible"}]})
    values = [{"dataElement": "deA00000001", "orgUnit": "ouKnown0001", "value": "1"},
              {"dataElement": "deA00000001", "orgUnit": "ouUnknown01", "value": "2"}]
    assert (summary.imported, summary.ignored, summary.ok) == (1, 1, False)
    assert [value["value"] for value, _conflict in conflicts_by_value(values, summary)] == ["2"]


def test_a_payload_cannot_write_outside_the_area(values, server):
    mapping = dhis2_mapping.parse(mapping_data())
    payload = {"period": "202511", "dataValues": [{"dataElement": DE["k1_n"], "orgUnit": OU[DESA["C"]],
                                                   "period": "202511", "value": "1"}]}
    with pytest.raises(Invalid, match="ouCandi0001 bukan bagian wilayah 62.02"):
        dhis2.push(JOB, mapping, KAB, payload, client_for(server))
    assert server.posts == []
    with pytest.raises(PermissionError):  # a nakes manages no exchange
        dhis2.push(values["A"].users["nakes"], mapping, DESA["A"], payload, client_for(server))


# ------------------------------------------------------------------------------------ the command

@pytest.fixture
def mapping_file(tmp_path):
    path = tmp_path / "dhis2-mapping.json"
    path.write_text(json.dumps(mapping_data()))
    return path


def test_siklus_dhis2_export_writes_the_payload(values, mapping_file, tmp_path, capsys):
    out = tmp_path / "payload.json"
    call_command("dhis2", "export", "--mapping", str(mapping_file), "--area", KAB, "--period", "202511", "-o", str(out))
    payload = json.loads(out.read_text())
    assert payload["period"] == "202511" and payload["dataValues"]
    err = capsys.readouterr().err
    assert f"{len(payload['dataValues'])} nilai, periode 202511" in err and "tidak dikirim: imm_mr1" in err
    from siklus.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action="export").latest("pk")
    assert event.changes["what"] == "dhis2" and event.changes["mapping"] == "uji-1"


def test_siklus_dhis2_push_sends_checks_and_reports(values, server, mapping_file, monkeypatch, capsys):
    monkeypatch.setenv("DHIS2_PASSWORD", "district")
    args = ["dhis2", "push", "--mapping", str(mapping_file), "--area", KAB, "--period", "202511", "--url", server.url,
            "--user", "admin", "--password-env", "DHIS2_PASSWORD"]
    call_command(*args, "--dry-run")
    assert "uji coba (dryRun): SUCCESS" in capsys.readouterr().out and server.values == {}
    call_command(*args, "--verify")
    out = capsys.readouterr().out
    assert "SUCCESS" in out and "nilai tersimpan di DHIS2 sama dengan yang dikirim" in out
    server.data_elements.discard(DE["k1_n"])
    with pytest.raises(CommandError, match="3 konflik"):
        call_command(*args)
    assert f"konflik: k1 numerator {DESA['A']} → {DE['k1_n']}" in capsys.readouterr().err
    monkeypatch.setenv("DHIS2_PASSWORD", "salah")
    with pytest.raises(CommandError, match="menolak nama pengguna atau kata sandi"):
        call_command(*args)
    with pytest.raises(CommandError, match="TIDAK_ADA kosong"):
        call_command(*args[:-1], "TIDAK_ADA")


def test_siklus_dhis2_push_sends_a_reviewed_file(values, server, mapping_file, tmp_path, monkeypatch):
    out = tmp_path / "payload.json"
    call_command("dhis2", "export", "--mapping", str(mapping_file), "--area", KAB, "--period", "202511", "-o", str(out))
    monkeypatch.setenv("DHIS2_PASSWORD", "district")
    call_command("dhis2", "push", "--mapping", str(mapping_file), "--area", KAB, "--file", str(out), "--url", server.url,
                 "--user", "admin", "--password-env", "DHIS2_PASSWORD")
    assert len(server.values) == len(json.loads(out.read_text())["dataValues"])


def test_siklus_dhis2_without_a_mapping_points_to_the_example(monkeypatch, db):
    monkeypatch.delenv("SIKLUS_DHIS2_MAPPING", raising=False)
    with pytest.raises(CommandError, match="dhis2_mapping.example.json"):
        call_command("dhis2", "check")
