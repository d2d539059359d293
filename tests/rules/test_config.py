"""Rule settings in layers, per area, with provenance (issue #8 item 5).

The layers, weakest first: the default declared in the rule module, the deployment
(SIKLUS_RULES), area values by Kemendagri code prefix (SIKLUS_RULES_BY_AREA, most specific wins),
then override(). Codes used: Kotawaringin Timur 62.02, its kecamatan Kota Besi 62.02.01 and
desa Palangan 62.02.01.2003; the neighbouring Kotawaringin Barat 62.01 (desa Candi
62.01.01.1011); Kalimantan Tengah 62.
"""

import asyncio
import subprocess
import sys
import threading
from datetime import date

import pytest

from siklus.rules import config
from siklus.rules import immunization as im
from siklus.rules.immunization import State

JE = "immunization.je_endemic"  # default False: ILP.md §3.2 "JE — endemic areas only"
HORIZON = "due.horizon_days"  # default 30
SOON = "immunization.due_soon_days"  # default 30


@pytest.fixture(autouse=True)
def restore_configuration():
    saved = config.configured()
    yield
    config.configure(*saved)


def test_the_defaults_used_here_are_the_declared_ones():
    # the tests below rely on these defaults; if a rule module changes one, adapt the tests
    defaults = {s.name: s.default for s in config.declared()}
    assert (defaults[JE], defaults[HORIZON], defaults[SOON]) == (False, 30, 30)


# --------------------------------------------------------------------------------------------
# Layers
# --------------------------------------------------------------------------------------------


def test_each_layer_replaces_the_one_below_it():
    config.configure({}, {})
    assert config.resolve(HORIZON, "62.02").origin == "default"
    assert config.get(HORIZON, "62.02") == 30

    config.configure({HORIZON: 14}, {})
    assert (config.get(HORIZON), config.get(HORIZON, "62.02")) == (14, 14)
    assert config.resolve(HORIZON, "62.02").origin == "deployment"

    config.configure({HORIZON: 14}, {"62.02": {HORIZON: 21}})
    assert config.get(HORIZON, "62.02") == 21
    assert config.get(HORIZON) == 14  # outside any area: the deployment value
    assert config.get(HORIZON, "62.01") == 14  # the neighbour keeps the deployment value
    resolved = config.resolve(HORIZON, "62.02.01.2003")
    assert (resolved.value, resolved.origin, resolved.area, resolved.default) == (21, "area", "62.02", 30)

    with config.for_area("62.02.01.2003"), config.override(**{HORIZON: 7}):
        assert config.get(HORIZON) == 7
        assert config.resolve(HORIZON).origin == "override"


def test_the_most_specific_prefix_wins_setting_by_setting():
    config.configure({}, {
        "62": {HORIZON: 20, SOON: 20},
        "62.02": {HORIZON: 21},
        "62.02.01": {SOON: 10},
        "62.02.01.2003": {HORIZON: 5},
    })
    assert (config.get(HORIZON, "62.01.01.1011"), config.get(SOON, "62.01.01.1011")) == (20, 20)  # province only
    assert (config.get(HORIZON, "62.02.02"), config.get(SOON, "62.02.02")) == (21, 20)  # kabupaten, province
    assert (config.get(HORIZON, "62.02.01.2004"), config.get(SOON, "62.02.01.2004")) == (21, 10)  # kecamatan for SOON
    assert (config.get(HORIZON, "62.02.01.2003"), config.get(SOON, "62.02.01.2003")) == (5, 10)  # the desa itself
    assert config.resolve(SOON, "62.02.01.2003").area == "62.02.01"
    assert config.get(HORIZON, "63.01") == 30  # another province: the default


def test_a_prefix_matches_at_segment_boundaries_only():
    config.configure({}, {"62.02.01.2003": {HORIZON: 5}, "62.02": {SOON: 10}})
    assert config.get(HORIZON, "62.02.01.2003") == 5
    assert config.get(HORIZON, "62.02.01.2003.RW001") == 5  # an RW of that desa lies in it
    assert config.get(HORIZON, "62.02.01.20031") == 30  # shares characters, not a segment
    assert config.get(HORIZON, "62.02.01.2004") == 30
    assert config.get(SOON, "62.021") == 30
    assert config.get(SOON, "62.0") == 30
    assert config.get(SOON, "62") == 30  # the province is not inside its kabupaten


def test_for_area_nests_and_restores():
    config.configure({}, {"62.02": {JE: True}})
    assert config.current_area() is None
    with config.for_area("62.02.01.2003"):
        assert config.get(JE) is True
        with config.for_area("62.01.01.1011"):
            assert config.get(JE) is False
        with config.for_area(None):  # explicitly no area: the deployment value
            assert config.get(JE) is False
        assert config.current_area() == "62.02.01.2003"
        assert config.get(JE, area="62.01") is False  # an explicit area beats the context
    assert config.current_area() is None
    assert config.get(JE) is False


@pytest.mark.parametrize("code", ["", "35.", ".35", "35..09", "35 09", "35/09"])
def test_an_area_to_compute_for_must_be_a_dotted_code(code):
    with pytest.raises(ValueError, match="not an area code"):
        config.get(JE, area=code)
    with pytest.raises(ValueError, match="not an area code"), config.for_area(code):
        pass


def test_override_applies_on_top_of_area_values_and_then_gives_them_back():
    config.configure({}, {"62.02": {JE: True}})
    with config.for_area("62.02.01.2003"):
        with config.override(**{JE: False}):
            assert config.get(JE) is False
            assert config.get(JE, area="62.01") is False
        assert config.get(JE) is True
    with config.override(**{HORIZON: 7}), config.override(**{SOON: 3}):  # nested overrides add up
        assert (config.get(HORIZON), config.get(SOON)) == (7, 3)
    assert (config.get(HORIZON), config.get(SOON)) == (30, 30)


# --------------------------------------------------------------------------------------------
# Isolation across threads and tasks
# --------------------------------------------------------------------------------------------


def test_the_area_of_one_thread_is_not_seen_by_another():
    config.configure({}, {"62.02": {JE: True}})
    both_inside = threading.Barrier(2, timeout=10)
    seen = {}

    def compute(code):
        with config.for_area(code):
            both_inside.wait()  # both threads are inside their area at the same time
            seen[code] = config.get(JE)
            both_inside.wait()

    threads = [threading.Thread(target=compute, args=(c,)) for c in ("62.02.01.2003", "62.01.01.1011")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"62.02.01.2003": True, "62.01.01.1011": False}


def test_an_override_in_one_thread_is_not_seen_by_another():
    inside, checked = threading.Event(), threading.Event()
    seen = []

    def other():
        inside.wait(10)
        seen.append(config.get(HORIZON))
        checked.set()

    thread = threading.Thread(target=other)
    thread.start()
    with config.override(**{HORIZON: 7}):
        inside.set()
        checked.wait(10)
        assert config.get(HORIZON) == 7
    thread.join()
    assert seen == [30]


def test_concurrent_asyncio_tasks_each_keep_their_area():
    config.configure({}, {"62.02": {JE: True}})

    async def compute(code):
        with config.for_area(code):
            await asyncio.sleep(0.01)  # let the other task run inside its own area
            return config.get(JE)

    async def both():
        return await asyncio.gather(compute("62.02.01.2003"), compute("62.01.01.1011"))

    assert asyncio.run(both()) == [True, False]


# --------------------------------------------------------------------------------------------
# Validation at configure time
# --------------------------------------------------------------------------------------------


def test_an_unknown_name_is_refused_naming_it_and_where():
    with pytest.raises(config.SettingsError) as deployment:
        config.configure({"immunization.je_endemik": True})
    assert str(deployment.value) == (
        "unknown rule settings for the deployment (SIKLUS_RULES): immunization.je_endemik (see `siklus rules-settings`)"
    )
    with pytest.raises(config.SettingsError, match=r"for area 62\.02 \(SIKLUS_RULES_BY_AREA\): immunization\.je_endemik"):
        config.configure({}, {"62.02": {"immunization.je_endemik": True}})
    with pytest.raises(KeyError):  # callers that caught KeyError still do
        config.configure({"no.such.setting": 1})


@pytest.mark.parametrize("name, value, expected", [
    (JE, 1, "expected bool, got int 1"),  # 1 is not True: a deployment must write true
    (JE, "true", "expected bool, got str 'true'"),
    (HORIZON, True, "expected int, got bool True"),
    (HORIZON, 14.0, "expected int, got float 14.0"),
    (HORIZON, "14", "expected int, got str '14'"),
    ("immunization.idl_basket", 2, "expected str, got int 2"),
    ("children.kpsp_ages_months", 3, "expected list/tuple, got int 3"),
    ("children.kpsp_ages_months", [3, "6"], "item 1: expected int, got str '6'"),
    ("anthropometry.kbm.buku_kia_2023", [[0, 800], [2, "900"]], "item 1: item 1: expected int, got str '900'"),
    ("immunization.td_childhood_credit", [["DPT-HB-Hib3"]], "item 0: expected 2 items, got 1"),  # (code, T status)
    ("anthropometry.derived_flag_cutoffs", {"stunting": -3.0}, "missing ['overweight', 'underweight', 'wasting']"),
    ("pregnancy.anaemia_hb_below_g_dl", None, "expected float, got None None"),
])
def test_a_value_of_another_type_than_the_default_is_refused(name, value, expected):
    with pytest.raises(config.SettingsError) as error:
        config.configure({}, {"62.02": {name: value}})
    message = str(error.value)
    assert message.startswith(f"rule setting {name!r} for area 62.02 (SIKLUS_RULES_BY_AREA): ")
    assert expected in message
    with pytest.raises(config.SettingsError, match="for the deployment"):
        config.configure({name: value})
    with pytest.raises(config.SettingsError, match=r"for override\(\)"), config.override(**{name: value}):
        pass


def test_values_are_normalised_to_the_defaults_shape():
    # JSON (env var) gives lists and integers; rules compare tuples and floats
    config.configure({"children.kpsp_ages_months": [3, 6, 9], "pregnancy.anaemia_hb_below_g_dl": 11,
                      "anthropometry.kbm.buku_kia_2023": [[0, 800], [3, 600]]})
    assert config.get("children.kpsp_ages_months") == (3, 6, 9)
    assert config.get("anthropometry.kbm.buku_kia_2023") == ((0, 800), (3, 600))
    value = config.get("pregnancy.anaemia_hb_below_g_dl")
    assert (value, type(value)) == (11.0, float)


def test_an_optional_setting_accepts_a_value_of_any_type():
    # a default of None means "off"; the rule module interprets the value
    config.configure({"spm.chronic_min_months": 3, "anthropometry.referral_above_wfa_z": 2.0})
    assert (config.get("spm.chronic_min_months"), config.get("anthropometry.referral_above_wfa_z")) == (3, 2.0)


@pytest.mark.parametrize("key", ["6", "062", "62.2", "62.002", "62.02.1", "62.02.01.200", "62.02.01.20031",
                                 "62.02.01.2003.RW001", "62.", "kotim", "", 62])
def test_an_area_key_that_is_not_a_kemendagri_code_is_refused(key):
    with pytest.raises(config.SettingsError, match="is not a Kemendagri area code"):
        config.configure({}, {key: {JE: True}})


@pytest.mark.parametrize("key", ["62", "62.02", "62.02.01", "62.02.01.2003", "62.71"])
def test_province_kabupaten_kecamatan_and_desa_keys_are_accepted(key):
    config.configure({}, {key: {JE: True}})
    assert config.get(JE, area=key) is True


def test_a_refused_configuration_changes_nothing():
    config.configure({HORIZON: 14}, {"62.02": {JE: True}})
    with pytest.raises(config.SettingsError):
        config.configure({HORIZON: 7}, {"62.01": {JE: "ya"}})
    assert config.configured() == ({HORIZON: 14}, {"62.02": {JE: True}})


# --------------------------------------------------------------------------------------------
# Provenance
# --------------------------------------------------------------------------------------------


def test_nothing_changed_is_signed_default():
    config.configure({}, {"62.02": {JE: False}})  # an area value equal to the default changes nothing
    assert config.in_force("62.02.01.2003") == {}
    assert config.signature("62.02.01.2003") == "default"
    assert config.explain("default") == {}


def test_in_force_lists_what_differs_from_the_defaults_for_that_area():
    config.configure({HORIZON: 14}, {"62.02": {JE: True}})
    assert config.in_force("62.02.01.2003") == {HORIZON: 14, JE: True}
    assert config.in_force("62.01.01.1011") == {HORIZON: 14}
    assert config.in_force() == {HORIZON: 14}
    with config.for_area("62.02"):
        assert config.in_force() == {HORIZON: 14, JE: True}
        with config.override(**{HORIZON: 30}):  # back at the default: no longer in force
            assert config.in_force() == {JE: True}


def test_the_signature_is_stable_and_changes_with_any_value():
    config.configure({HORIZON: 14}, {"62.02": {JE: True}})
    first = config.signature("62.02.01.2003")
    assert first.startswith("s:") and len(first) == 10
    assert config.signature("62.02.01.2003") == first
    assert config.signature("62.02") == first  # same settings in force, same signature
    config.configure({HORIZON: 14}, {"62.02": {JE: True}, "62.01": {}})  # an equal configuration
    assert config.signature("62.02.01.2003") == first
    config.configure({HORIZON: 15}, {"62.02": {JE: True}})
    assert config.signature("62.02.01.2003") != first
    config.configure({HORIZON: 14}, {"62.02": {JE: True}})
    assert config.signature("62.02.01.2003") == first
    assert config.signature("62.01.01.1011") not in (first, "default")
    with config.for_area("62.02.01.2003"), config.override(**{SOON: 10}):
        assert config.signature() not in (first, config.signature("62.01.01.1011"))


def test_explain_gives_back_the_settings_of_a_signature():
    config.configure({HORIZON: 14}, {"62.02": {JE: True}})
    with config.override(**{SOON: 10}):
        what_if = config.signature("62.02")
    assert config.explain(what_if) == {HORIZON: 14, JE: True, SOON: 10}
    assert config.explain(config.signature("62.02.01.2003")) == {HORIZON: 14, JE: True}
    with pytest.raises(KeyError, match="unknown rule settings signature"):
        config.explain("s:00000000")


def test_the_signature_is_the_same_in_another_process_and_explainable_there():
    """A stored signature must mean the same after a restart with the same configuration."""
    config.configure({HORIZON: 14}, {"62.02": {JE: True}})
    here = config.signature("62.02.01.2003")
    code = (
        "from siklus.rules import config\n"
        f"config.configure({{{HORIZON!r}: 14}}, {{'62.02': {{{JE!r}: True}}}})\n"
        f"print(config.explain({here!r}))\n"
        "print(config.signature('62.02.01.2003'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == [str({HORIZON: 14, JE: True}), here]


# --------------------------------------------------------------------------------------------
# A regional decision reaching a rule: JE endemic in one kabupaten
# --------------------------------------------------------------------------------------------


def test_je_endemic_in_one_kabupaten_schedules_je_there_and_not_next_door():
    """ILP.md §3.2: JE at 10 months, endemic areas only. A girl born 1 March 2025 is 10 months
    old on 1 January 2026: JE is due for her in Kotawaringin Timur (configured endemic) and not
    scheduled at all in neighbouring Kotawaringin Barat."""
    birth, on = date(2025, 3, 1), date(2026, 1, 1)
    config.configure({}, {"62.02": {JE: True}})
    with config.for_area("62.02.01.2003"):
        there = im.evaluate(birth, "P", {}, on)
        signed_there = config.signature()
    with config.for_area("62.01.01.1011"):
        next_door = im.evaluate(birth, "P", {}, on)
        signed_next_door = config.signature()
    assert there.dose("JE").state is State.DUE
    assert "JE" not in {d.code for d in next_door.doses}
    assert (signed_there, signed_next_door) == (config.signature("62.02"), "default")
    assert config.explain(signed_there) == {JE: True}
    # an explicit argument of the rule still wins over the area's setting
    with config.for_area("62.02.01.2003"):
        assert "JE" not in {d.code for d in im.evaluate(birth, "P", {}, on, je_endemic=False).doses}


def test_declaring_the_same_setting_again_is_harmless_and_a_different_default_is_not():
    setting = next(s for s in config.declared() if s.name == JE)
    assert config.declare(setting.name, setting.default, setting.description, setting.source) == setting
    with pytest.raises(ValueError, match="declared twice"):
        config.declare(setting.name, True, setting.description, setting.source)
