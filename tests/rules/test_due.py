"""What is due today for one person (the due engine), case by case against ILP.md.

Each test builds one person and checks the items the engine lists, with the ILP.md row that
makes them due. The engine composes the immunization, children, pregnancy and screening rules;
those modules have their own detailed tests — here we check that the right service appears (or
not) for the right person, with why, from/by when and where.
"""

import ast
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from siklus.rules import config
from siklus.rules.due import History, Person, Pregnancy, due
from siklus.rules.immunization import State
from siklus.rules.pregnancy import AncContact

GIRL = date(2025, 3, 1)  # 9 months old on 1 Dec 2025

ON_TIME_TO_4_MONTHS = (
    ("HB0", date(2025, 3, 1)), ("BCG", date(2025, 3, 20)), ("OPV1", date(2025, 3, 20)),
    ("DPT-HB-Hib1", date(2025, 5, 2)), ("OPV2", date(2025, 5, 2)), ("PCV1", date(2025, 5, 2)),
    ("RV1", date(2025, 5, 2)),
    ("DPT-HB-Hib2", date(2025, 6, 3)), ("OPV3", date(2025, 6, 3)), ("PCV2", date(2025, 6, 3)),
    ("RV2", date(2025, 6, 3)),
    ("DPT-HB-Hib3", date(2025, 7, 8)), ("OPV4", date(2025, 7, 8)), ("RV3", date(2025, 7, 8)),
    ("IPV1", date(2025, 7, 8)),
)


def codes(result, state=None):
    return {i.code for i in result.items if state is None or i.state is state}


# --- Infants and children ------------------------------------------------------------------------------


def test_nine_month_old_with_doses_on_time_is_due_for_mr1_ipv2_weighing_and_kpsp():
    """ILP.md §3.2 (9 bulan: MR1, IPV2), §1.7 (monthly weighing at Posyandu), §4.6 (KPSP 9 months)."""
    person = Person(GIRL, "P", History(ON_TIME_TO_4_MONTHS, services={"penimbangan": (date(2025, 11, 5),)}))
    result = due(person, date(2025, 12, 1))
    assert codes(result) == {"imunisasi:MR1", "imunisasi:IPV2", "penimbangan", "kpsp"}
    mr1 = result.item("imunisasi:MR1")
    assert (mr1.state, mr1.due_by, mr1.places) == (State.DUE, date(2025, 12, 31), ("Posyandu", "Pustu", "Puskesmas"))
    assert result.immunization.next_visit == date(2025, 12, 1)
    assert result.stage == "Bayi"


def test_late_doses_come_first_and_are_due_by_the_end_of_the_yellow_window():
    """ILP.md §3.3: yellow = still allowed to complete infant immunization (to 11 months)."""
    history = History(ON_TIME_TO_4_MONTHS[:7])
    result = due(Person(GIRL, "P", history), date(2025, 12, 1))
    first = result.items[0]
    assert first.state is State.OVERDUE
    assert result.item("imunisasi:DPT-HB-Hib2").due_by == date(2026, 2, 28)
    assert "imunisasi:RV2" not in codes(result)  # past 6 months 29 days: closed, not listed


def test_weighing_done_this_month_is_not_due_again():
    person = Person(GIRL, "P", History(ON_TIME_TO_4_MONTHS, services={"penimbangan": (date(2025, 12, 1),)}))
    assert "penimbangan" not in codes(due(person, date(2025, 12, 20)))


def test_vitamin_a_in_february_for_an_infant():
    """ILP.md §4.6: vitamin A for bayi 6–11 bulan in February, at the Posyandu."""
    result = due(Person(GIRL, "P", History(ON_TIME_TO_4_MONTHS)), date(2026, 2, 2))
    item = result.item("vitamin-a")
    assert item.state is State.DUE
    assert item.places == ("Posyandu",)
    assert "100.000 IU (kapsul biru)" in item.label


def test_pkat_due_at_six_months():
    """ILP.md §4.6: PKAT at 6 – <7 months."""
    item = due(Person(GIRL, "P", History(ON_TIME_TO_4_MONTHS)), date(2025, 9, 15)).item("pkat")
    assert (item.state, item.due_by) == (State.DUE, date(2025, 9, 30))


def test_newborn_on_day_one_is_due_for_hb0_bcg_opv1_kn1_and_the_newborn_ckg():
    """ILP.md §3.2 (HB0 <24 jam, BCG/OPV1 <1 bulan), §4.5 (KN1 6 h – 2 days), §4.2 (CKG BBL day 2)."""
    result = due(Person(date(2025, 3, 1), "L"), date(2025, 3, 2))
    expected = {"imunisasi:HB0", "imunisasi:BCG", "imunisasi:OPV1", "kn:KN1", "ckg:bayi-baru-lahir"}
    assert expected <= codes(result, State.DUE)
    assert result.item("kn:KN1").due_by == date(2025, 3, 2)


def test_newborn_with_kn1_done_is_due_for_kn2_from_day_3():
    """ILP.md §4.5: KN2 3–7 days."""
    history = History(services={"kn": (date(2025, 3, 1),)})
    soon = due(Person(date(2025, 3, 1), "P", history), date(2025, 3, 2)).item("kn:KN2")
    assert (soon.state, soon.due_from, soon.due_by) == (State.DUE_SOON, date(2025, 3, 3), date(2025, 3, 7))
    assert due(Person(date(2025, 3, 1), "P", history), date(2025, 3, 4)).item("kn:KN2").state is State.DUE


def test_no_kn_after_28_days():
    assert not {c for c in codes(due(Person(date(2025, 3, 1), "P"), date(2025, 3, 30))) if c.startswith("kn:")}


def test_ckg_for_a_two_year_old_on_the_birthday_includes_hb_and_glucose():
    """ILP.md §4.2: balita & apras 1–6 th from the birthday up to 1 month after; age 2 Hb and glucose."""
    item = due(Person(date(2023, 5, 10), "L"), date(2025, 5, 10)).item("ckg")
    assert item.state is State.DUE
    assert (item.due_from, item.due_by) == (date(2025, 5, 10), date(2025, 6, 10))
    assert "umur 2 tahun: Hb (talasemia) dan gula darah" in item.reason


def test_school_child_due_for_screening_and_bias():
    """ILP.md §4.6 (penjaringan kelas 1) and §3.5 (BIAS kelas 1: MR in August)."""
    person = Person(date(2018, 3, 1), "L", school_class=1)
    result = due(person, date(2025, 8, 5))
    assert result.item("skrining-sekolah").label == "Penjaringan kesehatan kelas 1 / CKG sekolah"
    bias = result.item("imunisasi:MR-BIAS")
    assert (bias.state, bias.places, bias.due_by) == (State.DUE, ("sekolah", "Puskesmas"), date(2025, 8, 31))
    done = Person(date(2018, 3, 1), "L", History(services={"skrining-sekolah": (date(2025, 7, 20),)}), school_class=1)
    assert "skrining-sekolah" not in codes(due(done, date(2025, 8, 5)))


# --- Pregnancy, postpartum -----------------------------------------------------------------------------


def test_pregnant_woman_in_first_trimester_is_due_for_k1_with_doctor_and_td():
    """ILP.md §4.5: K1 in TM1 by a doctor with USG (at the Puskesmas); T status screened, aim T5."""
    person = Person(date(1998, 5, 1), "P", pregnancy=Pregnancy(hpht=date(2025, 10, 15)))
    result = due(person, date(2025, 12, 1))
    k1 = result.item("anc:K1")
    assert (k1.state, k1.places) == (State.DUE, ("Puskesmas",))
    assert "Oleh dokter, dengan USG." in k1.reason
    assert result.item("imunisasi:Td").label == "Imunisasi Td untuk T1 (ibu hamil)"
    assert "skrining-ptm" not in codes(result)  # ANC covers screening during pregnancy


def test_pregnant_woman_after_k1_is_due_for_k2_at_pustu_in_the_second_trimester():
    """ILP.md §4.5: K2 in TM2 (>12–24 weeks) by a bidan at Puskesmas or Pustu."""
    preg = Pregnancy(hpht=date(2025, 7, 1), anc=(AncContact(date(2025, 8, 20), by_doctor=True, usg=True),))
    item = due(Person(date(1998, 5, 1), "P", pregnancy=preg), date(2025, 10, 1)).item("anc:K2")
    assert (item.state, item.places) == (State.DUE, ("Pustu", "Puskesmas"))


def test_mother_ten_days_after_delivery_is_due_for_kf3():
    """ILP.md §4.5: KF3 8–28 days."""
    history = History(services={"kf": (date(2025, 11, 21), date(2025, 11, 25))})
    person = Person(date(1998, 5, 1), "P", history, delivered_on=date(2025, 11, 20))
    item = due(person, date(2025, 11, 30)).item("kf:KF3")
    assert (item.state, item.due_from, item.due_by) == (State.DUE, date(2025, 11, 27), date(2025, 12, 17))


def test_woman_with_t5_is_not_due_for_td():
    """ILP.md §3.6: T5 protects >25 years."""
    td = (date(2015, 1, 1), date(2015, 2, 1), date(2015, 8, 1), date(2016, 8, 1), date(2017, 8, 1))
    result = due(Person(date(1995, 5, 1), "P", History(td=td)), date(2025, 12, 1))
    assert "imunisasi:Td" not in codes(result)
    assert result.td.label == "T5"


def test_man_is_not_screened_for_t_status():
    assert due(Person(date(1995, 5, 1), "L"), date(2025, 12, 1)).td is None


# --- Adults and lansia -------------------------------------------------------------------------------


def test_adult_never_screened_is_due_for_yearly_ptm_screening():
    """ILP.md §4.3: BP, obesity, SRQ-20, vision yearly from 15 y (screening schedule)."""
    item = due(Person(date(1995, 1, 10), "L"), date(2025, 12, 1)).item("skrining-ptm")
    assert item.state is State.DUE
    assert "Pengukuran tekanan darah (belum pernah)" in item.reason
    assert "PUMA" not in item.reason  # from 40


def test_adult_screened_eleven_months_ago_is_due_soon():
    history = History(services={"skrining-ptm": (date(2025, 1, 15),)})
    item = due(Person(date(1995, 6, 10), "L", history), date(2025, 12, 20)).item("skrining-ptm")
    assert (item.state, item.due_from) == (State.DUE_SOON, date(2026, 1, 15))


def test_birthday_ckg_replaces_the_screenings_it_contains():
    """ILP.md §4.2: dewasa 30–39 = 18–29 package + SADANIS and IVA for women; the yearly PTM and
    cancer screening are done inside it."""
    result = due(Person(date(1990, 12, 1), "P"), date(2025, 12, 1))
    ckg = result.item("ckg")
    assert ckg.label == "CKG dewasa 30–39 tahun (ulang tahun ke-35)"
    assert "Sekaligus mencakup: Skrining PTM tahunan, Skrining kanker payudara dan leher rahim." in ckg.reason
    assert not {"skrining-ptm", "skrining-kanker"} & codes(result)


def test_ckg_for_a_leap_day_birthday_opens_on_28_february():
    """A person born 29 Feb completes a year on 28 Feb in a common year (ILP.md §4.2 'from the birthday')."""
    person = Person(date(2000, 2, 29), "L")
    assert due(person, date(2025, 2, 27)).item("ckg").state is State.DUE_SOON
    ckg = due(person, date(2025, 2, 28)).item("ckg")
    assert (ckg.state, ckg.due_from, ckg.due_by) == (State.DUE, date(2025, 2, 28), date(2025, 3, 28))


def test_ckg_window_closes_one_month_after_the_birthday_and_is_a_setting():
    """ILP.md §4.2: 'from the birthday up to 1 month after it'."""
    person = Person(date(1990, 3, 10), "L")
    assert due(person, date(2025, 4, 10)).item("ckg").state is State.DUE
    late = due(person, date(2025, 4, 11))
    assert "ckg" not in codes(late)
    assert "CKG ulang tahun ke-35 belum tercatat (jendela 10 Maret 2025–10 April 2025)." in late.notes
    with config.override(**{"due.ckg_window_months": 2}):
        assert due(person, date(2025, 4, 11)).item("ckg").state is State.DUE


def test_lansia_due_for_skilas_and_adl_and_no_cancer_screening_for_men():
    """ILP.md §4.2 lansia (SKILAS + ADL), §4.4."""
    result = due(Person(date(1955, 1, 5), "L"), date(2025, 12, 1))
    assert "SKILAS" in result.item("skilas-adl").reason
    assert "skrining-kanker" not in codes(result)


def test_woman_of_45_due_for_sadanis_and_iva_every_three_years():
    """ILP.md §4.3 Cancer: SADANIS and IVA every 3 years."""
    history = History(services={"sadanis": (date(2023, 1, 5),), "iva": (date(2022, 11, 5),),
                                "skrining-ptm": (date(2025, 6, 1),)})
    item = due(Person(date(1980, 6, 1), "P", history), date(2025, 12, 1)).item("skrining-kanker")
    assert item.state is State.DUE
    assert item.reason.endswith("Pemeriksaan IVA (kanker leher rahim) (jatuh tempo 5 November 2025).")


# --- Known conditions -----------------------------------------------------------------------------------


def test_known_hypertension_is_controlled_monthly():
    """ILP.md §4.3: normal tinggi & HT → monthly monitoring at Posyandu/Pustu."""
    history = History(services={"kontrol-hipertensi": (date(2025, 11, 3),)})
    person = Person(date(1980, 6, 1), "L", history, conditions=frozenset({"hipertensi"}))
    item = due(person, date(2025, 12, 1)).item("kontrol-hipertensi")
    assert (item.state, item.due_by) == (State.DUE, date(2025, 12, 31))
    controlled = Person(date(1980, 6, 1), "L", History(services={"kontrol-hipertensi": (date(2025, 12, 2),)}),
                        conditions=frozenset({"hipertensi"}))
    assert "kontrol-hipertensi" not in codes(due(controlled, date(2025, 12, 20)))


def test_hypertension_from_40_adds_yearly_complication_screening():
    """ILP.md §4.3: HT ≥40 y → yearly complication screening (funduskopi, EKG, lipid, ureum/kreatinin)."""
    older = due(Person(date(1985, 6, 1), "L", conditions=frozenset({"hipertensi"})), date(2025, 12, 1))
    assert older.item("skrining-komplikasi").places == ("Puskesmas",)
    younger = due(Person(date(1985, 12, 2), "L", conditions=frozenset({"hipertensi"})), date(2025, 12, 1))
    assert "skrining-komplikasi" not in codes(younger)  # 39 years 364 days


def test_known_diabetes_monthly_glucose_at_pustu():
    """ILP.md §4.3: controlled DM → monthly glucose at Pustu."""
    person = Person(date(1970, 6, 1), "P", conditions=frozenset({"diabetes"}))
    item = due(person, date(2025, 12, 1)).item("kontrol-diabetes")
    assert item.places == ("Pustu", "Puskesmas")


def test_prediabetes_rechecked_every_three_months():
    """ILP.md §4.3: prediabetes → lifestyle + recheck every 3 months."""
    history = History(services={"gula-darah": (date(2025, 9, 1),)})
    person = Person(date(1980, 6, 1), "L", history, conditions=frozenset({"prediabetes"}))
    assert due(person, date(2025, 11, 30)).item("gula-darah").state is State.DUE_SOON
    assert due(person, date(2025, 12, 1)).item("gula-darah").state is State.DUE


def test_tb_treatment_follow_up_interval_is_a_setting():
    history = History(services={"kontrol-tbc": (date(2025, 10, 5),)})
    person = Person(date(1980, 6, 1), "L", history, conditions=frozenset({"tbc"}))
    assert due(person, date(2025, 12, 1)).item("kontrol-tbc").state is State.DUE
    with config.override(**{"due.tb_followup_interval_months": 2}):
        assert due(person, date(2025, 12, 1)).item("kontrol-tbc").state is State.DUE_SOON


def test_horizon_is_a_setting():
    person = Person(date(1990, 3, 10), "L", History(services={"ckg": (date(2024, 3, 12),)}))
    assert "ckg" not in codes(due(person, date(2025, 1, 20)))  # birthday 49 days ahead
    with config.override(**{"due.horizon_days": 60}):
        assert due(person, date(2025, 1, 20)).item("ckg").state is State.DUE_SOON
    assert due(person, date(2025, 1, 20), horizon_days=60).item("ckg").state is State.DUE_SOON


# --- Input errors and purity -------------------------------------------------------------------------


def test_unknown_service_code_is_rejected_in_indonesian():
    with pytest.raises(ValueError, match="layanan tidak dikenal: vaksin"):
        due(Person(GIRL, "P", History(services={"vaksin": (date(2025, 5, 1),)})), date(2025, 12, 1))


def test_unknown_condition_is_rejected():
    with pytest.raises(ValueError, match="kondisi tidak dikenal: asma"):
        due(Person(date(1980, 1, 1), "L", conditions=frozenset({"asma"})), date(2025, 12, 1))


def test_pregnancy_needs_sex_p():
    with pytest.raises(ValueError, match="kehamilan hanya untuk jenis kelamin P"):
        due(Person(date(1990, 1, 1), "L", pregnancy=Pregnancy(date(2025, 10, 1))), date(2025, 12, 1))


def test_every_item_says_why_where_and_which_rule_version():
    person = Person(date(1975, 12, 10), "P", conditions=frozenset({"hipertensi", "diabetes"}))
    result = due(person, date(2025, 12, 1))
    assert result.items
    for item in result.items:
        assert item.reason and item.places and item.rule_version


RULES = Path(__file__).resolve().parents[2] / "src" / "siklus" / "rules"


def test_rules_package_imports_neither_django_nor_other_siklus_packages():
    """Issue 'Done when': the rules package has no import of Django or of any other siklus package."""
    offending = []
    for path in sorted(RULES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                outside = name.startswith("siklus") and not name.startswith("siklus.rules")
                if name.split(".")[0] == "django" or outside:
                    offending.append(f"{path.relative_to(RULES)}: {name}")
    assert offending == []


def test_due_engine_loads_without_django():
    code = "import sys, siklus.rules.due, siklus.commands.due; assert 'django' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_kpsp_is_done_inside_the_birthday_ckg_of_a_child():
    """ILP.md §4.2: the balita & apras CKG package includes development (KPSP)."""
    result = due(Person(date(2020, 8, 15), "L"), date(2025, 8, 20))
    assert "kpsp" not in codes(result)
    assert result.item("ckg").reason.endswith("Sekaligus mencakup: Skrining perkembangan (KPSP) — KPSP 60 bulan.")


# --- ILP.md §0.1 corrections as they reach the due list --------------------------------------------------


def test_girl_with_one_hpv_dose_has_no_hpv_due_in_2026():
    """ILP.md §0.1 C1: under KMK 1098/2024 as amended by KMK 35/2025 one HPV dose is complete, so the
    kelas-6 round of August 2026 lists no HPV for her (the 2024 schedule would have asked HPV2)."""
    person = Person(date(2014, 3, 1), "P", History((("HPV1", date(2025, 8, 10)),)))
    result = due(person, date(2026, 8, 5))
    assert not {c for c in result.codes() if "HPV" in c}
    assert result.immunization.rule_version == "imunisasi-rutin-2025"


def test_girl_without_hpv_gets_the_kelas_6_catch_up_in_the_due_list():
    result = due(Person(date(2014, 3, 1), "P"), date(2026, 8, 5))
    item = result.item("imunisasi:HPV1")
    assert (item.state, item.places) == (State.CATCH_UP, ("sekolah", "Puskesmas"))


def test_one_month_ten_days_old_is_due_not_late_for_bcg_and_opv1():
    """ILP.md §0.1 C3: BCG and OPV1 are at the recommended age up to the end of the 2nd month."""
    result = due(Person(date(2025, 1, 1), "L"), date(2025, 2, 11))
    assert {"imunisasi:BCG", "imunisasi:OPV1"} <= codes(result, State.DUE)


def test_kpsp_of_the_rounded_age_is_due_at_2_months_22_days():
    """ILP.md §0.1 C7: 2 months 22 days counts as 3 months, so the 3-month KPSP is due."""
    item = due(Person(date(2025, 1, 1), "L"), date(2025, 3, 23)).item("kpsp")
    assert (item.state, item.label) == (State.DUE, "Skrining perkembangan (KPSP) — KPSP 3 bulan")


def test_rule_versions_come_from_the_tables_that_produced_the_items():
    """No literal version strings in the engine: growth and disease follow-up name FOLLOW_UP's edition."""
    from siklus.rules import due as engine
    from siklus.rules.versioning import JUKNIS_ILP

    person = Person(date(1960, 1, 1), "L", conditions=frozenset({"hipertensi", "prediabetes", "tbc"}))
    result = due(person, date(2025, 12, 1))
    for code in ("kontrol-hipertensi", "gula-darah", "kontrol-tbc"):
        assert result.item(code).rule_version == engine.FOLLOW_UP.at(date(2025, 12, 1)).version == JUKNIS_ILP
    assert due(Person(GIRL, "P"), date(2025, 12, 1)).item("penimbangan").rule_version == JUKNIS_ILP
    source = (RULES / "due.py").read_text(encoding="utf-8")
    assert '"juknis-ilp-2023"' not in source


def test_items_are_messages_the_interface_can_translate():
    """Issue #8 item 4: labels, reasons, groups and places are messages with raw parameters."""
    from siklus.rules.messages import Message, render

    item = due(Person(GIRL, "P", History(ON_TIME_TO_4_MONTHS)), date(2025, 12, 1)).item("penimbangan")
    assert isinstance(item.title, Message) and all(isinstance(m, Message) for m in item.why + item.where)
    assert item.why[0].params["month"].month == 12  # a month value, not "Desember 2025"
    fake = {"Posyandu": "POSYANDU!"}
    assert render(item.where[0], lambda s: fake.get(s, s), "en") == "POSYANDU!"
