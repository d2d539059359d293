"""One vocabulary (issue #8 item 3): every code the due engine, care and synth use is defined once,
in siklus.rules.codes, with an Indonesian label that has an English translation, LOINC codes that
are well formed (mod-10 check digit), UCUM units and ICD-10 codes."""

import ast
import re
import sys
from pathlib import Path

import pytest

from siklus.rules import codes, config, due, immunization
from siklus.rules.screening import schedule

ROOT = Path(__file__).resolve().parents[2]
SYNTH_HISTORY = ROOT / "src" / "siklus" / "synth" / "history.py"


# ------------------------------------------------------------------------ what the others use


def test_every_history_service_code_of_the_due_engine_is_a_service():
    """rules.due.SERVICES and every code due.service_codes() accepts, with the same strings."""
    for code in (*due.SERVICES, *due.service_codes()):
        assert codes.get(code, codes.SERVICE).code == code


def test_every_screening_schedule_item_is_a_service():
    for edition in schedule.SCREENING_ITEMS.editions:
        for item in edition.value:
            assert codes.exists(item.code, codes.SERVICE), item.code


def test_every_condition_of_the_due_engine_is_a_condition():
    assert {c.code for c in codes.of_kind(codes.CONDITION)} >= set(due.CONDITIONS)


def test_doses_are_the_immunization_schedules_own_every_edition():
    """Dose codes and labels come from rules.immunization (not redefined): HPV2 of the older
    schedule stays a code for history; Td of WUS/ibu hamil is the one dose code added here."""
    expected = {}
    for edition in immunization.SCHEDULE.editions:
        for rule in (*edition.value.doses, *edition.value.school):
            expected[rule.code] = rule.label
    found = {c.code: c.label for c in codes.of_kind(codes.DOSE)}
    assert {k: v for k, v in found.items() if k != "Td"} == expected
    assert "HPV2" in found and "Td" in found


def _synth_calls():
    """(method name, positional string arguments) of every self.<method>(...) call in synth/history.py."""
    tree = ast.parse(SYNTH_HISTORY.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.func.value.id == "self":
            yield node.func.attr, [a.value if isinstance(a, ast.Constant) else None for a in node.args]


def test_every_code_synth_writes_is_in_the_vocabulary():
    observations, kinds, places = set(), set(), set()
    for name, args in _synth_calls():
        if name == "observation":
            observations.add(args[3])
            assert args[5] == codes.get(args[3], codes.OBSERVATION).unit, args  # the stored unit
            assert not args[6] or args[6] in codes.get(args[3], codes.OBSERVATION).method_codes, args
        elif name == "classify":
            observations.add(args[2])
        elif name == "encounter":
            kinds.add(args[2])
            places.add(args[3])
    observations.discard(None)
    places.discard(None)  # a variable: "puskesmas"/"rumah"/"posyandu", the constants below
    assert {"weight", "length_height", "zwfl", "muac", "sbp", "dbp", "glucose_fasting", "tb_symptoms",
            "adl_score", "skilas_positive_domains"} <= observations
    for code in observations:
        codes.get(code, codes.OBSERVATION)
    assert {"posyandu", "anc", "persalinan", "kf", "kn", "imunisasi", "skrining", "kontrol"} <= kinds
    for kind in kinds:
        codes.get(kind, codes.ENCOUNTER)
    for place in places | {"puskesmas", "rumah", "posyandu"}:
        codes.get(place, codes.PLACE)


def test_synth_names_no_category_of_its_own():
    text = SYNTH_HISTORY.read_text()
    for name in ("TB_CATEGORIES", "terduga", "classify_adult_bp", "classify_glucose", "classify_adl", "assess("):
        assert name not in text, name


# ---------------------------------------------------------------------------------- lookups


def test_get_and_label_by_kind_and_unknown_codes_raise():
    assert codes.get("sbp").loinc == "8480-6"
    assert codes.label("hipertensi") == "Hipertensi"
    assert codes.get("posyandu", codes.PLACE).label == "Posyandu"
    assert codes.get("posyandu", codes.ENCOUNTER).label == "Hari buka Posyandu"
    with pytest.raises(codes.UnknownCode, match="several kinds"):
        codes.get("posyandu")  # a place and an encounter kind
    with pytest.raises(codes.UnknownCode):
        codes.get("berat_badan")
    with pytest.raises(KeyError):
        codes.label("sbp", codes.DOSE)
    with pytest.raises(codes.UnknownCode):
        codes.of_kind("prosedur")


def test_codes_are_unique_within_their_kind_and_every_kind_is_filled():
    seen = set()
    for c in codes.every():
        assert (c.kind, c.code) not in seen
        seen.add((c.kind, c.code))
    assert all(codes.of_kind(kind) for kind in codes.KINDS)
    assert codes.choices(codes.PLACE)[0] == ("posyandu", "Posyandu")


# ---------------------------------------------------------------------------- LOINC and UCUM


@pytest.mark.parametrize("code, ok", [
    ("8480-6", True), ("8462-4", True), ("29463-7", True), ("718-7", True), ("4548-4", True),
    ("8480-7", False), ("29463-1", False), ("718-8", False), ("8480", False), ("8480-66", False), ("", False),
])
def test_loinc_check_digit(code, ok):
    """LOINC's mod-10 check digit: a one-digit typo in any of the codes is caught."""
    assert codes.loinc_check_digit_ok(code) is ok


def test_every_loinc_code_is_well_formed():
    found = list(codes.loinc_codes())
    assert len(found) >= 15
    for observation, loinc in found:
        assert codes.loinc_check_digit_ok(loinc), (observation, loinc)


@pytest.mark.parametrize("code, method, loinc", [
    ("weight", "", "29463-7"), ("length_height", "h", "8302-2"), ("length_height", "l", "8306-3"),
    ("length_height", "", ""), ("head_circumference", "", "9843-4"), ("muac", "", "56072-2"),
    ("waist", "", "8280-0"), ("sbp", "", "8480-6"), ("dbp", "", "8462-4"), ("bmi", "", "39156-5"),
    ("hb", "", "718-7"), ("glucose_random", "glukometer", "41653-7"), ("glucose_random", "laboratorium", "2345-7"),
    ("glucose_fasting", "glukometer", "1556-0"), ("glucose_fasting", "laboratorium", "1558-6"),
    ("hba1c", "", "4548-4"),
    # no LOINC code known for sure: left empty, not guessed
    ("adl_score", "", ""), ("skilas_positive_domains", "", ""), ("srq20_score", "", ""), ("puma_score", "", ""),
    ("kpsp_yes", "", ""), ("tb_symptoms", "", ""), ("zwfl", "", ""), ("glucose_2h", "", ""), ("ldl", "", ""),
])
def test_loinc_per_observation_and_method(code, method, loinc):
    assert codes.get(code, codes.OBSERVATION).loinc_for(method) == loinc


def test_units_and_ucum():
    for c in codes.of_kind(codes.OBSERVATION):
        if c.unit:
            assert c.ucum, c.code
        assert not re.search(r"\s", c.ucum), c.code
    assert codes.get("sbp").ucum == "mm[Hg]" and codes.get("sbp").unit == "mmHg"
    assert codes.get("glucose_fasting").unit == "mg/dL"  # C6: siklus stores glucose in mg/dL
    assert codes.get("hb").unit == "g/dL" and codes.get("hb").quantity == "hb_g_dl"
    assert codes.get("length_height").unit == "cm" and codes.get("weight").unit == "kg"


def test_icd10_of_conditions():
    icd = {c.code: c.icd10 for c in codes.of_kind(codes.CONDITION)}
    assert icd == {"hipertensi": "I10", "diabetes": "E14", "prediabetes": "R73.0", "tbc": "A15-A19",
                   "obesitas": "E66"}
    for value in icd.values():
        assert re.fullmatch(r"[A-Z]\d\d(\.\d)?(-[A-Z]\d\d)?", value), value


def test_plausible_ranges_cover_every_unguarded_observation():
    """Guarded quantities use the unit guard (rules.units); every other value has a range."""
    ranges = config.get(codes.PLAUSIBLE.name)
    for c in codes.of_kind(codes.OBSERVATION):
        if c.quantity or c.answers:  # coded answers have no number
            assert c.code not in ranges, c.code
        else:
            assert codes.plausible_range(c.code) is not None, c.code
    assert set(ranges) <= {c.code for c in codes.of_kind(codes.OBSERVATION)}
    assert codes.plausible_range("adl_score") == (0.0, 20.0)  # ILP.md §4.4 Barthel 0–20
    assert codes.plausible_range("weight") is None


# ----------------------------------------------------------------------------- translations


def _english():
    sys.path.insert(0, str(ROOT))
    try:
        from scripts.translations import EN
        from scripts.translations import codes as own
    finally:
        sys.path.remove(str(ROOT))
    return EN, own.EN


def test_every_label_has_an_english_translation():
    """In the catalogue sources: scripts/translations/codes.py, or the topic file that already
    owns the msgid (dose labels: the immunization rules' file)."""
    catalogue, own = _english()
    labels = [c.label for c in codes.every()]
    labels += [label for c in codes.of_kind(codes.OBSERVATION) for _, label in c.methods]
    missing = sorted({label for label in labels if label not in catalogue})
    assert not missing
    # codes.py holds the vocabulary's own labels (those no other topic file translates).
    assert "Tekanan darah sistolik" in own and "Hipertensi" in own and "Td (WUS/ibu hamil)" in own
