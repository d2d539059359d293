"""Unit guard (ILP.md §0.1 C6): a value typed in the other common unit is refused, naming it.

glucose mg/dL (mmol/L slips: 2–35), Hb g/dL (g/L slips: 30–250), height cm (metre slips:
0.3–2.5), weight kg (gram slips: 400–300000). Plausible ranges: glucose 20–1000, Hb 1–25,
height 30–250, weight 0.3–300. A value in both ranges (glucose 20–35) passes only confirmed.
"""

import pytest

from siklus.rules import config, messages, units


class TestGlucose:
    @pytest.mark.parametrize("value", [2, 15, 35])
    def test_2_to_35_is_a_mmol_per_litre_slip(self, value):
        finding = units.check("glucose_mg_dl", value)
        assert finding.code == "unit_slip" and finding.quantity == "glucose_mg_dl"

    def test_the_message_names_both_units_and_the_converted_value(self):
        finding = units.check("glucose_mg_dl", 15)
        assert finding.message == (
            "Gula darah 15 terlalu rendah untuk mg/dL — apakah ini mmol/L? (15 mmol/L ≈ 270 mg/dL)"
        )

    def test_the_template_is_indonesian_with_params_for_the_interface_to_translate(self):
        finding = units.check("glucose_mg_dl", 5.5)
        assert "%(value)s" in finding.template and finding.params == {"value": 5.5, "converted": 99}

    def test_numbers_are_raw_so_the_interface_formats_them_per_language(self):
        finding = units.check("weight_kg", 3250)
        assert finding.params == {"value": 3250, "converted": 3.25}
        assert messages.render(finding.to_message()) == (
            "Berat badan 3.250 terlalu besar untuk kg — apakah ini gram? (3.250 g = 3,25 kg)"
        )
        assert messages.render(finding.to_message(), lang="en").endswith("(3,250 g = 3.25 kg)")

    @pytest.mark.parametrize("value", [35.5, 36, 99, 600, 1000])
    def test_from_just_above_35_to_1000_is_accepted(self, value):
        assert units.check("glucose_mg_dl", value) is None

    @pytest.mark.parametrize("value", [0, 1.9, 1000.1, 5000])
    def test_outside_both_ranges_is_out_of_range(self, value):
        finding = units.check("glucose_mg_dl", value)
        assert finding.code == "out_of_range"
        assert "20–1000 mg/dL" in finding.message

    @pytest.mark.parametrize("value, confirmable", [(19.9, False), (20, True), (35, True)])
    def test_only_a_plausible_value_can_be_confirmed(self, value, confirmable):
        assert units.check("glucose_mg_dl", value).confirmable is confirmable
        accepted = units.check("glucose_mg_dl", value, confirmed=True) is None
        assert accepted is confirmable


class TestHb:
    @pytest.mark.parametrize("value", [1, 12, 25])
    def test_g_per_dl_is_accepted(self, value):
        assert units.check("hb_g_dl", value) is None

    @pytest.mark.parametrize("value, converted", [(30, 3), (110, 11), (120, 12), (180, 18), (250, 25)])
    def test_30_to_250_is_g_per_litre(self, value, converted):
        finding = units.check("hb_g_dl", value)
        assert finding.code == "unit_slip" and finding.params["converted"] == converted
        assert "g/L" in finding.message

    @pytest.mark.parametrize("value", [0.5, 25.1, 29.9, 251])
    def test_between_and_beyond_is_out_of_range(self, value):
        assert units.check("hb_g_dl", value).code == "out_of_range"


class TestHeight:
    @pytest.mark.parametrize("value, converted", [(0.3, 30), (0.5, 50), (1.65, 165), (2.5, 250)])
    def test_metres_are_refused(self, value, converted):
        finding = units.check("height_cm", value)
        assert finding.code == "unit_slip" and finding.params["converted"] == converted
        assert "meter" in finding.message

    @pytest.mark.parametrize("value", [30, 45, 165, 250])
    def test_centimetres_are_accepted(self, value):
        assert units.check("height_cm", value) is None

    @pytest.mark.parametrize("value", [0.29, 2.6, 29.9, 250.1, 1650])
    def test_other_values_are_out_of_range(self, value):
        assert units.check("height_cm", value).code == "out_of_range"


class TestWeight:
    @pytest.mark.parametrize("value, converted", [(400, 0.4), (2500, 2.5), (3200, 3.2), (150000, 150)])
    def test_grams_are_refused(self, value, converted):
        finding = units.check("weight_kg", value)
        assert finding.code == "unit_slip" and finding.params["converted"] == converted
        assert finding.message == f"Berat badan {value} terlalu besar untuk kg — apakah ini gram? ({value} g = {converted} kg)"

    @pytest.mark.parametrize("value", [0.3, 3.2, 70, 300])
    def test_kilograms_are_accepted(self, value):
        assert units.check("weight_kg", value) is None

    @pytest.mark.parametrize("value", [0.29, 300.5, 399, 300001])
    def test_other_values_are_out_of_range(self, value):
        assert units.check("weight_kg", value).code == "out_of_range"


def test_guard_raises_a_value_error_carrying_the_finding():
    with pytest.raises(ValueError) as refused:
        units.guard("weight_kg", 3200)
    assert isinstance(refused.value, units.ImplausibleValue)
    assert refused.value.finding.code == "unit_slip"
    assert units.guard("weight_kg", 3.2) == 3.2


def test_the_ranges_are_a_declared_setting_a_deployment_can_change():
    assert units.check("hb_g_dl", 26) is not None
    ranges = dict(config.get("units.ranges"))
    ranges["hb_g_dl"] = {"plausible": (1.0, 30.0), "slip": (40.0, 250.0)}
    with config.override(**{"units.ranges": ranges}):
        assert units.check("hb_g_dl", 26) is None
        assert units.check("hb_g_dl", 35).code == "out_of_range"
    setting = next(s for s in config.declared() if s.name == "units.ranges")
    assert "C6" in setting.source and setting.description


def test_an_unknown_quantity_is_an_error():
    with pytest.raises(KeyError):
        units.check("cholesterol", 200)
