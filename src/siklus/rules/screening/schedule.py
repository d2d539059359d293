"""Who is due for which Klaster 3 / CKG screening, and when (ILP.md §4.2–§4.4).

``SCREENING_ITEMS``                  versioned table of items: sex, ages, requirement, interval
``screening_due(item, birth=…, sex=…, on=…, last_done=None, …)`` -> :class:`ScreeningDue`
``screening_interval_months(item, high_risk=False)``
``next_due_date(item, last_done, high_risk=False)``

An item a person is too young for gives ``not_eligible`` with the date they become eligible; an
item never done by an eligible person is due from the date they became eligible (risk-based
eligibility has no such date: due from ``on``). Requirements are the person's facts passed as
keywords: ``risk_factor`` (PTM risk: obesity, central obesity, high BP — glucose below 40 y; risk
history for colorectal), ``hypertension_or_diabetes`` (lipids, kidney, HT complications),
``sexually_active`` (IVA, HPV-DNA), ``high_risk`` (IVA yearly instead of every 3 years).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from siklus.rules import config
from siklus.rules.lifecycle import age_on, date_at_age
from siklus.rules.messages import gettext_noop
from siklus.rules.screening.result import sex_code
from siklus.rules.versioning import JUKNIS_ILP, JUKNIS_ILP_FROM, Edition, Versioned

config.declare(
    "screening.sadanis_from_years",
    30,
    "Women are screened with SADANIS from this age. The juknis ILP says women > 15 y; the CKG package "
    "starts breast screening at 30.",
    "ILP.md §4.3 Cancer [V:S1b] vs §4.2 CKG [V:S2] — sources disagree; CKG value used",
)
config.declare(
    "screening.cervical_from_years",
    30,
    "Sexually active women are screened for cervical cancer (IVA, HPV-DNA) from this age "
    "(juknis: '> 30 y'; CKG: women ≥ 30).",
    "ILP.md §4.3 Cancer [V:S1b], §4.2 [V:S2]",
)
config.declare(
    "screening.hpv_dna_interval_months",
    60,
    "Interval of HPV-DNA cervical screening with a negative result (months).",
    "Not in ILP.md [M]; WHO recommends 5–10 years",
)
config.declare(
    "screening.srq20_from_years",
    15,
    "SRQ-20 is done yearly from this age (ILP.md prints '≥15/18 y').",
    "ILP.md §4.3 Mental health [V:S1b]; the two ages are ambiguous [M]",
)

# Requirement names (the keywords of screening_due)
RISK_FACTOR = "risk_factor"
HT_DM = "hypertension_or_diabetes"
SEXUALLY_ACTIVE = "sexually_active"
_REQUIREMENT_TEXT = {
    RISK_FACTOR: "ada faktor risiko",
    HT_DM: "penderita hipertensi atau diabetes",
    SEXUALLY_ACTIVE: "sudah aktif secara seksual",
}


@dataclass(frozen=True)
class ScreeningItem:
    code: str
    label: str
    min_age_years: int | str  # completed years, or the name of a setting holding it
    interval_months: int | str  # or the name of a setting
    sex: str | None = None  # "P" for women only
    max_age_years: int | None = None  # inclusive
    requires: str | None = None  # a person's fact the item needs
    requires_below_years: int | None = None  # the requirement only applies below this age
    high_risk_interval_months: int | None = None
    source: str = ""


SCREENING_ITEMS = Versioned(
    Edition(
        JUKNIS_ILP,
        JUKNIS_ILP_FROM,
        (
            ScreeningItem("tekanan_darah", gettext_noop("Pengukuran tekanan darah"), 15, 12, source="ILP.md §4.3 BP [V:S1b]"),
            ScreeningItem(
                "gula_darah",
                gettext_noop("Pemeriksaan gula darah"),
                15,
                12,
                requires=RISK_FACTOR,
                requires_below_years=40,
                source="ILP.md §4.3 Diabetes: all ≥ 40 y; 15–< 40 y with PTM risk [V:S1b]",
            ),
            ScreeningItem(
                "obesitas", gettext_noop("Pengukuran BB, TB, IMT dan lingkar perut"), 15, 12, source="ILP.md §4.3 Obesity [V:S1b]"
            ),
            ScreeningItem(
                "srq20",
                gettext_noop("Skrining kesehatan jiwa (SRQ-20)"),
                "screening.srq20_from_years",
                12,
                source="ILP.md §4.3 [V:S1b]",
            ),
            ScreeningItem("puma", gettext_noop("Skrining PPOK (PUMA)"), 40, 12, source="ILP.md §4.3 PPOK [V:S1b]"),
            ScreeningItem(
                "tajam_penglihatan", gettext_noop("Pemeriksaan tajam penglihatan"), 15, 12, source="ILP.md §4.3 Vision [V:S1b]"
            ),
            ScreeningItem("katarak", gettext_noop("Pemeriksaan katarak"), 40, 12, source="ILP.md §4.3 Vision [V:S1b]"),
            ScreeningItem("pendengaran", gettext_noop("Tes bisik (pendengaran)"), 18, 12, source="ILP.md §4.2 CKG dewasa [V:S2]"),
            ScreeningItem(
                "sadanis",
                gettext_noop("Pemeriksaan payudara klinis (SADANIS)"),
                "screening.sadanis_from_years",
                36,
                sex="P",
                source="ILP.md §4.3 Cancer: every 3 years [V:S1b]",
            ),
            ScreeningItem(
                "iva",
                gettext_noop("Pemeriksaan IVA (kanker leher rahim)"),
                "screening.cervical_from_years",
                36,
                sex="P",
                requires=SEXUALLY_ACTIVE,
                high_risk_interval_months=12,
                source="ILP.md §4.3 Cancer: IVA every 3 years, yearly if high risk [V:S1b]",
            ),
            ScreeningItem(
                "hpv_dna",
                gettext_noop("Pemeriksaan HPV-DNA"),
                "screening.cervical_from_years",
                "screening.hpv_dna_interval_months",
                sex="P",
                requires=SEXUALLY_ACTIVE,
                source="ILP.md §4.3 Cancer [V:S1b]; interval [M]",
            ),
            ScreeningItem(
                "kolorektal",
                gettext_noop("Colok dubur dan darah samar feses (kanker kolorektal)"),
                50,
                12,
                requires=RISK_FACTOR,
                source="ILP.md §4.3 Cancer: ≥ 50 y moderate risk or high-risk history, yearly [V:S1b]",
            ),
            ScreeningItem("kanker_paru", gettext_noop("Anamnesis risiko kanker paru"), 40, 12, source="ILP.md §4.2 CKG 40–59 [V:S2]"),
            ScreeningItem(
                "lipid",
                gettext_noop("Profil lipid puasa"),
                40,
                12,
                requires=HT_DM,
                source="ILP.md §4.3 Lipids: HT/DM > 40 y; §4.2 CKG ≥ 40 [V:S1b,S2]",
            ),
            ScreeningItem(
                "fungsi_ginjal",
                gettext_noop("Fungsi ginjal (ureum, kreatinin, eGFR)"),
                40,
                12,
                requires=HT_DM,
                source="ILP.md §4.3 Kidney [V:S2]",
            ),
            ScreeningItem(
                "komplikasi_hipertensi",
                gettext_noop("Skrining komplikasi hipertensi"),
                40,
                12,
                requires=HT_DM,
                source="ILP.md §4.3 BP: HT ≥ 40 y yearly complication screening [V:S1b]",
            ),
            ScreeningItem(
                "skilas", gettext_noop("Skrining lansia sederhana (SKILAS)"), 60, 12, source="ILP.md §4.2 CKG lansia [V:S2], §4.4"
            ),
            ScreeningItem(
                "adl",
                gettext_noop("Penilaian aktivitas kehidupan sehari-hari (ADL/AKS)"),
                60,
                12,
                source="ILP.md §4.2 CKG lansia [V:S2], §4.4",
            ),
        ),
    )
)


def _value(value):
    return config.get(value) if isinstance(value, str) else value


def _item(code: str, on: date | None) -> tuple[ScreeningItem, str]:
    edition = SCREENING_ITEMS.at(on)
    for item in edition.value:
        if item.code == code:
            return item, edition.version
    raise KeyError(f"unknown screening item {code!r}")


def screening_interval_months(item: str, *, high_risk: bool = False, on: date | None = None) -> int:
    spec, _ = _item(item, on)
    if high_risk and spec.high_risk_interval_months:
        return spec.high_risk_interval_months
    return _value(spec.interval_months)


def next_due_date(item: str, last_done: date, *, high_risk: bool = False) -> date:
    """The date an item is due again after it was last done."""
    return date_at_age(last_done, months=screening_interval_months(item, high_risk=high_risk, on=last_done))


@dataclass(frozen=True)
class ScreeningDue:
    item: str
    label: str
    status: str  # "due" (due_on ≤ on), "not_yet" (due later), "not_eligible"
    due_on: date | None  # when it is/was/will be due; None when not eligible and no age makes it so
    interval_months: int | None
    reason: str  # Indonesian: why not eligible / when last done
    rule_version: str


def screening_due(
    item: str,
    *,
    birth: date,
    sex: str,
    on: date,
    last_done: date | None = None,
    risk_factor: bool = False,
    hypertension_or_diabetes: bool = False,
    sexually_active: bool = True,
    high_risk: bool = False,
) -> ScreeningDue:
    spec, version = _item(item, on)
    facts = {RISK_FACTOR: risk_factor, HT_DM: hypertension_or_diabetes, SEXUALLY_ACTIVE: sexually_active}
    interval = screening_interval_months(item, high_risk=high_risk, on=on)
    if spec.sex and sex_code(sex) != spec.sex:
        return ScreeningDue(item, spec.label, "not_eligible", None, None, "tidak sesuai jenis kelamin", version)
    years = age_on(birth, on).years
    min_age = _value(spec.min_age_years)
    if spec.max_age_years is not None and years > spec.max_age_years:
        return ScreeningDue(
            item, spec.label, "not_eligible", None, None, f"usia di atas {spec.max_age_years} tahun", version
        )
    eligible_from = date_at_age(birth, years=min_age)
    if years < min_age:
        return ScreeningDue(
            item, spec.label, "not_eligible", eligible_from, interval, f"mulai usia {min_age} tahun", version
        )
    needs = spec.requires is not None and (spec.requires_below_years is None or years < spec.requires_below_years)
    if spec.requires is not None and needs and not facts[spec.requires]:
        reason = f"hanya bila {_REQUIREMENT_TEXT[spec.requires]}"
        all_from = None
        if spec.requires_below_years is not None:
            all_from = date_at_age(birth, years=spec.requires_below_years)
            reason += f"; untuk semua orang mulai usia {spec.requires_below_years} tahun"
        return ScreeningDue(item, spec.label, "not_eligible", all_from, interval if all_from else None, reason, version)
    if last_done is None:
        # Risk-based eligibility has no known start: due now. Otherwise due since the age was reached.
        due_on = on if needs else eligible_from
        reason = "belum pernah diperiksa"
    else:
        due_on = date_at_age(last_done, months=interval)
        reason = f"terakhir diperiksa {last_done.isoformat()}"
    return ScreeningDue(item, spec.label, "due" if due_on <= on else "not_yet", due_on, interval, reason, version)
