"""The rules that open follow-up tasks (siklus.rules.followup): for each, a history that opens it,
one that does not, and the boundary day."""

from datetime import date, timedelta

import pytest

from siklus.rules import config
from siklus.rules import followup as fu
from siklus.rules.anthropometry.growth import Weighing
from siklus.rules.messages import render
from siklus.rules.pregnancy import AncContact

BABY = date(2025, 1, 10)


def kinds(facts, on):
    return {t.kind: t for t in fu.person_tasks(facts, on).tasks}


def baby(**kw):
    return fu.Facts(birth=BABY, sex="L", **kw)


def adult(**kw):
    return fu.Facts(birth=date(1980, 5, 5), sex="P", **kw)


# ------------------------------------------------------------------------------- immunization


def all_doses_until(on):
    """Every dose of the schedule given at its earliest day up to ``on``."""
    from siklus.rules import immunization as im

    given: list = []
    for _ in range(30):
        status = im.evaluate(BABY, "L", given, on)
        due = [d for d in status.doses if d.state.actionable and d.earliest and d.earliest <= on]
        if not due:
            return tuple(given)
        given += [(d.code, d.earliest) for d in due]
    return tuple(given)


def test_a_dose_past_its_window_and_the_grace_days_opens_a_drop_out_task():
    on = date(2025, 6, 1)
    doses = tuple(d for d in all_doses_until(on) if d[0] != "DPT-HB-Hib1")
    found = kinds(baby(doses=doses), on)
    task = found["imunisasi_terlewat"]
    assert task.episode == "DPT-HB-Hib1" and not task.needs_nakes
    assert "DPT-HB-Hib1" in render(task.reason)


def test_a_child_with_every_dose_in_time_has_no_immunization_task():
    on = date(2025, 6, 1)
    assert "imunisasi_terlewat" not in kinds(baby(doses=all_doses_until(on)), on)


def test_the_drop_out_task_opens_only_after_the_grace_days():
    from siklus.rules import immunization as im

    status = im.evaluate(BABY, "L", (), date(2025, 3, 1))
    bcg = next(d for d in status.doses if d.code == "BCG")
    grace = config.get("followup.grace_days")
    last_quiet = bcg.ideal_until + timedelta(days=grace)
    result = fu.person_tasks(baby(), last_quiet)
    assert "BCG" not in {t.episode for t in result.tasks}
    assert result.next_check <= last_quiet + timedelta(days=1)
    assert "BCG" in {t.episode for t in fu.person_tasks(baby(), last_quiet + timedelta(days=1)).tasks}


def test_no_drop_out_task_past_the_age_limit():
    on = date(2030, 3, 1)  # 61 months
    assert "imunisasi_terlewat" not in kinds(baby(), on)


# ------------------------------------------------------------------------------------ growth


def weighings(*kgs, start=date(2025, 5, 15)):
    return tuple(Weighing(date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 15), kg)
                 for i, kg in enumerate(kgs))


@pytest.mark.parametrize("kgs,kind", [
    ((7.0, 7.6, 7.6), "bb_tidak_naik"),
    ((7.0, 7.0, 7.0), "bb_2t"),
    ((4.0, 4.3, 4.6), "bgm"),  # far below −3 SD at 4–6 months
])
def test_a_weighing_that_did_not_go_up_or_lies_below_the_red_line_opens_a_task_for_a_nakes(kgs, kind):
    found = kinds(baby(weighings=weighings(*kgs)), date(2025, 7, 20))
    assert kind in found and found[kind].needs_nakes


def test_a_weight_that_went_up_opens_no_growth_task():
    found = kinds(baby(weighings=weighings(7.0, 7.6, 8.2)), date(2025, 7, 20))
    assert not {"bb_tidak_naik", "bb_2t", "bgm"} & set(found)


def test_an_old_growth_judgement_opens_nothing():
    days = config.get("followup.growth_recent_days")
    w = weighings(7.0, 7.0, 7.0)
    assert "bb_2t" in kinds(baby(weighings=w), w[-1].date + timedelta(days=days))
    assert "bb_2t" not in kinds(baby(weighings=w), w[-1].date + timedelta(days=days + 1))


# ---------------------------------------------------------------------------------- findings


@pytest.mark.parametrize("kind,measure,category,who", [
    ("gizi_anak", "gizi", "stunted", baby),
    ("gizi_anak", "gizi", "severely_wasted", baby),
    ("anemia", "hb", "anemia", adult),
    ("tekanan_darah_tinggi", "bp", "hipertensi_2", adult),
    ("ht_tidak_terkendali", "bp", "ht_tidak_terkendali", adult),
    ("dm_tidak_terkendali", "glucose", "dm_tidak_terkendali", adult),
    ("srq20_positif", "srq20", "tidak_normal", adult),
    ("skilas_positif", "skilas", "positif", adult),
    ("adl_ketergantungan", "adl", "ketergantungan_berat", adult),
])
def test_a_finding_opens_a_task_until_a_contact_at_the_pustu_or_puskesmas(kind, measure, category, who):
    first, second = date(2025, 5, 2), date(2025, 6, 2)
    findings = {measure: (fu.Finding(date(2025, 4, 1), "normal"), fu.Finding(first, category),
                          fu.Finding(second, category))}
    found = kinds(who(findings=findings), date(2025, 6, 10))
    assert kind in found and found[kind].needs_nakes
    assert found[kind].episode == first.isoformat()  # the first of the run: one task for it
    assert kind not in kinds(who(findings=findings, facility_contacts=(first,)), date(2025, 6, 10))
    assert kind in kinds(who(findings=findings, facility_contacts=(first - timedelta(days=1),)), date(2025, 6, 10))


def test_a_newer_value_without_the_category_answers_a_finding():
    findings = {"hb": (fu.Finding(date(2025, 5, 2), "anemia"), fu.Finding(date(2025, 6, 2), "normal"))}
    assert "anemia" not in kinds(adult(findings=findings), date(2025, 6, 10))


def test_kek_is_a_task_only_during_a_pregnancy():
    findings = {"muac": (fu.Finding(date(2025, 5, 2), "kek"),)}
    assert "bumil_kek" in kinds(adult(findings=findings, pregnancy_hpht=date(2025, 3, 1)), date(2025, 5, 10))
    assert "bumil_kek" not in kinds(adult(findings=findings), date(2025, 5, 10))


def test_a_known_hypertensives_high_reading_is_not_a_new_high_blood_pressure_task():
    findings = {"bp": (fu.Finding(date(2025, 5, 2), "hipertensi_2"),)}
    on = date(2025, 5, 10)
    assert "tekanan_darah_tinggi" not in kinds(adult(findings=findings, conditions={"hipertensi": date(2024, 1, 1)},
                                                     controls={"hipertensi": date(2025, 5, 2)}), on)


# ------------------------------------------------------------------------------ pregnancy, nifas


def test_a_trimester_ended_without_its_anc_contact_opens_a_task_until_she_comes():
    hpht = date(2025, 1, 1)  # trimester 1 ends at 12 weeks + 6 days: 2 April 2025
    on = date(2025, 4, 20)
    found = kinds(adult(pregnancy_hpht=hpht), on)
    assert "anc_terlewat" in found and "K1" in render(found["anc_terlewat"].reason)
    assert "anc_terlewat" not in kinds(adult(pregnancy_hpht=hpht, anc=(AncContact(date(2025, 4, 15)),)), on)
    met = (AncContact(date(2025, 2, 1), by_doctor=True, usg=True), AncContact(date(2025, 3, 1)))  # K1, K2
    assert "anc_terlewat" not in kinds(adult(pregnancy_hpht=hpht, anc=met), on)


def test_the_anc_task_waits_for_the_grace_days():
    hpht = date(2025, 1, 1)
    from siklus.rules.pregnancy import trimester_windows

    end = trimester_windows(hpht)[0].end
    grace = config.get("followup.grace_days")
    assert "anc_terlewat" not in kinds(adult(pregnancy_hpht=hpht), end + timedelta(days=grace))
    assert "anc_terlewat" in kinds(adult(pregnancy_hpht=hpht), end + timedelta(days=grace + 1))


def test_missed_kf_and_kn_open_tasks_and_a_visit_answers_them():
    born = date(2025, 5, 1)
    on = date(2025, 5, 20)
    mother = adult(delivered_on=born)
    missed = {t.episode for t in fu.person_tasks(mother, on).tasks if t.kind == "kf_terlewat"}
    assert missed == {"2025-05-01:KF1", "2025-05-01:KF2"}
    assert "kf_terlewat" not in kinds(adult(delivered_on=born, kf_visits=(date(2025, 5, 2), date(2025, 5, 5))), on)
    child = fu.Facts(birth=born, sex="P", doses=(("HB0", born), ("BCG", born), ("OPV1", born)))
    assert "kn_terlewat" in kinds(child, on)
    assert "kn_terlewat" not in kinds(fu.Facts(birth=born, sex="P", kn_visits=(date(2025, 5, 1), date(2025, 5, 5)),
                                               doses=child.doses), on)


def test_kf_is_not_looked_at_long_after_the_birth():
    born = date(2025, 1, 1)
    assert "kf_terlewat" not in kinds(adult(delivered_on=born), born + timedelta(days=61))


# ------------------------------------------------------------------------- monthly control, TB


def test_a_whole_calendar_month_without_control_opens_a_task():
    since = date(2024, 1, 1)
    last = date(2025, 3, 20)
    grace = config.get("followup.grace_days")
    facts = adult(conditions={"hipertensi": since}, controls={"hipertensi": last})
    assert "kontrol_terlewat" not in kinds(facts, date(2025, 4, 30) + timedelta(days=grace))
    task = kinds(facts, date(2025, 5, 1) + timedelta(days=grace))["kontrol_terlewat"]
    assert task.episode == "hipertensi:2025-03-20" and not task.needs_nakes
    later = adult(conditions={"hipertensi": since}, controls={"hipertensi": date(2025, 4, 28)})
    assert "kontrol_terlewat" not in kinds(later, date(2025, 5, 15))


def test_a_missed_tb_treatment_visit_and_a_presumptive_case_without_a_result():
    started = date(2025, 2, 3)
    case = fu.TbFact("c1", date(2025, 1, 20), True, started, False)
    on = date(2025, 4, 15)
    assert "tbc_kunjungan_terlewat" in kinds(adult(tb=(case,)), on)
    assert "tbc_kunjungan_terlewat" not in kinds(adult(tb=(case,), tb_visits=(date(2025, 4, 1),)), on)
    presumptive = fu.TbFact("c2", date(2025, 4, 1), False, None, False)
    assert kinds(adult(tb=(presumptive,)), on)["gejala_tbc"].needs_nakes
    assert "gejala_tbc" not in kinds(adult(tb=(fu.TbFact("c2", date(2025, 4, 1), True, None, False),)), on)


def test_a_tb_symptom_without_a_presumptive_case_opens_a_task():
    on = date(2025, 4, 15)
    assert "gejala_tbc" in kinds(adult(tb_symptom_on=date(2025, 4, 10)), on)
    case = fu.TbFact("c3", date(2025, 4, 11), False, None, False)
    assert [t.episode for t in fu.person_tasks(adult(tb_symptom_on=date(2025, 4, 10), tb=(case,)), on).tasks
            if t.kind == "gejala_tbc"] == ["c3"]


# ------------------------------------------------------------------------- referrals, households


def test_an_unanswered_referral_after_the_days_set():
    days = config.get("followup.referral_answer_days")
    sent = date(2025, 4, 1)
    ref = fu.ReferralFact("r1", sent, "Puskesmas", False)
    assert "rujukan_belum_dijawab" not in kinds(adult(referrals=(ref,)), sent + timedelta(days=days - 1))
    assert "rujukan_belum_dijawab" in kinds(adult(referrals=(ref,)), sent + timedelta(days=days))


def test_a_household_not_visited_this_year():
    month = config.get("followup.household_visit_from_month")
    opens = date(2025, month, 1)
    assert fu.household_tasks(None, opens - timedelta(days=1)) == ()
    (task,) = fu.household_tasks(date(2024, 11, 1), opens)
    assert task.kind == "rumah_belum_dikunjungi" and task.due_on == date(2025, 12, 31)
    assert fu.household_tasks(date(2025, 2, 1), opens) == ()


def test_a_reason_survives_storage_and_renders_in_english():
    task = kinds(adult(referrals=(fu.ReferralFact("r1", date(2025, 4, 1), "RSUD", False),)), date(2025, 6, 1))
    message = task["rujukan_belum_dijawab"].reason
    again = fu.message_from_json(fu.message_to_json(message))
    assert render(again) == render(message)
    assert "1 April 2025" in render(again, lang="en")


def test_every_task_kind_has_a_plain_label():
    from siklus.rules import codes

    made = {"imunisasi_terlewat", "bb_tidak_naik", "bb_2t", "bgm", *fu.FINDING_MEASURE, "anc_terlewat",
            "kf_terlewat", "kn_terlewat", "kontrol_terlewat", "gejala_tbc", "tbc_kunjungan_terlewat",
            "rujukan_belum_dijawab", "rumah_belum_dikunjungi"}
    assert made == {c.code for c in codes.of_kind(codes.TASK)}
