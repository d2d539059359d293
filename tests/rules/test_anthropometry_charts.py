"""Growth chart lines (−3 … +3 SD) from the same WHO tables as the z-scores."""

import json

import numpy as np
import pytest

from siklus.rules.anthropometry import child, curves
from siklus.rules.anthropometry.tables import WFA, table


def test_median_line_is_m_of_the_daily_table():
    lines = curves("wfa", "L", 0, 12, step=1)
    assert lines.x.tolist() == list(range(13))
    # month 12 = day 365.25 → row 365
    assert lines.lines[0][0] == table(WFA).m[0, 0] and lines.lines[0][12] == table(WFA).m[0, 365]


@pytest.mark.parametrize("z", [-3, -2, 2, 3])
def test_a_child_on_a_line_has_that_z_score(z):
    lines = curves("wfa", "P", 6, 6)
    weight = float(lines.lines[z][0])
    assert child("P", age_months=6, weight_kg=weight).zwei == z


def test_weight_for_length_by_centimetre():
    lines = curves("wfl", 1, 60, 61, step=0.5)
    assert lines.x_unit == "cm" and lines.x.tolist() == [60.0, 60.5, 61.0]
    assert child(1, age_days=100, weight_kg=float(lines.lines[-2][1]), lenhei_cm=60.5, measure="l").zwfl == -2.0


def test_age_curves_run_from_who2006_into_who2007():
    lines = curves("bmi", 2, 59, 63)
    assert lines.reference[0] == "WHO 2006" and lines.reference[-1] == "WHO 2007"
    assert lines.x[-3:].tolist() == [61.0, 62.0, 63.0]
    assert child(2, age_months=62, lenhei_cm=100, weight_kg=float(lines.lines[1][-2]) * 1.0).zbmi == 1.0


def test_weight_for_age_stops_at_ten_years_and_head_circumference_at_five():
    with pytest.raises(ValueError):
        curves("wfa", 1, 0, 121)
    with pytest.raises(ValueError):
        curves("hcfa", 1, 0, 61)
    assert curves("lhfa", 1, 200, 228).x[-1] == 228


def test_chart_data_is_json_ready():
    data = curves("hcfa", "M", 0, 3).as_dict()
    assert set(data) == {"indicator", "sex", "x_unit", "x", "lines", "reference"}
    assert set(data["lines"]) == {"-3", "-2", "-1", "0", "1", "2", "3"}
    json.dumps(data)
    assert np.all(np.diff(data["lines"]["0"]) > 0)


def test_unknown_indicator():
    with pytest.raises(KeyError):
        curves("weight", 1)
