"""Which follow-up tasks should be open for a person or a household (issue #13 item 1).

:func:`person_tasks` takes the :class:`Facts` of one person (plain values the care records hold)
and a date, and returns the tasks that should be open on that date — each with its kind (codes
kind ``task``), its episode (what makes it one task and not another: the dose, the pregnancy, the
finding's first day …), its reason as a :class:`~siklus.rules.messages.Message`, its due date,
its urgency and whether a nakes is needed — and the day the answer could change with no new record
(:attr:`Result.next_check`). :func:`household_tasks` does the same for a household (the yearly
home visit). A task the rules stop yielding has been answered: the caller closes it as done.

The rules, in plain words (settings are ``followup.*``):

* **imunisasi_terlewat** — a child under ``immunization_until_months`` whose dose passed the end of
  its white/yellow window (``ideal_until``) by ``grace_days`` (drop-out). Answered by the dose.
* **bb_tidak_naik / bb_2t / bgm** — the last weighing (within ``growth_recent_days``) is T, 2T or
  below the red line (KMS judgement, :mod:`siklus.rules.anthropometry.growth`); the Buku KIA refers
  all three (ILP.md §0.1 C8), so a nakes is needed. Answered by a weighing that is not.
* **finding tasks** (gizi_anak, bumil_kek, anemia, tekanan_darah_tinggi, ht/dm_tidak_terkendali,
  srq20_positif, skilas_positif, adl_ketergantungan): the latest value of the measure has the
  category, and no contact at a Pustu or Puskesmas since the first of the run of such values.
  Answered by that contact, or by a newer value without the category.
* **anc_terlewat** — an ANC slot whose trimester ended unmet (:func:`pregnancy.anc_status`), and no
  ANC contact since that trimester ended. **kf/kn_terlewat** — a KF/KN window that ended without a
  visit (within ``visit_windows_days`` of the birth), and no visit since.
* **kontrol_terlewat** — hypertension or diabetes with no control for a whole calendar month;
  **tbc_kunjungan_terlewat** — on TB treatment with no treatment visit for the interval of
  ``due.tb_followup_interval_months``.
* **gejala_tbc** — a presumptive TB case (or a recorded TB symptom) without a result yet.
* **rujukan_belum_dijawab** — a referral not answered after ``referral_answer_days``.
* **rumah_belum_dikunjungi** — a household with no home visit this calendar year, from the month
  ``household_visit_from_month``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import numpy as np

from siklus.rules import config, pregnancy
from siklus.rules import immunization as im
from siklus.rules.anthropometry import growth, settings, zscores
from siklus.rules.common import month_end, month_start
from siklus.rules.messages import Message, gettext_noop

RULE_VERSION = "followup-2026.12"
_SOURCE = "product choice (issue #13); ILP.md §1.7–§1.8, §4.3 [M]"

config.declare("followup.grace_days", 7,
               "Days past the end of a window (dose, ANC trimester, KF/KN, monthly control) before a task "
               "opens: a service recorded a little late does not raise a task.", _SOURCE)
config.declare("followup.days_to_act", 14,
               "Days from the day a task opens to its due date (when it is not tied to a window).", _SOURCE)
config.declare("followup.immunization_until_months", 59,
               "Children younger than this (completed months) get a task for a dose past its window "
               "(imunisasi kejar for balita).", "ILP.md §3 (imunisasi kejar) [M]")
config.declare("followup.growth_recent_days", 45,
               "A growth judgement (T, 2T, BGM) opens a task only from a weighing this recent: the next "
               "monthly weighing answers it.", "ILP.md §1.7 (monthly weighing) [M]")
config.declare("followup.lookback_days", 365,
               "Findings and referrals older than this open no task.", _SOURCE)
config.declare("followup.visit_windows_days", 60,
               "KF and KN windows are looked at up to this many days after the birth.",
               "ILP.md §5.3 (KF to day 42, KN to day 28) [V:S1b]")
config.declare("followup.referral_answer_days", 14,
               "A referral without an answer (rujukan balik) after this many days opens a task.", _SOURCE)
config.declare("followup.household_visit_from_month", 7,
               "From this month of the year a household with no home visit in the year gets a task, due "
               "at the end of the year.", "ILP.md §1.8 (kunjungan rumah) [M]")
config.declare("followup.recheck_days", 28,
               "A person with nothing changing is looked at again after at most this many days.", _SOURCE)
config.declare("followup.escalate_after_days", 14,
               "Days past its due date after which an open task moves up: kader → Pustu → Puskesmas.",
               "ILP.md §1.4 (the Pustu supervises kader; the Puskesmas the Pustu) [M]")
config.declare("followup.categories", {
    "gizi_anak": ["stunted", "severely_stunted", "wasted", "severely_wasted"],
    "bumil_kek": ["kek"],
    "anemia": ["anemia", "anemia_ringan", "anemia_sedang", "anemia_berat"],
    "tekanan_darah_tinggi": ["hipertensi_1", "hipertensi_2", "hipertensi_3", "hipertensi_sistolik_terisolasi",
                             "hipertensi_dalam_kehamilan", "hipertensi_gestasional", "hipertensi_kronik"],
    "ht_tidak_terkendali": ["ht_tidak_terkendali"],
    "dm_tidak_terkendali": ["dm_tidak_terkendali"],
    "srq20_positif": ["tidak_normal"],
    "skilas_positif": ["positif"],
    "adl_ketergantungan": ["ketergantungan_ringan", "ketergantungan_sedang", "ketergantungan_berat",
                           "ketergantungan_total"],
}, "Per finding task, the stored categories of its measure that open it.",
    "ILP.md §4.3–§4.5, §5.5 (the rules' categories)")

# Finding task → the measure (Facts.findings key) it reads.
FINDING_MEASURE = {
    "gizi_anak": "gizi", "bumil_kek": "muac", "anemia": "hb", "tekanan_darah_tinggi": "bp",
    "ht_tidak_terkendali": "bp", "dm_tidak_terkendali": "glucose", "srq20_positif": "srq20",
    "skilas_positif": "skilas", "adl_ketergantungan": "adl",
}
URGENT, SOON, ROUTINE = 1, 2, 3

_REASONS = {
    "imunisasi_terlewat": gettext_noop("Imunisasi %(dose)s belum diberikan; seharusnya paling lambat %(by)s."),
    "bb_tidak_naik": gettext_noop("Penimbangan %(date)s: berat badan tidak naik (T). Rujuk ke Pustu/Puskesmas."),
    "bb_2t": gettext_noop("Penimbangan %(date)s: berat badan dua kali berturut-turut tidak naik (2T). "
                          "Rujuk ke Puskesmas."),
    "bgm": gettext_noop("Penimbangan %(date)s: berat badan di bawah garis merah (BGM). Rujuk ke Puskesmas."),
    "finding": gettext_noop("%(what)s sejak %(date)s, belum ditindaklanjuti di Pustu/Puskesmas."),
    "anc_terlewat": gettext_noop("Kontak ANC %(slots)s terlewat (HPHT %(hpht)s); ajak ke Pustu/Puskesmas."),
    "kf_terlewat": gettext_noop("Kunjungan nifas %(visit)s terlewat (bersalin %(date)s)."),
    "kn_terlewat": gettext_noop("Kunjungan neonatal %(visit)s terlewat (lahir %(date)s)."),
    "kontrol_terlewat": gettext_noop("Kontrol %(what)s bulanan terlewat; terakhir %(last)s."),
    "kontrol_never": gettext_noop("Kontrol %(what)s bulanan belum pernah tercatat (sejak %(since)s)."),
    "tbc_kunjungan_terlewat": gettext_noop("Kunjungan pengobatan TBC terlewat; terakhir %(last)s."),
    "gejala_tbc": gettext_noop("Terduga TBC sejak %(date)s; belum ada hasil pemeriksaan dahak."),
    "rujukan_belum_dijawab": gettext_noop("Rujukan %(date)s (%(to)s) belum ada jawaban."),
    "rumah_belum_dikunjungi": gettext_noop("Keluarga belum dikunjungi kader pada tahun %(year)s."),
}
FINDING_WHAT = {
    "gizi_anak": gettext_noop("Anak pendek (stunting) atau kurus (wasting)"),
    "bumil_kek": gettext_noop("Ibu hamil KEK (LiLA < 23,5 cm)"),
    "anemia": gettext_noop("Anemia (Hb rendah)"),
    "tekanan_darah_tinggi": gettext_noop("Tekanan darah tinggi"),
    "ht_tidak_terkendali": gettext_noop("Hipertensi tidak terkendali"),
    "dm_tidak_terkendali": gettext_noop("Diabetes tidak terkendali"),
    "srq20_positif": gettext_noop("SRQ-20 tidak normal"),
    "skilas_positif": gettext_noop("SKILAS positif"),
    "adl_ketergantungan": gettext_noop("Ketergantungan dalam aktivitas sehari-hari (ADL)"),
}
CONTROL_WHAT = {"hipertensi": gettext_noop("hipertensi"), "diabetes": gettext_noop("diabetes")}


# ------------------------------------------------------------------------------------------ inputs

_UNSET = object()


@dataclass(frozen=True)
class Finding:
    on: date
    category: str


@dataclass(frozen=True)
class TbFact:
    episode: str  # the case's id
    presumptive_on: date
    has_result: bool  # a result or a diagnosis is recorded
    treatment_started_on: date | None
    ended: bool  # an outcome is recorded


@dataclass(frozen=True)
class ReferralFact:
    episode: str  # the referral's id
    on: date
    to: str  # where to, in words
    answered: bool
    urgent: bool = False


@dataclass(frozen=True)
class Facts:
    birth: date
    sex: str
    doses: tuple[tuple[str, date], ...] = ()  # childhood doses given
    weighings: tuple[growth.Weighing, ...] = ()
    # measure → values in date order (categories as stored): gizi (length_height/zwfl), muac, hb, bp,
    # glucose, srq20, skilas, adl.
    findings: Mapping[str, tuple[Finding, ...]] = field(default_factory=dict)
    facility_contacts: tuple[date, ...] = ()  # contacts at a Pustu or Puskesmas
    pregnancy_hpht: date | None = None  # the pregnancy going on
    anc: tuple[pregnancy.AncContact, ...] = ()
    delivered_on: date | None = None  # the last delivery (KF)
    kf_visits: tuple[date, ...] = ()
    kn_visits: tuple[date, ...] = ()
    conditions: Mapping[str, date] = field(default_factory=dict)  # code → since (active ones)
    controls: Mapping[str, date] = field(default_factory=dict)  # hipertensi/diabetes → last control
    tb_visits: tuple[date, ...] = ()
    tb: tuple[TbFact, ...] = ()
    tb_symptom_on: date | None = None  # the last TB symptom screening found positive
    referrals: tuple[ReferralFact, ...] = ()
    # The weight-for-age z of the last weighing when the caller computed it set-wise
    # (:func:`weight_for_age_z`); left unset, the rule computes it.
    last_zwei: Any = _UNSET


@dataclass(frozen=True)
class TaskDue:
    kind: str
    episode: str
    reason: Message
    opened_on: date  # the day it became a task (the window's end + grace, the finding …)
    due_on: date
    urgency: int = SOON
    needs_nakes: bool = False
    rule_version: str = RULE_VERSION


@dataclass(frozen=True)
class Result:
    tasks: tuple[TaskDue, ...]
    next_check: date


# ------------------------------------------------------------------------------------------ helpers


def _int(name: str) -> int:
    return int(config.get(name))


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    first = date(day.year + year, month + 1, 1)
    return first.replace(day=min(day.day, month_end(first).day))


class _Collect:
    def __init__(self, on: date):
        self.on = on
        self.tasks: list[TaskDue] = []
        self.checks: list[date] = []

    def at(self, opens_on: date) -> bool:
        """True when something opening on ``opens_on`` is open now; else remember to look again then."""
        if opens_on <= self.on:
            return True
        self.checks.append(opens_on)
        return False

    def add(self, kind: str, episode: str, reason: Message, opened_on: date, due_on: date | None = None, *,
            urgency: int = SOON, nakes: bool = False, version: str = RULE_VERSION) -> None:
        due = due_on if due_on is not None else opened_on + timedelta(days=_int("followup.days_to_act"))
        self.tasks.append(TaskDue(kind, episode, reason, opened_on, due, urgency, nakes, version))


def _months(birth: date, on: date) -> int:
    months = (on.year - birth.year) * 12 + on.month - birth.month
    return months - (on.day < birth.day)


# ------------------------------------------------------------------------------------------- rules


@lru_cache(maxsize=8192)
def _days_of(birth: date, version: str) -> dict[str, tuple[tuple[date, date, im.Colour], ...]]:
    """Per dose of a schedule edition, (first day, last day, colour) of each window for a birth
    date: the same dates :func:`im.evaluate` reads, computed once per birth date instead of per
    call (a kabupaten's balita share about 1,800 birth dates)."""
    return {rule.code: tuple((w.first_day(birth), w.last_day(birth), colour) for w, colour in rule.windows())
            for rule in im.SCHEDULE.version(version).value.doses}


@lru_cache(maxsize=65536)
def _after(interval: im.Interval, day: date) -> date:
    return interval.after(day)


def dose_states(birth: date, sex: str, given, on: date) -> list[tuple[str, im.State, date, str]]:
    """(code, state, ideal_until, rule version) of every infant/baduta dose on ``on`` — exactly the
    states :func:`im.evaluate` gives (a test holds them equal), without its messages, BIAS rounds
    and IDL/IBL, which the follow-up does not read: the first generation evaluates every balita
    of a kabupaten, and ``evaluate`` was most of that time. BIAS doses are left out: they open no
    task before 59 months and their rounds are years past the recheck horizon."""
    if on < birth:
        raise ValueError("tanggal penilaian sebelum tanggal lahir")
    history = {code: day for code, day in im.normalise_history(given).items() if day <= on}
    edition = im.SCHEDULE.at(on)
    endemic = bool(config.get("immunization.je_endemic"))
    found: dict[str, tuple[im.State, date | None]] = {}  # code → (state, given on or earliest)
    out = []
    windows = _days_of(birth, edition.version)
    for rule in edition.value.doses:
        if rule.endemic_only and not endemic and rule.code not in history:
            continue
        days = windows[rule.code]
        first_day, ideal_until = days[0][0], days[0][1]
        last_day = days[-1][1]
        given_on = history.get(rule.code)
        if given_on is not None:
            found[rule.code] = (im.State.GIVEN, given_on)
            out.append((rule.code, im.State.GIVEN, ideal_until, edition.version))
            continue
        earliest = first_day
        previous = found.get(rule.previous) if rule.previous else None
        if previous is not None:
            if previous[0] is im.State.CLOSED:
                found[rule.code] = (im.State.CLOSED, None)
                out.append((rule.code, im.State.CLOSED, ideal_until, edition.version))
                continue
            prev_ref: date = previous[1] or on if previous[0] is im.State.GIVEN else max(on, previous[1] or on)
            ready = _after(rule.min_interval, prev_ref) if rule.min_interval else prev_ref
            earliest = max(earliest, ready)
        if earliest > last_day or on > last_day:
            state = im.State.CLOSED
        elif on >= earliest:
            colour = next(c for first, last, c in days if first <= on <= last)
            state = (im.State.DUE if colour is im.Colour.WHITE else im.State.OVERDUE if colour is im.Colour.YELLOW
                     else im.State.CATCH_UP)
        else:
            soon = int(config.get("immunization.due_soon_days"))
            state = im.State.DUE_SOON if (earliest - on).days <= soon else im.State.NOT_YET
        found[rule.code] = (state, None if state is im.State.CLOSED else earliest)
        out.append((rule.code, state, ideal_until, edition.version))
    return out


def _immunization(f: Facts, c: _Collect) -> None:
    if _months(f.birth, c.on) >= _int("followup.immunization_until_months"):
        return
    grace = timedelta(days=_int("followup.grace_days"))
    for code, state, ideal_until, version in dose_states(f.birth, f.sex, f.doses, c.on):
        if state in (im.State.GIVEN, im.State.CLOSED, im.State.NOT_YET, im.State.DUE_SOON):
            if state in (im.State.NOT_YET, im.State.DUE_SOON):
                c.checks.append(ideal_until + grace + timedelta(days=1))
            continue
        opens = ideal_until + grace + timedelta(days=1)
        if c.at(opens):
            c.add("imunisasi_terlewat", code,
                  Message(_REASONS["imunisasi_terlewat"], {"dose": code, "by": ideal_until}),
                  opens, urgency=URGENT if state is im.State.OVERDUE else SOON, version=version)


def weight_for_age_z(weighings: Sequence[tuple[str, date, growth.Weighing]]) -> list[float | None]:
    """Weight-for-age z of many (sex, birth, weighing) in one vectorised call (the KMS judgement
    computes it per child; a first generation computes the last weighing of every balita at once)."""
    if not weighings:
        return []
    z = zscores.compute(
        np.array([zscores.sex_code(sex) for sex, _b, _w in weighings], dtype=float),
        age_days=np.array([(w.date - birth).days for _s, birth, w in weighings], dtype=float),
        weight=np.array([w.weight_kg for _s, _b, w in weighings], dtype=float),
        oedema=np.array([w.oedema for _s, _b, w in weighings]),
        completed_months=np.array([growth.completed_months(birth, w.date) for _s, birth, w in weighings],
                                  dtype=float),
    ).zwei
    return [None if np.isnan(v) else float(v) for v in z]


def last_judgement(sex: str, birth: date, weighings: Sequence[growth.Weighing], zwei: float | None):
    """(code, two_t, bgm, KBM version) of the last weighing, as :func:`growth.judge` gives its last
    judgement (a test holds them equal): it compares the last weighing with the last of an earlier
    month (P1), and for 2T, P1 with the last of the month before it. Judging a year of weighings
    per child was a third of a first generation."""
    series = sorted(weighings, key=lambda w: w.date)
    gap_rule = config.get(settings.KBM_GAP_RULE.name)

    def earlier(index: int) -> int | None:
        month = series[index].date.year * 12 + series[index].date.month
        for j in range(index - 1, -1, -1):
            if series[j].date.year * 12 + series[j].date.month < month:
                return j
        return None

    def code_of(index: int) -> tuple[str | None, int | None, str]:
        w = series[index]
        grams, version = growth.kbm(growth.kbm_age(birth, w.date), w.date)
        if grams is None:
            return None, None, version
        previous = earlier(index)
        if previous is None:
            return growth.BARU, None, version
        p = series[previous]
        months_since = (w.date.year * 12 + w.date.month) - (p.date.year * 12 + p.date.month)
        gain = round((w.weight_kg - p.weight_kg) * 1000)
        if months_since == 1 or gap_rule == "kbm_per_month":
            return (growth.NAIK if gain >= grams * months_since else growth.TIDAK_NAIK), months_since, version
        return growth.TIDAK_DITIMBANG_BULAN_LALU, months_since, version

    last = len(series) - 1
    code, months_since, version = code_of(last)
    p1 = earlier(last)
    two_t = (code == growth.TIDAK_NAIK and months_since == 1 and p1 is not None
             and code_of(p1)[0] == growth.TIDAK_NAIK)
    return code, two_t, zwei is not None and zwei < -3.0, version


def _growth(f: Facts, c: _Collect) -> None:
    if not f.weighings:
        return
    last = max(f.weighings, key=lambda w: w.date)
    if (c.on - last.date).days > _int("followup.growth_recent_days"):
        return
    zwei = f.last_zwei if f.last_zwei is not _UNSET else weight_for_age_z([(f.sex, f.birth, last)])[0]
    code, two_t, bgm, version = last_judgement(f.sex, f.birth, f.weighings, zwei)
    kind = "bgm" if bgm else "bb_2t" if two_t else "bb_tidak_naik" if code == "T" else None
    if kind is None:
        return
    c.add(kind, last.date.isoformat(), Message(_REASONS[kind], {"date": last.date}), last.date,
          urgency=URGENT if kind != "bb_tidak_naik" else SOON, nakes=True, version=version or RULE_VERSION)


def _findings(f: Facts, c: _Collect) -> None:
    categories: Mapping[str, Sequence[str]] = config.get("followup.categories")
    oldest = c.on - timedelta(days=_int("followup.lookback_days"))
    for kind, measure in FINDING_MEASURE.items():
        values = [v for v in f.findings.get(measure, ()) if v.on <= c.on]
        opening = set(categories.get(kind, ()))
        if not values or values[-1].category not in opening or values[-1].on < oldest:
            continue
        if kind == "bumil_kek" and f.pregnancy_hpht is None:
            continue
        if kind == "tekanan_darah_tinggi" and "hipertensi" in f.conditions:
            continue  # a known hypertensive's reading is a control status
        start = values[-1].on
        for v in reversed(values):
            if v.category not in opening:
                break
            start = v.on
        if any(day >= start for day in f.facility_contacts):
            continue
        c.add(kind, start.isoformat(), Message(_REASONS["finding"], {"what": Message(FINDING_WHAT[kind]),
                                                                       "date": start}),
              start, urgency=URGENT if kind in ("ht_tidak_terkendali", "dm_tidak_terkendali", "srq20_positif")
              else SOON, nakes=True)


def _anc(f: Facts, c: _Collect) -> None:
    if f.pregnancy_hpht is None:
        return
    status = pregnancy.anc_status(f.pregnancy_hpht, f.anc, c.on)
    windows = pregnancy.trimester_windows(f.pregnancy_hpht)
    grace = timedelta(days=_int("followup.grace_days"))
    for w in windows:
        if w.end is not None and w.end >= c.on:
            c.checks.append(w.end + grace + timedelta(days=1))
    if not status.missed:
        return
    # The last trimester that ended with a slot unmet: a contact after it answers the task.
    ended = [w.end for w in windows if w.end is not None and w.end < c.on]
    if not ended:
        return
    end = ended[-1]
    opens = end + grace + timedelta(days=1)
    if any(a.on > end for a in f.anc) or not c.at(opens):
        return
    c.add("anc_terlewat", f.pregnancy_hpht.isoformat(),
          Message(_REASONS["anc_terlewat"], {"slots": ", ".join(status.missed), "hpht": f.pregnancy_hpht}),
          opens, urgency=URGENT, version=status.rule_version)


def _visits(kind: str, birth: date | None, visits: tuple[date, ...], windows, covered, c: _Collect) -> None:
    if birth is None or (c.on - birth).days > _int("followup.visit_windows_days") or birth > c.on:
        return
    grace = timedelta(days=_int("followup.grace_days"))
    done = covered(birth, [v for v in visits if v <= c.on])
    for w in windows(birth):
        last = (w.end - timedelta(microseconds=1)).date()
        if w.code in done:
            continue
        opens = last + grace + timedelta(days=1)
        if not c.at(opens):
            continue
        if any(v > last for v in visits if v <= c.on):
            continue  # seen since: the visit after the window answers it
        c.add(f"{kind}_terlewat", f"{birth.isoformat()}:{w.code}",
              Message(_REASONS[f"{kind}_terlewat"], {"visit": w.code, "date": birth}), opens,
              urgency=URGENT, nakes=True, version=w.rule_version)


def _controls(f: Facts, c: _Collect) -> None:
    grace = timedelta(days=_int("followup.grace_days"))
    for condition in ("hipertensi", "diabetes"):
        since = f.conditions.get(condition)
        if since is None:
            continue
        last = f.controls.get(condition)
        base = last if last is not None and last >= since else since
        # Due every calendar month: missed when the whole month after the base passed.
        opens = month_end(_add_months(month_start(base), 1)) + grace + timedelta(days=1)
        if not c.at(opens):
            continue
        reason = (Message(_REASONS["kontrol_terlewat"], {"what": Message(CONTROL_WHAT[condition]), "last": last})
                  if last is not None and last >= since else
                  Message(_REASONS["kontrol_never"], {"what": Message(CONTROL_WHAT[condition]), "since": since}))
        c.add("kontrol_terlewat", f"{condition}:{base.isoformat()}", reason, opens, month_end(c.on))


def _tb(f: Facts, c: _Collect) -> None:
    grace = timedelta(days=_int("followup.grace_days"))
    interval = int(config.get("due.tb_followup_interval_months"))
    for case in f.tb:
        if case.ended:
            continue
        if not case.has_result:
            c.add("gejala_tbc", case.episode, Message(_REASONS["gejala_tbc"], {"date": case.presumptive_on}),
                  case.presumptive_on, urgency=URGENT, nakes=True)
        if case.treatment_started_on is not None:
            visits = [v for v in f.tb_visits if case.treatment_started_on <= v <= c.on]
            base = max(visits) if visits else case.treatment_started_on
            opens = month_end(_add_months(base, interval)) + grace + timedelta(days=1)
            if c.at(opens):
                c.add("tbc_kunjungan_terlewat", f"{case.episode}:{base.isoformat()}",
                      Message(_REASONS["tbc_kunjungan_terlewat"], {"last": base}), opens, urgency=URGENT)
    symptom = f.tb_symptom_on
    if (symptom is not None and symptom <= c.on and not any(t.presumptive_on >= symptom for t in f.tb)
            and (c.on - symptom).days <= _int("followup.lookback_days")):
        c.add("gejala_tbc", f"gejala:{symptom.isoformat()}", Message(_REASONS["gejala_tbc"], {"date": symptom}),
              symptom, urgency=URGENT, nakes=True)


def _referrals(f: Facts, c: _Collect) -> None:
    days = _int("followup.referral_answer_days")
    oldest = c.on - timedelta(days=_int("followup.lookback_days"))
    for r in f.referrals:
        if r.answered or r.on < oldest:
            continue
        opens = r.on + timedelta(days=1 if r.urgent else days)
        if c.at(opens):
            c.add("rujukan_belum_dijawab", r.episode, Message(_REASONS["rujukan_belum_dijawab"],
                                                              {"date": r.on, "to": r.to}),
                  opens, urgency=URGENT if r.urgent else SOON, nakes=True)


def person_tasks(facts: Facts, on: date) -> Result:
    """The tasks that should be open for one person on ``on``, and when to look again."""
    c = _Collect(on)
    _immunization(facts, c)
    _growth(facts, c)
    _findings(facts, c)
    _anc(facts, c)
    _visits("kf", facts.delivered_on, facts.kf_visits, pregnancy.kf_windows, pregnancy.kf_covered, c)
    _visits("kn", facts.birth, facts.kn_visits, pregnancy.kn_windows, pregnancy.kn_covered, c)
    _controls(facts, c)
    _tb(facts, c)
    _referrals(facts, c)
    horizon = on + timedelta(days=_int("followup.recheck_days"))
    later = [d for d in c.checks if d > on]
    return Result(tuple(c.tasks), min([horizon, *later]))


def household_tasks(last_visit: date | None, on: date) -> tuple[TaskDue, ...]:
    """The yearly home visit of a household: a task from ``household_visit_from_month`` of the year
    when no visit is recorded in it, due at the end of the year."""
    if last_visit is not None and last_visit.year == on.year:
        return ()
    opens = date(on.year, _int("followup.household_visit_from_month"), 1)
    if on < opens:
        return ()
    return (TaskDue("rumah_belum_dikunjungi", str(on.year),
                    Message(_REASONS["rumah_belum_dikunjungi"], {"year": str(on.year)}), opens,
                    date(on.year, 12, 31), ROUTINE),)


# ------------------------------------------------------------------------------ stored messages


def message_to_json(message: Message) -> dict[str, Any]:
    """A message as JSON (``{"t": template, "p": params}``): dates as ``{"d": iso}``, nested messages
    as themselves, so the reason can be rendered again in another language."""
    return {"t": message.template, "p": {k: _param_to_json(v) for k, v in message.params.items()}}


def _param_to_json(value: Any) -> Any:
    if isinstance(value, Message):
        return {"m": message_to_json(value)}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if value is None:
        return "—"
    return value


def message_from_json(data: Mapping[str, Any]) -> Message:
    return Message(data["t"], {k: _param_from_json(v) for k, v in (data.get("p") or {}).items()})


def _param_from_json(value: Any) -> Any:
    if isinstance(value, dict) and "d" in value:
        return date.fromisoformat(value["d"])
    if isinstance(value, dict) and "m" in value:
        return message_from_json(value["m"])
    return value
