"""Recording care, and the one place that turns a raw value into a stored classification.

:func:`classify` asks :mod:`siklus.rules` for the category of one observation value, under the
rule settings of the person's area, and returns it with the rule version and the settings
signature to store beside the value. :func:`classify_growth` does the same for many child
measurements at once (vectorised WHO z-scores) with identical results; synth and any bulk import
use it. Nothing else in siklus names a category.

:func:`record_encounter`, :func:`record_observation` and :func:`record_immunization` are the write
paths: each requires ``Perm.RECORD_CARE`` on the person, validates (Indonesian messages per
field, :class:`~siklus.core.errors.Invalid`), saves atomically and writes the audit log.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, require
from siklus.audit import log as audit
from siklus.care.models import Encounter, Immunization, Observation
from siklus.core.actors import require_actor, user_of
from siklus.core.errors import Collector, Invalid
from siklus.facilities.models import Facility
from siklus.people.models import Person
from siklus.rules import children, codes, config, elderly, pregnancy, recording, tb, units
from siklus.rules.anthropometry import assess, compute
from siklus.rules.anthropometry import classify as classify_z
from siklus.rules.anthropometry.status import PERMENKES_2_2020
from siklus.rules.anthropometry.zscores import completed_calendar_months
from siklus.rules.lifecycle import age_on, stages
from siklus.rules.messages import text
from siklus.rules.screening import blood, bloodpressure, lung, mental, metabolic
from siklus.rules.screening.result import MONTHLY_MONITORING

LABEL_LENGTH = Observation._meta.get_field("category_label").max_length

# --------------------------------------------------------------------------------- classification


@dataclass(frozen=True)
class Classification:
    """What is stored beside a value: the rule's category and label, the rule version, and the
    signature of the rule settings in force for the person's area (``""`` when no rule applies)."""

    category: str = ""
    label: str = ""  # Indonesian, as the rule words it
    rule_version: str = ""
    rule_settings: str = ""
    follow_up: str = ""  # siklus.rules.screening.result follow-up code, when the rule gives one
    flags: tuple[str, ...] = ()


NOT_CLASSIFIED = Classification()


@dataclass(frozen=True)
class Extra:
    """What a rule needs beside the value itself."""

    sbp: float | None = None  # the other half of a blood pressure reading
    dbp: float | None = None
    known_hypertension: bool = False  # a kontrol reading of a treated person: control status, not a screening band
    known_diabetes: bool = False  # a glucose reading of a diagnosed diabetic: terkendali / tidak terkendali
    pregnant: bool = False  # LiLA of a pregnant woman is judged for KEK whatever her age
    classic_symptoms: bool = False  # polyuria, polydipsia, polyphagia, weight loss (GDS ≥ 200)
    unit_confirmed: bool = False  # the person confirmed a value the unit guard doubted
    weight_kg: float | None = None  # child measurements taken with this one
    lenhei_cm: float | None = None
    measure: str = ""  # "l" lying / "h" standing for lenhei_cm
    muac_cm: float | None = None
    oedema: bool = False
    skilas_domains: tuple[str, ...] | None = None  # positive SKILAS domains (elderly.SKILAS_DOMAINS)
    srq20_item17: bool = False  # SRQ-20 item 17 (suicidal thoughts) answered Ya
    tb_close_contact: bool = False
    hb_group: str = ""  # blood.HB_GROUPS; Hb is classified only when the group is given


_NO_EXTRA = Extra()
_GLUCOSE_TESTS = {"glucose_random": "gds", "glucose_fasting": "gdp", "glucose_2h": "ttgo", "hba1c": "hba1c"}
_GLUCOSE_MG_DL = ("glucose_random", "glucose_fasting", "glucose_2h")
_LIPIDS = {"cholesterol_total": metabolic.classify_total_cholesterol, "ldl": metabolic.classify_ldl,
           "hdl": metabolic.classify_hdl, "triglycerides": metabolic.classify_triglycerides}
_GROWTH = {"weight": "bb_u", "length_height": "tb_u", "muac": "lila", "head_circumference": "lk_u"}


def classify(code: str, value: float, *, birth_date: date, sex: str, on: date, method: str = "",
             extra: Extra | None = None, area: str | None = None) -> Classification:
    """The classification of one observation value of a person born ``birth_date`` of ``sex``
    ("L"/"P") measured ``on``, under the rule settings of ``area`` (the person's area code).

    Raises :class:`~siklus.rules.codes.UnknownCode` for a code outside the vocabulary and
    ValueError when a rule refuses the value (e.g. a unit slip). A code no rule classifies (a
    head circumference of an adult, Hb without a group …) gives :data:`NOT_CLASSIFIED`.
    """
    if not codes.exists(code, codes.OBSERVATION):
        codes.get(code, codes.OBSERVATION)  # raises UnknownCode
    extra = extra or _NO_EXTRA
    if code == "muac" and sex == "P" and (extra.pregnant or _wus(birth_date, on)):
        return _classified("muac", value, -1, sex, on, extra, area)
    if code in _GROWTH:
        row = GrowthInput(sex=sex, birth_date=birth_date, on=on, area=area,
                          weight_kg=value if code == "weight" else extra.weight_kg,
                          lenhei_cm=value if code == "length_height" else extra.lenhei_cm,
                          measure=method if code == "length_height" else extra.measure,
                          muac_cm=value if code == "muac" else extra.muac_cm,
                          headc_cm=value if code == "head_circumference" else None,
                          oedema=extra.oedema)
        return getattr(classify_growth([row])[0], code)
    # The rules see the age only as completed years, and the settings only through their
    # effective values, which the signature names: results are memoised on exactly these inputs.
    years = age_on(birth_date, on).years if code in _AGE_CODES else -1
    return _classified(code, value, years, sex, on, extra, area)


def _wus(birth_date: date, on: date) -> bool:
    return any(stage.code == "wus" for stage in stages(birth_date, on, "P"))


def _classified(code: str, value: float, years: int, sex: str, on: date, extra: Extra, area: str | None) -> Classification:
    signature = config.signature(area)
    key = (code, float(value), years, sex, on, extra, signature)
    found = _memo.get(key)
    if found is None:
        with config.for_area(area):
            result = _rule(code, value, years=years, sex=sex, on=on, extra=extra)
        found = NOT_CLASSIFIED if result is None else Classification(
            result.code, result.label, result.rule_version, signature, result.follow_up.code, tuple(result.flags))
        if len(_memo) >= _MEMO_SIZE:
            _memo.clear()
        _memo[key] = found
    return found


_AGE_CODES = frozenset({"sbp", "dbp", "bmi", "waist"})
_MEMO_SIZE = 200_000
_memo: dict[tuple, Classification] = {}


def _rule(code: str, value: float, *, years: int, sex: str, on: date, extra: Extra):
    """The rule's own result (a siklus.rules Classification) or None."""
    if code in ("sbp", "dbp"):
        sbp, dbp = (value, extra.dbp) if code == "sbp" else (extra.sbp, value)
        if sbp is None or dbp is None:
            return None  # one half of a reading is not a blood pressure
        result = bloodpressure.classify_bp(sbp, dbp, years, sex, known_hypertension=extra.known_hypertension, on=on)
        if extra.known_hypertension and years >= int(config.get("screening.adult_bp_from_years")):
            return _hypertension_control(result)
        return result
    if code in _GLUCOSE_TESTS and extra.known_diabetes:
        if code in _GLUCOSE_MG_DL:
            units.guard("glucose_mg_dl", value, confirmed=extra.unit_confirmed)
        return recording.classify_known_diabetes(code, value, on)
    if code in _GLUCOSE_TESTS:
        return metabolic.classify_glucose(value, _GLUCOSE_TESTS[code], classic_symptoms=extra.classic_symptoms,
                                          on=on, unit_confirmed=extra.unit_confirmed)
    if code in _LIPIDS:
        return _LIPIDS[code](value, on)
    if code == "hb":
        return blood.classify_hb(value, extra.hb_group, on) if extra.hb_group else None
    if code == "bmi":  # adults: Asia-Pacific IMT; children are judged by IMT/U z-scores
        return metabolic.classify_imt(value, on) if years >= 18 else None
    if code == "waist":  # central obesity, screened from 15 years (ILP.md §4.3)
        return metabolic.classify_waist(value, sex, on) if years >= 15 else None
    if code == "zwfl":
        status = classify_z("bb_tb", value, on=on)
        return None if status is None else _Status(status.code, status.label, status.version)
    if code == "adl_score":
        return elderly.classify_adl(_whole(value), on)
    if code == "skilas_positive_domains":
        return _skilas(_whole(value), extra.skilas_domains, on)
    if code == "srq20_score":
        return mental.classify_srq20_score(_whole(value), extra.srq20_item17, on)
    if code == "tb_symptoms":
        return tb.classify_tb_symptoms(bool(value), close_contact=extra.tb_close_contact, on=on)
    if code == "kpsp_yes":
        kpsp = children.kpsp_result(_whole(value), on)
        follow = "refer_puskesmas" if kpsp.refer else ("recheck" if kpsp.retest_on else "routine")
        return _Status(kpsp.category.replace(" ", "_"), text(kpsp.title), kpsp.rule_version, _FollowUpCode(follow))
    if code == "puma_score":
        return _puma(_whole(value), on)
    if code == "muac":  # reached only for a woman of reproductive age or a pregnant woman (see classify)
        return pregnancy.classify_lila(value, on)
    return None


HT_CONTROLLED, HT_UNCONTROLLED = "ht_terkendali", "ht_tidak_terkendali"


def _hypertension_control(result):
    """A treated hypertensive's reading is a control status (the rule's follow-up says which),
    never a screening band such as "normal"; the band stays in the label."""
    controlled = result.follow_up.code == MONTHLY_MONITORING
    code, label = ((HT_CONTROLLED, "Hipertensi terkendali") if controlled
                   else (HT_UNCONTROLLED, "Hipertensi tidak terkendali"))
    return _Status(code, f"{label} ({result.label})", result.rule_version, _FollowUpCode(result.follow_up.code),
                   tuple(result.flags))


def _puma(score: int, on: date):
    """PUMA from its total: the rule classifies item points, so give it items that add up to the
    score (the category depends on the total only)."""
    if not 0 <= score <= 9:
        raise ValueError("skor PUMA harus 0–9")
    left = score
    sex = "L" if left >= 1 else "P"
    left -= sex == "L"
    age_points = min(left, 2)
    left -= age_points
    pack_points = min(left, 2)
    left -= pack_points
    flags = [i < left for i in range(4)]
    return lung.puma_score(sex=sex, age_years=(40, 50, 60)[age_points], pack_years=(0, 20, 31)[pack_points],
                           dyspnoea=flags[0], sputum=flags[1], cough=flags[2], spirometry_before=flags[3], on=on)


@dataclass(frozen=True)
class _FollowUpCode:
    code: str = ""


@dataclass(frozen=True)
class _Status:
    """A result in the shape of a rule Classification (anthropometry, KPSP, control status)."""

    code: str
    label: str
    rule_version: str
    follow_up: _FollowUpCode = _FollowUpCode()
    flags: tuple[str, ...] = ()


def _whole(value: float) -> int:
    if float(value) != int(value):
        raise ValueError("nilai harus bilangan bulat")
    return int(value)


def _skilas(count: int, domains: tuple[str, ...] | None, on: date):
    """SKILAS from its positive domains: the answers that make exactly those domains positive."""
    if domains is None:
        if count:
            raise ValueError("sebutkan domain SKILAS yang positif")
        domains = ()
    unknown = sorted(set(domains) - set(elderly.SKILAS_DOMAINS))
    if unknown or len(set(domains)) != count:
        raise ValueError("jumlah domain SKILAS positif tidak sesuai dengan domain yang disebutkan")
    positive = set(domains)
    return elderly.skilas(
        orientation_correct="kognitif" not in positive, recalls_three_words=True,
        chair_stand_5x_within_14s="mobilisasi" not in positive,
        weight_loss_or_looser_clothes="malnutrisi" in positive, appetite_loss_or_eating_difficulty=False,
        lila_cm=None, eye_problem="penglihatan" in positive,
        finger_count_passed=None if "penglihatan" in positive else True,
        whisper_test_passed="pendengaran" not in positive, sad_or_hopeless="depresi" in positive,
        little_interest_or_pleasure=False, on=on)


def conditions_found(*results: tuple[str, Classification]) -> set[str]:
    """The known-condition codes (vocabulary kind "condition") that screening results point to:
    a blood pressure in a hypertension category, a glucose in the diabetes category."""
    found = set()
    for code, result in results:
        if code in ("sbp", "dbp") and result.category.startswith("hipertensi"):
            found.add("hipertensi")
        elif code in _GLUCOSE_TESTS and result.category == "diabetes":
            found.add("diabetes")
    return found


# ------------------------------------------------------------------------ child growth, in bulk


@dataclass(frozen=True)
class GrowthInput:
    """One child's measurements taken together (any may be missing)."""

    sex: str  # "L" / "P"
    birth_date: date
    on: date
    area: str | None = None
    weight_kg: float | None = None
    lenhei_cm: float | None = None
    measure: str = ""  # "l" lying, "h" standing, "" unknown
    muac_cm: float | None = None
    headc_cm: float | None = None
    oedema: bool = False


@dataclass(frozen=True)
class GrowthResult:
    """The classification of each measurement (BB/U, PB/U or TB/U, LiLA, LK/U) and of the
    weight-for-length/height z-score, which is stored as an observation of its own."""

    weight: Classification
    length_height: Classification
    muac: Classification
    head_circumference: Classification
    zwfl: Classification
    zwfl_value: float | None


_SEX = {"L": 1, "P": 2}
_MEASURE = {"l": 1, "h": 2, "": 0}


def _column(values) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def classify_growth(rows: Sequence[GrowthInput]) -> list[GrowthResult]:
    """Permenkes 2/2020 statuses of many children's measurements at once, each under the settings of
    its area and the edition in force on its date: exactly what :func:`classify` gives per value."""
    results: list[GrowthResult | None] = [None] * len(rows)
    groups: dict[tuple[str, str], list[int]] = {}
    for i, row in enumerate(rows):
        key = (config.signature(row.area), PERMENKES_2_2020.at(row.on).version)
        groups.setdefault(key, []).append(i)
    for (signature, _version), index in groups.items():
        first = rows[index[0]]
        with config.for_area(first.area):  # same signature: the same effective settings
            group = [rows[i] for i in index]
            for i, result in zip(index, _growth_group(group, signature, first.on)):
                results[i] = result
    return results  # type: ignore[return-value]


def _growth_group(rows: list[GrowthInput], signature: str, on: date) -> list[GrowthResult]:
    sex = np.array([_SEX.get(r.sex, 0) for r in rows], dtype=float)
    age = np.array([(r.on - r.birth_date).days for r in rows], dtype=float)
    months = np.array([completed_calendar_months(r.birth_date, r.on) for r in rows], dtype=float)
    weight, lenhei = _column(r.weight_kg for r in rows), _column(r.lenhei_cm for r in rows)
    muac, headc = _column(r.muac_cm for r in rows), _column(r.headc_cm for r in rows)
    measure = np.array([_MEASURE[r.measure] for r in rows], dtype=float)
    oedema = np.array([r.oedema for r in rows], dtype=bool)
    z = compute(sex, age_days=age, weight=weight, lenhei=lenhei, measure=measure, headc=headc, muac=muac,
                oedema=oedema.astype(float), completed_months=months)
    status = assess(z, oedema=oedema, muac=muac, on=on)

    def pick(index: str, r: int) -> Classification:
        code = status.codes[index][r]
        if code is None:
            return NOT_CLASSIFIED
        return Classification(str(code), str(status.labels[index][r]), status.version, signature)

    out = []
    for r in range(len(rows)):
        zwfl = None if np.isnan(z.zwfl[r]) else round(float(z.zwfl[r]), 2)
        out.append(GrowthResult(
            weight=pick("bb_u", r) if not np.isnan(weight[r]) else NOT_CLASSIFIED,
            length_height=pick("tb_u", r) if not np.isnan(lenhei[r]) else NOT_CLASSIFIED,
            muac=pick("lila", r) if not np.isnan(muac[r]) else NOT_CLASSIFIED,
            head_circumference=pick("lk_u", r) if not np.isnan(headc[r]) else NOT_CLASSIFIED,
            zwfl=pick("bb_tb", r) if zwfl is not None else NOT_CLASSIFIED,
            zwfl_value=zwfl,
        ))
    return out


# ------------------------------------------------------------------------------------ recording


@dataclass(frozen=True)
class EncounterInput:
    person: Person
    on: date
    kind: str  # codes kind "encounter"
    place: str  # codes kind "place"
    facility: Facility | None = None
    klaster: int | None = None
    sequence: int | None = None
    by_doctor: bool = False


@dataclass(frozen=True)
class ObservationInput:
    person: Person
    on: date
    code: str  # codes kind "observation"
    value: float
    unit: str = ""  # "" takes the vocabulary's unit
    method: str = ""
    encounter: Encounter | None = None
    extra: Extra = field(default_factory=Extra)


@dataclass(frozen=True)
class ImmunizationInput:
    person: Person
    dose: str  # codes kind "dose"
    given_on: date
    encounter: Encounter | None = None
    facility: Facility | None = None
    batch: str = ""


ENCOUNTER_FIELDS = ["person", "facility", "place", "kind", "on", "klaster", "sequence", "by_doctor"]
OBSERVATION_FIELDS = ["person", "encounter", "on", "code", "value", "unit", "method", "category",
                      "rule_version", "rule_settings"]
IMMUNIZATION_FIELDS = ["person", "encounter", "facility", "dose", "given_on", "batch"]


def _check_date(errors: Collector, name: str, day: date | None, person: Person) -> None:
    if day is None:
        errors.add(name, _("Tanggal wajib diisi."))
    elif day > timezone.localdate():
        errors.add(name, _("Tanggal tidak boleh di masa depan."))
    elif person.birth_date and day < person.birth_date:
        errors.add(name, _("Tanggal tidak boleh sebelum tanggal lahir."))


def _check_encounter(errors: Collector, encounter: Encounter | None, person: Person) -> None:
    if encounter is not None and encounter.person_id != person.pk:
        errors.add("encounter", _("Kunjungan ini milik orang lain."))


def _check_facility(errors: Collector, facility: Facility | None) -> None:
    if facility is not None and facility.is_voided:
        errors.add("facility", _("Fasilitas sudah dibatalkan."))


@transaction.atomic
def record_encounter(actor, data: EncounterInput) -> Encounter:
    require_actor(actor)
    require(actor, Perm.RECORD_CARE, data.person)
    errors = Collector()
    if not codes.exists(data.kind, codes.ENCOUNTER):
        errors.add("kind", _("Jenis kunjungan tidak dikenal."))
    if not codes.exists(data.place, codes.PLACE):
        errors.add("place", _("Tempat tidak dikenal."))
    if data.klaster is not None and not 1 <= data.klaster <= 5:
        errors.add("klaster", _("Klaster harus 1–5."))
    _check_date(errors, "on", data.on, data.person)
    _check_facility(errors, data.facility)
    errors.raise_if_any()
    encounter = Encounter(created_by=user_of(actor), area_code=data.person.area_code, person=data.person,
                          facility=data.facility, place=data.place, kind=data.kind, on=data.on,
                          klaster=data.klaster, sequence=data.sequence, by_doctor=data.by_doctor)
    encounter.save()
    audit.log("create", encounter, actor=actor, changes=audit.snapshot(encounter, ENCOUNTER_FIELDS))
    return encounter


def _number(value: float) -> str:
    """A number as the user's language writes it (3,5 in Indonesian), without trailing zeros."""
    return formats.number_format(round(value, 3) if value != int(value) else int(value), use_l10n=True, force_grouping=True)


def _check_value(errors: Collector, code: codes.Code, value, extra: Extra) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        errors.add("value", _("Nilai harus berupa angka."))
        return None
    if not math.isfinite(number):
        errors.add("value", _("Nilai harus berupa angka."))
        return None
    if code.integer and number != int(number):
        errors.add("value", _("Nilai harus bilangan bulat."))
        return None
    if code.quantity:
        finding = units.check(code.quantity, number, confirmed=extra.unit_confirmed)
        if finding is not None:
            errors.add("value", _(finding.template) % finding.params)
            return None
        return number
    limits = codes.plausible_range(code.code)
    if limits is not None and not limits[0] <= number <= limits[1]:
        errors.add("value", _("Nilai %(value)s di luar rentang wajar (%(low)s–%(high)s).")
                   % {"value": _number(number), "low": _number(limits[0]), "high": _number(limits[1])})
        return None
    return number


@transaction.atomic
def record_observation(actor, data: ObservationInput) -> Observation:
    """Validate, classify (:func:`classify`) and store one observation value."""
    require_actor(actor)
    person = data.person
    require(actor, Perm.RECORD_CARE, person)
    errors = Collector()
    try:
        code = codes.get(data.code, codes.OBSERVATION)
    except codes.UnknownCode:
        raise Invalid.field("code", _("Kode pemeriksaan %(code)s tidak dikenal.") % {"code": data.code}) from None
    unit = data.unit if data.unit else code.unit
    if unit != code.unit:
        expected = code.unit or _("tanpa satuan")
        errors.add("unit", _("Satuan %(unit)s tidak sesuai untuk %(label)s: gunakan %(expected)s.")
                   % {"unit": unit, "label": _(code.label), "expected": expected})
    if data.method and data.method not in code.method_codes:
        errors.add("method", _("Cara pemeriksaan %(method)s tidak dikenal untuk %(label)s.")
                   % {"method": data.method, "label": _(code.label)})
    value = _check_value(errors, code, data.value, data.extra)
    _check_date(errors, "on", data.on, person)
    _check_encounter(errors, data.encounter, person)
    errors.raise_if_any()
    assert value is not None
    try:
        result = classify(code.code, value, birth_date=person.birth_date, sex=person.sex, on=data.on,
                          method=data.method, extra=data.extra, area=person.area_code)
    except units.ImplausibleValue as error:
        raise Invalid.field("value", _(error.finding.template) % error.finding.params) from None
    except ValueError as error:  # the rule's own (Indonesian) refusal
        raise Invalid.field("value", str(error)) from None
    observation = Observation(
        created_by=user_of(actor), area_code=person.area_code, person=person, encounter=data.encounter,
        on=data.on, code=code.code, value=value, unit=unit, method=data.method, category=result.category,
        category_label=result.label[:LABEL_LENGTH], rule_version=result.rule_version,
        rule_settings=result.rule_settings)
    observation.save()
    audit.log("create", observation, actor=actor, changes=audit.snapshot(observation, OBSERVATION_FIELDS))
    return observation


@transaction.atomic
def record_immunization(actor, data: ImmunizationInput) -> Immunization:
    require_actor(actor)
    require(actor, Perm.RECORD_CARE, data.person)
    errors = Collector()
    if not codes.exists(data.dose, codes.DOSE):
        errors.add("dose", _("Dosis imunisasi %(dose)s tidak dikenal.") % {"dose": data.dose})
    _check_date(errors, "given_on", data.given_on, data.person)
    _check_encounter(errors, data.encounter, data.person)
    _check_facility(errors, data.facility)
    batch = (data.batch or "").strip()
    if len(batch) > (Immunization._meta.get_field("batch").max_length or 0):
        errors.add("batch", _("Nomor batch terlalu panjang."))
    errors.raise_if_any()
    immunization = Immunization(created_by=user_of(actor), area_code=data.person.area_code, person=data.person,
                                encounter=data.encounter, facility=data.facility, dose=data.dose,
                                given_on=data.given_on, batch=batch)
    immunization.save()
    audit.log("create", immunization, actor=actor, changes=audit.snapshot(immunization, IMMUNIZATION_FIELDS))
    return immunization
