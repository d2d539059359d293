"""What is due today for one person (ILP.md §10 item 3: the due-service engine).

:func:`due` takes a :class:`Person` (birth date, sex, pregnancy, delivery, known conditions and
the history of doses and services) and a date, and lists the services and screenings that are
due now or soon, each with why, from when, by when and where (Posyandu, Pustu, Puskesmas,
sekolah). It decides nothing itself that another rule module owns: immunization comes from
:mod:`siklus.rules.immunization`, vitamin A / PKAT / KPSP / school screening from
:mod:`siklus.rules.children`, ANC and KF/KN from :mod:`siklus.rules.pregnancy`, the ages and
intervals of adult, cancer, lansia and HT/DM-complication screening from
:mod:`siklus.rules.screening.schedule`. Tabled here (not owned by another module yet): the CKG
birthday window and age-group packages (ILP.md §4.2), the newborn CKG at day 2, monthly growth
measurement (§1.7), and the follow-up cadences of known hypertension, diabetes, prediabetes and
TB (§4.3).

History service codes (:data:`SERVICES`) are the keys of ``History.services``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Mapping

from siklus.rules import children, config
from siklus.rules import immunization as im
from siklus.rules import pregnancy
from siklus.rules.immunization import State, age_text, format_date, format_month
from siklus.rules.lifecycle import age_on, date_at_age, main_stage, stages
from siklus.rules.screening import schedule as screening
from siklus.rules.versioning import Edition, Versioned

config.declare(
    "due.horizon_days",
    30,
    "Services that become due within this many days are listed as 'segera' (due soon).",
    "product choice (Posyandu opens monthly, ILP.md §1.7)",
)
config.declare(
    "due.tb_followup_interval_months",
    1,
    "A person on TB treatment is due for a treatment follow-up (drug supply, adherence, side "
    "effects) every this many months.",
    "ILP.md §4.3 TB / §1.7 DOT [M]",
)
config.declare(
    "due.ckg_window_months",
    1,
    "The birthday CKG may be done from the birthday up to this many months after it.",
    "ILP.md §4.2 [V:S2] ('from the birthday up to 1 month after it')",
)

POSYANDU, PUSTU, PUSKESMAS, SEKOLAH, RUMAH = "Posyandu", "Pustu", "Puskesmas", "sekolah", "kunjungan rumah"

# History service codes → Indonesian name.
SERVICES: dict[str, str] = {
    "penimbangan": "penimbangan dan pengukuran (BB, PB/TB, LK, LiLA)",
    "vitamin-a": "kapsul vitamin A",
    "pkat": "PKAT",
    "kpsp": "KPSP",
    "kn": "kunjungan neonatal (KN)",
    "kf": "kunjungan nifas (KF)",
    "ckg": "Cek Kesehatan Gratis (CKG)",
    "skrining-sekolah": "pemeriksaan kesehatan sekolah",
    "skrining-ptm": "skrining PTM tahunan",
    "sadanis": "SADANIS (kanker payudara)",
    "iva": "IVA (kanker leher rahim)",
    "skilas": "SKILAS",
    "adl": "ADL (indeks Barthel)",
    "kontrol-hipertensi": "kontrol hipertensi",
    "kontrol-diabetes": "kontrol diabetes",
    "kontrol-tbc": "pemantauan pengobatan TBC",
    "skrining-komplikasi": "skrining komplikasi HT/DM (lipid, fungsi ginjal, funduskopi, EKG)",
    "gula-darah": "pemeriksaan gula darah (prediabetes)",
}


def service_codes(on: date | None = None) -> tuple[str, ...]:
    """Every code accepted in ``History.services``: :data:`SERVICES` and the items of the
    screening schedule (``tekanan_darah``, ``sadanis``, ``skilas`` …)."""
    items = tuple(i.code for i in screening.SCREENING_ITEMS.at(on).value)
    return tuple(SERVICES) + tuple(c for c in items if c not in SERVICES)


# Known conditions that drive follow-up.
CONDITIONS = {
    "hipertensi": "hipertensi",
    "diabetes": "diabetes melitus",
    "prediabetes": "prediabetes",
    "tbc": "tuberkulosis (dalam pengobatan)",
    "obesitas": "obesitas / obesitas sentral",
}


# --------------------------------------------------------------------------------------------
# Inputs and outputs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pregnancy:
    hpht: date  # or pregnancy.hpht_from_usg(...) when dated by USG
    anc: tuple[pregnancy.AncContact, ...] = ()


@dataclass(frozen=True)
class History:
    immunizations: tuple[tuple[str, date], ...] = ()  # (dose name, date)
    td: tuple[date, ...] = ()  # Td doses given as WUS / ibu hamil
    services: Mapping[str, tuple[date, ...]] = field(default_factory=dict)  # SERVICES code → dates

    def dates(self, code: str, on: date) -> tuple[date, ...]:
        return tuple(sorted(d for d in self.services.get(code, ()) if d <= on))

    def last(self, code: str, on: date) -> date | None:
        found = self.dates(code, on)
        return found[-1] if found else None


@dataclass(frozen=True)
class Person:
    birth: date
    sex: str  # "L" / "P"
    history: History = History()
    pregnancy: Pregnancy | None = None
    delivered_on: date | None = None  # last delivery (for KF)
    conditions: frozenset[str] = frozenset()  # keys of CONDITIONS
    school_class: int | None = None  # class in the current school year, if known
    je_endemic: bool | None = None  # None: the setting immunization.je_endemic


@dataclass(frozen=True)
class DueItem:
    code: str  # stable, e.g. "imunisasi:MR1", "anc:K2", "ckg", "kontrol-hipertensi"
    group: str  # Indonesian heading
    label: str
    state: State  # DUE, OVERDUE, CATCH_UP or DUE_SOON
    reason: str  # Indonesian: why, and what to do
    due_from: date | None
    due_by: date | None
    places: tuple[str, ...]
    rule_version: str


@dataclass(frozen=True)
class DueList:
    on: date
    person: Person
    stage: str  # main life-cycle stage label
    stages: tuple[str, ...]
    items: tuple[DueItem, ...]
    immunization: im.ImmunizationStatus | None
    td: im.TdStatus | None
    notes: tuple[str, ...]

    @property
    def now(self) -> tuple[DueItem, ...]:
        return tuple(i for i in self.items if i.state.actionable)

    @property
    def soon(self) -> tuple[DueItem, ...]:
        return tuple(i for i in self.items if i.state is State.DUE_SOON)

    def item(self, code: str) -> DueItem:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.items)


# --------------------------------------------------------------------------------------------
# Tables of this module
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CkgGroup:
    code: str
    label: str
    from_years: int
    to_years: int | None  # inclusive
    package: str  # Indonesian summary of the examination package


# ILP.md §4.2 [V:S2]: PKG Hari Ulang Tahun for children 1–6 y and adults ≥18; PKG Sekolah 7–17 y;
# newborns at day 2 (see _newborn_ckg).
CKG_GROUPS: Versioned[tuple[CkgGroup, ...]] = Versioned(
    Edition("juknis-pkg-2025", date(2025, 1, 1), (
        CkgGroup("balita-apras", "CKG balita dan anak prasekolah", 1, 6,
                 "pertumbuhan (BB, PB/TB, LK), perkembangan (KPSP), TBC, telinga, mata, gigi"),
        CkgGroup("dewasa-18-29", "CKG dewasa 18–29 tahun", 18, 29,
                 "merokok, aktivitas fisik, gizi (BB/TB/IMT/LP), gigi, tekanan darah, gula darah sewaktu, TBC, "
                 "mata, telinga, kesehatan jiwa, hati (hepatitis B/C bila berisiko)"),
        CkgGroup("dewasa-30-39", "CKG dewasa 30–39 tahun", 30, 39,
                 "paket 18–29 tahun + kanker payudara (SADANIS) dan leher rahim (IVA/HPV-DNA) untuk perempuan"),
        CkgGroup("dewasa-40-59", "CKG dewasa 40–59 tahun", 40, 59,
                 "paket 30–39 tahun + gula darah puasa, PPOK (PUMA), kanker paru dan kolorektal (kuesioner); "
                 "penderita HT/DM: profil lipid, EKG, fungsi ginjal"),
        CkgGroup("lansia", "CKG lansia", 60, None,
                 "paket dewasa + skrining geriatri (SKILAS dan ADL)"),
    )),
)


def _setting(name: str):
    return config.get(name)


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _places_for_dose(dose: im.DoseStatus) -> tuple[str, ...]:
    return (SEKOLAH, PUSKESMAS) if dose.school else (POSYANDU, PUSTU, PUSKESMAS)


# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------


def _immunization(person: Person, on: date, horizon: int, items: list, notes: list) -> im.ImmunizationStatus | None:
    age = age_on(person.birth, on)
    if age.years >= 15:
        return None
    status = im.evaluate(person.birth, person.sex, person.history.immunizations, on,
                         je_endemic=person.je_endemic, school_class=person.school_class, soon_days=horizon)
    for dose in status.doses:
        if dose.state.actionable or dose.state is State.DUE_SOON:
            items.append(DueItem(
                code=f"imunisasi:{dose.code}", group="Imunisasi", label=f"Imunisasi {dose.label}",
                state=dose.state, reason=dose.reason,
                due_from=dose.earliest, due_by=dose.by,
                places=_places_for_dose(dose), rule_version=dose.rule_version))
        if dose.state is State.GIVEN and not dose.valid:
            notes.append(f"{dose.label}: {dose.reason}")
    return status


def _td(person: Person, on: date, horizon: int, items: list) -> im.TdStatus | None:
    if person.sex != "P":
        return None
    years = age_on(person.birth, on).years
    wus = any(s.code == "wus" for s in stages(person.birth, on, person.sex))
    if not (wus or person.pregnancy is not None):
        return None
    status = im.td_status(person.history.td, on, childhood=person.history.immunizations, soon_days=horizon)
    if status.state in (State.DUE, State.DUE_SOON):
        who = "ibu hamil" if person.pregnancy is not None else f"WUS ({years} tahun)"
        places = (PUSTU, PUSKESMAS) if person.pregnancy is not None else (POSYANDU, PUSTU, PUSKESMAS)
        items.append(DueItem(
            code="imunisasi:Td", group="Imunisasi", label=f"Imunisasi Td untuk {status.next_label} ({who})",
            state=status.state, reason=status.reason, due_from=status.next_earliest, due_by=None,
            places=places, rule_version=status.rule_version))
    return status


def _anc(person: Person, on: date, horizon: int, items: list, notes: list) -> None:
    preg = person.pregnancy
    if preg is None:
        return
    status = pregnancy.anc_status(preg.hpht, preg.anc, on)
    ga = status.gestational_age
    hpl = pregnancy.hpl(preg.hpht)
    notes.append(f"Hamil {ga.label} (trimester {ga.trimester}), HPL {format_date(hpl)}; "
                 f"{status.k1.label}; kunjungan ANC {sum(status.counts)} kali [{status.rule_version}].")
    if status.missed:
        notes.append(f"Kontak ANC terlewat: {', '.join(status.missed)} — kejar pada kontak berikutnya.")
    for contact in status.due:
        if contact.window_start <= on:
            state = State.DUE
        elif (contact.window_start - on).days <= horizon:
            state = State.DUE_SOON
        else:
            break
        places = (PUSKESMAS,) if contact.by_doctor else (PUSTU, PUSKESMAS)
        end = f" sampai {format_date(contact.window_end)}" if contact.window_end else " sampai persalinan"
        reason = (f"Kontak ANC ke-{contact.contact_number} (pola {status.pattern}), trimester "
                  f"{contact.trimester}: mulai {format_date(contact.window_start)}{end}.")
        if contact.by_doctor:
            reason += " Oleh dokter" + (", dengan USG." if contact.usg else ".")
        items.append(DueItem(
            code=f"anc:{contact.code}", group="Kehamilan (ANC)", label=f"Pemeriksaan kehamilan {contact.label}",
            state=state, reason=reason, due_from=contact.window_start, due_by=contact.window_end,
            places=places, rule_version=contact.rule_version))
        break  # only the next contact: later ones follow from it


def _visit_item(kind: str, window: pregnancy.VisitWindow, on: date, horizon: int, who: str) -> DueItem | None:
    start = window.start.date()
    last = (window.end - timedelta(microseconds=1)).date()
    if start <= on:
        state = State.DUE
    elif (start - on).days <= horizon:
        state = State.DUE_SOON
    else:
        return None
    places = (PUSKESMAS, PUSTU, RUMAH)
    return DueItem(
        code=f"{kind}:{window.code}", group="Nifas dan neonatal", label=window.label, state=state,
        reason=f"{who}: {window.code} dari {format_date(start)} sampai {format_date(last)}.",
        due_from=start, due_by=last, places=places, rule_version=window.rule_version)


def _kf(person: Person, on: date, horizon: int, items: list) -> None:
    if person.delivered_on is None or person.delivered_on > on:
        return
    window = pregnancy.next_kf(person.delivered_on, person.history.dates("kf", on), on)
    if window is not None:
        item = _visit_item("kf", window, on, horizon, f"Ibu nifas, bersalin {format_date(person.delivered_on)}")
        if item:
            items.append(item)


def _newborn(person: Person, on: date, horizon: int, items: list) -> None:
    age = age_on(person.birth, on)
    if age.days > 28:
        return
    window = pregnancy.next_kn(person.birth, person.history.dates("kn", on), on)
    if window is not None:
        item = _visit_item("kn", window, on, horizon, f"Bayi baru lahir, lahir {format_date(person.birth)}")
        if item:
            items.append(item)
    # CKG bayi baru lahir at day 2 (> 24 hours), SHK sample ideally at 48–72 hours (ILP.md §4.2, §4.5).
    # With dates only: from the day after birth to day 3.
    start, last = person.birth + timedelta(days=1), person.birth + timedelta(days=3)
    done = [d for d in person.history.dates("ckg", on) if d >= person.birth]
    if not done and on <= last:
        state = State.DUE if on >= start else State.DUE_SOON
        items.append(DueItem(
            code="ckg:bayi-baru-lahir", group="Cek Kesehatan Gratis", label="CKG bayi baru lahir (hari ke-2)",
            state=state,
            reason=("Hari ke-2 (>24 jam): berat badan, PJB kritis (oksimetri nadi), skrining hipotiroid kongenital "
                    "(SHK, ideal 48–72 jam), hiperplasia adrenal kongenital, defisiensi G6PD; kartu warna tinja "
                    "(atresia bilier), ulang saat umur 1 bulan."),
            due_from=start, due_by=last, places=("tempat persalinan",), rule_version=CKG_GROUPS.at(on).version))


def _growth(person: Person, on: date, items: list) -> None:
    age = age_on(person.birth, on)
    if age.months > 72:
        return
    done = [d for d in person.history.dates("penimbangan", on) if (d.year, d.month) == (on.year, on.month)]
    if done:
        return
    items.append(DueItem(
        code="penimbangan", group="Gizi dan tumbuh kembang", label="Penimbangan dan pengukuran",
        state=State.DUE,
        reason=(f"Setiap bulan untuk bayi, balita dan anak prasekolah (umur {age_text(person.birth, on)}): BB, "
                f"PB/TB, LK, LiLA; catat di Buku KIA — belum ditimbang bulan {format_month(on)}."),
        due_from=date(on.year, on.month, 1), due_by=_month_end(on), places=(POSYANDU,),
        rule_version="juknis-ilp-2023"))


def _child_checks(person: Person, on: date, horizon: int, items: list) -> None:
    history = person.history
    checks = (
        (children.vitamin_a_status(person.birth, on, history.dates("vitamin-a", on), soon_days=horizon), (POSYANDU,)),
        (children.pkat_status(person.birth, on, history.dates("pkat", on), soon_days=horizon), (PUSKESMAS, PUSTU)),
        (children.kpsp_status(person.birth, on, history.dates("kpsp", on), soon_days=horizon),
         (POSYANDU, PUSTU, PUSKESMAS)),
    )
    for check, places in checks:
        if check.state.actionable or check.state is State.DUE_SOON:
            label = check.label + (f" — {check.detail}" if check.detail and check.code != "pkat" else "")
            items.append(DueItem(
                code=check.code, group="Gizi dan tumbuh kembang", label=label, state=check.state,
                reason=check.reason, due_from=check.earliest, due_by=check.by, places=places,
                rule_version=check.rule_version))


def _birthday(birth: date, years: int) -> date:
    return date_at_age(birth, years=years)


def _ckg_birthday(person: Person, on: date, horizon: int, items: list, notes: list) -> None:
    edition = CKG_GROUPS.at(on)
    window_months = int(_setting("due.ckg_window_months"))
    years = age_on(person.birth, on).years
    done = person.history.dates("ckg", on)
    # The birthday just passed (window may be open) and the next one.
    for n in (years, years + 1):
        group = next((g for g in edition.value if g.from_years <= n and (g.to_years is None or n <= g.to_years)), None)
        if group is None or n == 0:
            continue
        start = _birthday(person.birth, n)
        last = date_at_age(start, months=window_months)
        if last < on:
            if not any(start <= d <= last for d in done) and n == years:
                notes.append(f"CKG ulang tahun ke-{n} belum tercatat "
                             f"(jendela {format_date(start)}–{format_date(last)}).")
            continue
        if any(start <= d <= last for d in done):
            continue
        if start <= on:
            state = State.DUE
        elif (start - on).days <= horizon:
            state = State.DUE_SOON
        else:
            return
        package = group.package
        if group.code == "balita-apras":
            if n == 2:
                package += "; umur 2 tahun: Hb (talasemia) dan gula darah"
            if n >= 3:
                package += "; tes mata Tumbling-E; Hb dan gula darah bila ada risiko/gejala"
        if group.from_years >= 30 and person.sex == "L":
            package = package.replace(" + kanker payudara (SADANIS) dan leher rahim (IVA/HPV-DNA) untuk perempuan", "")
        items.append(DueItem(
            code="ckg", group="Cek Kesehatan Gratis", label=f"{group.label} (ulang tahun ke-{n})", state=state,
            reason=f"CKG ulang tahun: dari {format_date(start)} sampai {format_date(last)}. Pemeriksaan: {package}.",
            due_from=start, due_by=last, places=(PUSKESMAS, PUSTU), rule_version=edition.version))
        return


def _school(person: Person, on: date, items: list) -> None:
    years = age_on(person.birth, on).years
    if not 6 <= years <= 18:
        return
    screening = children.school_screening(person.birth, person.sex, on, person.school_class)
    if screening is None:
        return
    start = date(screening.school_year, 7, 1)
    end = date(screening.school_year + 1, 6, 30)
    done = [d for d in person.history.dates("skrining-sekolah", on) + person.history.dates("ckg", on) if d >= start]
    if done:
        return
    estimated = " (kelas diperkirakan dari umur)" if screening.estimated else ""
    items.append(DueItem(
        code="skrining-sekolah", group="Cek Kesehatan Gratis",
        label=f"{screening.label} / CKG sekolah",
        state=State.DUE,
        reason=(f"Tahun ajaran {screening.school_year}/{screening.school_year + 1}, kelas {screening.school_class}"
                f"{estimated}: {'; '.join(screening.items)}."),
        due_from=start, due_by=end, places=(SEKOLAH, PUSKESMAS), rule_version=screening.rule_version))


def _periodic(code: str, label: str, group: str, last: date | None, months: int, on: date, horizon: int,
              reason: str, places: tuple[str, ...], version: str) -> DueItem | None:
    """A service due every ``months`` months after the last one (due now when never done)."""
    if last is None:
        return DueItem(code, group, label, State.DUE, f"{reason} Belum tercatat.", on, None, places, version)
    nxt = date_at_age(last, months=months)
    text = f"{reason} Terakhir {format_date(last)}; jatuh tempo {format_date(nxt)}."
    if nxt <= on:
        return DueItem(code, group, label, State.DUE, text, nxt, None, places, version)
    if (nxt - on).days <= horizon:
        return DueItem(code, group, label, State.DUE_SOON, text, nxt, None, places, version)
    return None


def _last_of(history: History, on: date, *codes: str) -> date | None:
    found = [d for code in codes for d in history.dates(code, on)]
    return max(found) if found else None


# Screening items of siklus.rules.screening.schedule grouped into the due lines a bidan works with.
PTM_YEARLY = ("tekanan_darah", "obesitas", "gula_darah", "srq20", "tajam_penglihatan", "pendengaran", "puma",
              "katarak", "kanker_paru")
WOMEN_CANCER = ("sadanis", "iva")
LANSIA = ("skilas", "adl")
HT_DM_COMPLICATIONS = ("komplikasi_hipertensi", "lipid", "fungsi_ginjal")
# A history record of the whole group counts for each of its items; a CKG record counts for all
# (the birthday CKG package contains every item for the person's age group, ILP.md §4.2).
_GROUP_RECORDS = {
    **dict.fromkeys(PTM_YEARLY, "skrining-ptm"),
    **dict.fromkeys(HT_DM_COMPLICATIONS, "skrining-komplikasi"),
}


def _screening_group(person: Person, on: date, horizon: int, codes: tuple[str, ...], item_code: str, label: str,
                     group: str, intro: str, places: tuple[str, ...], **facts) -> DueItem | None:
    due_now, due_soon, version = [], [], ""
    for code in codes:
        records = [code, "ckg"] + ([_GROUP_RECORDS[code]] if code in _GROUP_RECORDS else [])
        result = screening.screening_due(code, birth=person.birth, sex=person.sex, on=on,
                                         last_done=_last_of(person.history, on, *records), **facts)
        version = result.rule_version
        if result.status == "due":
            due_now.append(result)
        elif result.status == "not_yet" and result.due_on is not None and (result.due_on - on).days <= horizon:
            due_soon.append(result)
    if not due_now and not due_soon:
        return None
    state = State.DUE if due_now else State.DUE_SOON
    listed = due_now or due_soon
    parts = []
    for result in listed:
        never = result.reason == "belum pernah diperiksa"
        when = "belum pernah" if never else f"jatuh tempo {format_date(result.due_on)}"
        parts.append(f"{result.label} ({when})")
    return DueItem(item_code, group, label, state, f"{intro}: {'; '.join(parts)}.",
                   min(r.due_on for r in listed), None, places, version)


def _adult(person: Person, on: date, horizon: int, items: list) -> None:
    years = age_on(person.birth, on).years
    if years < 15:
        return
    known = person.conditions
    risk = bool(known & {"hipertensi", "diabetes", "prediabetes", "obesitas"})
    ht_dm = bool(known & {"hipertensi", "diabetes"})
    groups = (
        (PTM_YEARLY, "skrining-ptm", "Skrining PTM tahunan", "Skrining",
         "Skrining tahunan umur ≥15 tahun", (POSYANDU, PUSTU, PUSKESMAS)),
        (WOMEN_CANCER, "skrining-kanker", "Skrining kanker payudara dan leher rahim", "Skrining",
         "Perempuan ≥30 tahun, setiap 3 tahun (IVA bagi yang sudah pernah berhubungan seksual)", (PUSKESMAS, PUSTU)),
        (LANSIA, "skilas-adl", "SKILAS dan ADL (lansia)", "Skrining",
         "Lansia ≥60 tahun, setiap tahun", (POSYANDU, PUSTU, PUSKESMAS)),
        (HT_DM_COMPLICATIONS, "skrining-komplikasi", "Skrining komplikasi hipertensi/diabetes", "Pemantauan penyakit",
         "Penderita HT/DM umur ≥40 tahun, setiap tahun", (PUSKESMAS,)),
    )
    for codes, code, label, group, intro, places in groups:
        item = _screening_group(person, on, horizon, codes, code, label, group, intro, places,
                                risk_factor=risk, hypertension_or_diabetes=ht_dm)
        if item:
            items.append(item)


def _monthly(code: str, label: str, last: date | None, on: date, reason: str,
             places: tuple[str, ...]) -> DueItem | None:
    """A follow-up due once per calendar month."""
    if last is not None and (last.year, last.month) == (on.year, on.month):
        return None
    since = f" Terakhir {format_date(last)}." if last else " Belum tercatat."
    return DueItem(code, "Pemantauan penyakit", label, State.DUE, reason + since,
                   date(on.year, on.month, 1), _month_end(on), places, "juknis-ilp-2023")


def _conditions(person: Person, on: date, horizon: int, items: list) -> None:
    unknown = sorted(set(person.conditions) - set(CONDITIONS))
    if unknown:
        raise ValueError(f"kondisi tidak dikenal: {', '.join(unknown)} (pilihan: {', '.join(CONDITIONS)})")
    h = person.history
    if "hipertensi" in person.conditions:
        item = _monthly("kontrol-hipertensi", "Kontrol hipertensi bulanan", h.last("kontrol-hipertensi", on), on,
                        "Penderita hipertensi: ukur tekanan darah setiap bulan, kepatuhan minum obat; Pustu dapat "
                        "melanjutkan obat sampai 3 bulan bila terkendali, bila tidak terkendali rujuk ke Puskesmas.",
                        (POSYANDU, PUSTU, PUSKESMAS))
        if item:
            items.append(item)
    if "diabetes" in person.conditions:
        item = _monthly("kontrol-diabetes", "Kontrol diabetes bulanan", h.last("kontrol-diabetes", on), on,
                        "Penderita diabetes: periksa gula darah setiap bulan di Pustu, kepatuhan obat; bila tidak "
                        "terkendali rujuk ke Puskesmas.", (PUSTU, PUSKESMAS))
        if item:
            items.append(item)
    if "prediabetes" in person.conditions and "diabetes" not in person.conditions:
        item = _periodic(
            "gula-darah", "Periksa ulang gula darah (prediabetes)", "Pemantauan penyakit",
            h.last("gula-darah", on), 3, on, horizon,
            "Prediabetes: perubahan gaya hidup dan periksa ulang gula darah setiap 3 bulan.",
            (POSYANDU, PUSTU, PUSKESMAS), "juknis-ilp-2023")
        if item:
            items.append(item)
    if "tbc" in person.conditions:
        item = _periodic(
            "kontrol-tbc", "Pemantauan pengobatan TBC", "Pemantauan penyakit", h.last("kontrol-tbc", on),
            int(_setting("due.tb_followup_interval_months")), on, horizon,
            "Dalam pengobatan TBC: ambil obat, pengawasan minum obat (PMO), efek samping; investigasi kontak serumah.",
            (PUSKESMAS, PUSTU, RUMAH), "juknis-ilp-2023")
        if item:
            items.append(item)


# --------------------------------------------------------------------------------------------
# The engine
# --------------------------------------------------------------------------------------------

# The birthday CKG package includes these screenings (ILP.md §4.2): when it is due, they are done in it.
_IN_CKG = ("skrining-ptm", "skrining-kanker", "skilas-adl", "kpsp")


def _merge_into_ckg(items: list[DueItem]) -> list[DueItem]:
    ckg = next((i for i in items if i.code == "ckg"), None)
    if ckg is None:
        return items
    merged = [i for i in items if i.code in _IN_CKG]
    if not merged:
        return items
    names = ", ".join(i.label for i in merged)
    ckg = DueItem(ckg.code, ckg.group, ckg.label, ckg.state, f"{ckg.reason} Sekaligus mencakup: {names}.",
                  ckg.due_from, ckg.due_by, ckg.places, ckg.rule_version)
    return [ckg if i.code == "ckg" else i for i in items if i.code not in _IN_CKG]


_ORDER = {State.OVERDUE: 0, State.CATCH_UP: 1, State.DUE: 2, State.DUE_SOON: 3}


def due(person: Person, on: date, *, horizon_days: int | None = None) -> DueList:
    """Everything due for ``person`` on ``on`` (now and within the horizon), with why and by when."""
    im.check_sex(person.sex)
    if on < person.birth:
        raise ValueError("tanggal penilaian sebelum tanggal lahir")
    allowed = service_codes(on)
    unknown = sorted(set(person.history.services) - set(allowed))
    if unknown:
        raise ValueError(f"layanan tidak dikenal: {', '.join(unknown)} (pilihan: {', '.join(allowed)})")
    if person.pregnancy is not None and person.sex != "P":
        raise ValueError("kehamilan hanya untuk jenis kelamin P")
    horizon = int(_setting("due.horizon_days") if horizon_days is None else horizon_days)
    items: list[DueItem] = []
    notes: list[str] = []

    immunization = _immunization(person, on, horizon, items, notes)
    td = _td(person, on, horizon, items)
    _anc(person, on, horizon, items, notes)
    _kf(person, on, horizon, items)
    _newborn(person, on, horizon, items)
    _growth(person, on, items)
    _child_checks(person, on, horizon, items)
    if person.pregnancy is None:  # ibu hamil get the PKG Khusus inside ANC (ILP.md §4.2)
        _ckg_birthday(person, on, horizon, items, notes)
    _school(person, on, items)
    if person.pregnancy is None:  # during pregnancy ANC (10T, labs) takes the place of adult screening
        _adult(person, on, horizon, items)
    _conditions(person, on, horizon, items)
    items = _merge_into_ckg(items)
    if age_on(person.birth, on).years >= 15 or person.pregnancy is not None:
        notes.append("Tanyakan gejala TBC pada setiap kunjungan.")

    items.sort(key=lambda i: (_ORDER[i.state], i.due_by or date.max))
    return DueList(
        on=on,
        person=person,
        stage=main_stage(person.birth, on, person.sex).label,
        stages=tuple(s.label for s in stages(person.birth, on, person.sex)),
        items=tuple(items),
        immunization=immunization,
        td=td,
        notes=tuple(notes),
    )
