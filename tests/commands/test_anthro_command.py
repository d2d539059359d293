"""``siklus anthro``: a survey file in, the same file with WHO z-scores and statuses out."""

import csv
from pathlib import Path

import pytest

from siklus.commands.anthro import main

REFERENCE = Path(__file__).parents[1] / "rules" / "data" / "anthro" / "igrowup_survey_z_st.csv"


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def run(tmp_path, header, rows, *extra):
    source = write(tmp_path / "in.csv", header, rows)
    target = tmp_path / "out.csv"
    code = main([str(source), "-o", str(target), *extra])
    return code, (read(target) if target.exists() else None)


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    """WHO's igrowup sample survey in the command's column names, with its other columns."""
    reference = read(REFERENCE)
    header = ["id", "region", "sex", "age_months", "weight_kg", "lenhei_cm", "measure", "oedema", "headc_cm", "muac_cm", "SW"]
    rows = [[r["id"], r["region"], r["GENDER"], r["agemons"], r["WEIGHT"], r["HEIGHT"], r["measure"],
             r["oedema"], r["HEAD"], r["MUAC"], r["SW"]] for r in reference]
    folder = tmp_path_factory.mktemp("survey")
    source = write(folder / "survey.csv", header, rows)
    target = folder / "scored.csv"
    assert main([str(source), "-o", str(target)]) == 0
    return reference, read(target)


@pytest.mark.parametrize("score", ["zwei", "zlen", "zwfl", "zbmi", "zhc", "zac"])
def test_scores_and_flags_match_whos_igrowup_output(survey, score):
    reference, output = survey
    compared = 0
    for theirs, ours in zip(reference, output):
        if score == "zac" and int(theirs["_agedays"]) > 1826:
            assert ours["zac"] == ""  # WHO's current arm-circumference table ends at day 1826
            continue
        expected = theirs["_" + score.upper()]
        if expected == "":
            assert ours[score] == ""
        else:
            assert abs(float(ours[score]) - float(expected)) <= 0.01
            compared += 1
        assert ours["f" + score[1:]] == theirs["_F" + score[1:].upper()]
    assert compared > 90


def test_other_columns_are_carried_through_in_order(survey):
    reference, output = survey
    assert list(output[0])[:3] == ["id", "region", "sex"]
    assert [r["SW"] for r in output] == [r["SW"] for r in reference]


def test_statuses_are_in_indonesian(survey):
    reference, output = survey
    first = output[0]  # girl 22.45 months: zwei −0.57, zlen −0.07, zwfl −0.81
    assert (first["status_bb_u"], first["status_tb_u"], first["status_bb_tb"]) == (
        "Berat badan normal", "Normal", "Gizi baik (normal)",
    )
    assert (first["stunting"], first["wasting"], first["underweight"], first["overweight"]) == ("0", "0", "0", "0")
    oedema = next(r for r in output if r["oedema"] == "y")
    assert oedema["zwei"] == "" and oedema["status_bb_u"] == "Berat badan sangat kurang (severely underweight)"


def test_bad_rows_are_reported_and_the_rest_is_computed(tmp_path, capsys):
    header = ["sex", "age_days", "weight_kg", "lenhei_cm", "measure", "oedema", "note"]
    rows = [
        ["1", "400", "9.5", "75", "l", "n", "fine"],
        ["1", "400", "abc", "75", "l", "n", "bad weight"],
        ["X", "400", "9.5", "75", "l", "n", "bad sex"],
        ["2", "-3", "9.5", "75", "l", "n", "bad age"],
        ["2", "400", "9.5", "-75", "q", "maybe", "bad length, position and oedema"],
        ["2", "", "", "", "", "", "nothing"],
    ]
    code, output = run(tmp_path, header, rows)
    err = capsys.readouterr().err
    assert code == 0 and len(output) == 6
    assert "row 2: weight_kg 'abc' is not a positive number" in err
    assert "row 3: sex 'X' unknown" in err
    assert "row 4: age_days '-3' is not an age" in err
    assert "row 5: lenhei_cm '-75' is not a positive number" in err
    assert "row 5: measure 'q' unknown" in err and "row 5: oedema 'maybe' unknown" in err
    assert "row 6: age missing" in err and "row 6: weight_kg missing" in err
    assert "row 1:" not in err
    assert "5 of 6 rows had missing or impossible values" in err
    assert output[0]["zwei"] != "" and output[0]["zlen"] != ""
    assert output[1]["zwei"] == "" and output[1]["zlen"] == output[0]["zlen"]  # length still scored
    assert all(output[2][z] == "" for z in ("zwei", "zlen", "zwfl", "zbmi"))
    assert output[3]["zwei"] == "" and output[3]["zwfl"] != ""  # no age, weight-for-length still
    assert output[5]["note"] == "nothing"


def test_age_from_dates_and_sex_as_l_p_or_m_f(tmp_path, capsys):
    header = ["visit_date", "birth_date", "sex", "weight_kg"]
    rows = [
        ["2024-07-01", "2023-07-01", "1", "9.6"],
        ["01/07/2024", "01/07/2023", "L", "9.6"],
        ["2024-07-01", "2023-07-01", "M", "9.6"],
        ["2024-07-01", "2023-07-01", "P", "9.6"],
        ["2024-07-01", "2023-07-01", "F", "9.6"],
        ["2023-06-01", "2023-07-01", "1", "9.6"],
        ["2024-13-01", "2023-07-01", "1", "9.6"],
    ]
    code, output = run(tmp_path, header, rows)
    err = capsys.readouterr().err
    boys = {r["zwei"] for r in output[:3]}
    girls = {r["zwei"] for r in output[3:5]}
    assert len(boys) == len(girls) == 1 and boys != girls
    assert "row 6: visit_date 2023-06-01 is before birth_date 2023-07-01" in err
    assert "row 7: visit_date '2024-13-01' not a date" in err
    assert output[5]["zwei"] == output[6]["zwei"] == ""


def test_decimal_comma_and_case_insensitive_headers(tmp_path):
    code, output = run(tmp_path, ["SEX", "Age_Months", "Weight_KG"], [["2", "12,5", "8,9"]])
    code2, output2 = run(tmp_path, ["sex", "age_months", "weight_kg"], [["2", "12.5", "8.9"]])
    assert output[0]["zwei"] == output2[0]["zwei"] != ""


def test_summary_prints_prevalences_with_counts(tmp_path, capsys):
    header = ["sex", "age_months", "weight_kg", "lenhei_cm", "measure"]
    rows = [
        ["1", "30", "12.5", "92", "h"],  # zlen 0.02
        ["1", "30", "11.0", "82", "h"],  # zlen −2.92: stunted
        ["2", "20", "9.0", "76", "l"],  # zlen −2.23: stunted; zbmi −0.004 printed as 0.00
        ["2", "70", "20", "115", "h"],  # over 59 months: not in the prevalence
    ]
    code, output = run(tmp_path, header, rows, "--summary")
    out = capsys.readouterr().out
    assert [r["zlen"] for r in output] == ["0.02", "-2.92", "-2.23", "0.17"]
    assert output[2]["zbmi"] == "0.00"
    line = next(l for l in out.splitlines() if l.startswith("stunting"))
    assert line.split()[3:6] == ["3", "2", "66.7"]
    assert "children 0-59 months (3 of 4 rows)" in out


def test_writes_to_stdout_without_output_file(tmp_path, capsys):
    source = write(tmp_path / "in.csv", ["sex", "age_days", "weight_kg"], [["1", "0", "3.3464"]])
    assert main([str(source)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("sex,age_days,weight_kg,clenhei") and ",0.00," in lines[1]


def test_input_without_sex_column_is_refused(tmp_path, capsys):
    code, output = run(tmp_path, ["age_days", "weight_kg"], [["100", "6"]])
    assert code == 2 and "needs a 'sex' column" in capsys.readouterr().err


def test_missing_input_file(tmp_path, capsys):
    assert main([str(tmp_path / "nope.csv")]) == 2


def test_short_rows_and_blank_lines_are_carried_through(tmp_path, capsys):
    (tmp_path / "in.csv").write_text("sex,age_days,weight_kg,note\n1,400\n,,,\n2,400,9,x\n")
    assert main([str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv")]) == 0
    output = read(tmp_path / "out.csv")
    assert [r["note"] for r in output] == ["", "", "x"]
    assert output[2]["zwei"] != ""
    err = capsys.readouterr().err
    assert "row 1: weight_kg missing" in err and "row 2" not in err


def test_unwritable_output_and_non_utf8_input(tmp_path, capsys):
    source = write(tmp_path / "in.csv", ["sex"], [["1"]])
    assert main([str(source), "-o", str(tmp_path / "no" / "such" / "out.csv")]) == 2
    (tmp_path / "latin.csv").write_bytes("sex,nama\n1,Ni Luh \xe9\n".encode("latin-1"))
    assert main([str(tmp_path / "latin.csv"), "-o", str(tmp_path / "out.csv")]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_no_score_above_anthroplus_inclusive_age_limits(tmp_path):
    """ILP.md §5.6, anthroplus zscores.R: weight-for-age to 120.0 months, height- and BMI-for-age
    to 228.0 months, inclusive on the decimal age; siklus gave scores at 120.5 and 228.6."""
    header = ["sex", "age_months", "weight_kg", "lenhei_cm", "measure"]
    rows = [["1", m, "30", "140", "h"] for m in ("120", "120.01", "120.5")]
    rows += [["2", m, "55", "160", "h"] for m in ("228", "228.01", "228.6")]
    code, output = run(tmp_path, header, rows)
    assert code == 0
    assert [r["zwei"] != "" for r in output[:3]] == [True, False, False]
    assert [r["zlen"] != "" for r in output[3:]] == [True, False, False]
    assert [r["zbmi"] != "" for r in output[3:]] == [True, False, False]
    assert output[1]["zlen"] != "" and output[1]["zbmi"] != ""  # at 120.01 only weight-for-age stops


def test_length_103_1_lying_after_731_days_uses_102_4_not_whos_102_5(tmp_path):
    """Kept on purpose (module docstring): 103.1 − 0.7 = 102.39999… is looked up as 102.4 cm,
    where WHO's R package anthro rounds it up to 102.5 and lands one row off."""
    header = ["sex", "age_days", "weight_kg", "lenhei_cm", "measure"]
    rows = [["1", "900", "16", "103.1", "l"], ["1", "900", "16", "102.4", "h"], ["1", "900", "16", "102.5", "h"]]
    code, output = run(tmp_path, header, rows)
    lying, at_102_4, at_102_5 = output
    assert lying["clenhei"] == "102.40"
    assert lying["zwfl"] == at_102_4["zwfl"] != at_102_5["zwfl"]


def test_under_9_months_standing_is_corrected_and_flagged(tmp_path):
    """ILP.md §0.1 C9: +0.7 cm kept, c9mo_flag = 1 tells to measure again lying down."""
    header = ["sex", "age_months", "lenhei_cm", "measure"]
    rows = [["1", "6", "66", "h"], ["1", "6", "66", "l"], ["1", "9", "72", "h"]]
    code, output = run(tmp_path, header, rows)
    assert [r["clenhei"] for r in output] == ["66.70", "66.00", "72.70"]
    assert [r["c9mo_flag"] for r in output] == ["1", "0", "0"]


def test_grams_and_metres_are_reported_and_not_used(tmp_path, capsys):
    """ILP.md §0.1 C6: a weight of 9500 is grams, a length of 0.75 metres; neither is scored."""
    header = ["sex", "age_months", "weight_kg", "lenhei_cm", "measure"]
    rows = [["1", "12", "9500", "75", "l"], ["1", "12", "9.5", "0.75", "l"], ["1", "12", "9.5", "75", "l"]]
    code, output = run(tmp_path, header, rows)
    err = capsys.readouterr().err
    assert "row 1: weight_kg 9500 looks like grams (9500 g = 9.5 kg): not used" in err
    assert "row 2: lenhei_cm 0.75 looks like metres (0.75 m = 75 cm): not used" in err
    assert output[0]["zwei"] == "" and output[0]["zlen"] == output[2]["zlen"] != ""
    assert output[1]["zlen"] == "" and output[1]["zwei"] == output[2]["zwei"] != ""
    assert "row 3:" not in err
