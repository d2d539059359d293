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

Every text is a :class:`siklus.rules.messages.Message` (template + raw parameters) that the
interface translates; ``DueItem.label``/``.reason``/``.group``/``.places`` and
``DueList.stage``/``.notes`` give the Indonesian text. :data:`REPORT` holds the headings the
``siklus due`` command prints, so they are in the catalogue too.

History service codes (:data:`SERVICES`) are the keys of ``History.services``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from siklus.rules import children, config, pregnancy
from siklus.rules import codes as vocabulary
from siklus.rules import immunization as im
from siklus.rules.common import month_end, month_start, sex_code
from siklus.rules.immunization import State, age_of
from siklus.rules.lifecycle import age_on, date_at_age, main_stage, stages
from siklus.rules.messages import Join, Message, MonthYear, Worded, gettext_noop, text
from siklus.rules.screening import schedule as screening
from siklus.rules.versioning import JUKNIS_ILP, JUKNIS_ILP_FROM, Edition, Versioned

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

# Places
POSYANDU = Message(gettext_noop("Posyandu"))
PUSTU = Message(gettext_noop("Pustu"))
PUSKESMAS = Message(gettext_noop("Puskesmas"))
SEKOLAH = Message(gettext_noop("sekolah"))
RUMAH = Message(gettext_noop("kunjungan rumah"))
TEMPAT_PERSALINAN = Message(gettext_noop("tempat persalinan"))

# Groups (headings of a due list)
IMUNISASI = Message(gettext_noop("Imunisasi"))
KEHAMILAN = Message(gettext_noop("Kehamilan (ANC)"))
NIFAS_NEONATAL = Message(gettext_noop("Nifas dan neonatal"))
CKG = Message(gettext_noop("Cek Kesehatan Gratis"))
GIZI_TUMBUH_KEMBANG = Message(gettext_noop("Gizi dan tumbuh kembang"))
SKRINING = Message(gettext_noop("Skrining"))
PEMANTAUAN_PENYAKIT = Message(gettext_noop("Pemantauan penyakit"))

# History service codes → Indonesian name (a catalogue msgid).
# History service codes and known conditions are those of the one vocabulary (siklus.rules.codes).
SERVICES: dict[str, str] = {c.code: c.label for c in vocabulary.of_kind(vocabulary.SERVICE)}


def service_codes(on: date | None = None) -> tuple[str, ...]:
    """Every code accepted in ``History.services``: the services of the vocabulary, which hold the
    items of every edition of the screening schedule (``tekanan_darah``, ``sadanis``, ``skilas`` …)."""
    return tuple(SERVICES)


# Known conditions that drive follow-up → Indonesian name (a catalogue msgid).
CONDITIONS: dict[str, str] = {c.code: c.label for c in vocabulary.of_kind(vocabulary.CONDITION)}

# What the `siklus due` command prints around the items (kept here so the catalogue has them).
REPORT = {
    "title": gettext_noop("Layanan yang jatuh tempo pada %(date)s"),
    "person": gettext_noop("%(sex)s, lahir %(birth)s, umur %(age)s — %(stage)s%(others)s"),
    "also": gettext_noop(" (juga: %(stages)s)"),
    "L": gettext_noop("Laki-laki"),
    "P": gettext_noop("Perempuan"),
    "now": gettext_noop("HARUS DIBERIKAN SEKARANG"),
    "nothing": gettext_noop("Tidak ada layanan yang jatuh tempo hari ini."),
    "soon": gettext_noop("SEGERA (dalam %(days)s hari)"),
    "places": gettext_noop("Tempat: %(places)s"),
    "from": gettext_noop(" · mulai %(date)s"),
    "by": gettext_noop(" · paling lambat %(date)s"),
    "immunization": gettext_noop("IMUNISASI"),
    "next_visit": gettext_noop("Kunjungan imunisasi berikutnya: %(when)s — %(doses)s"),
    "today": gettext_noop("hari ini"),
    "planned": gettext_noop("Jadwal berikutnya (paling cepat): %(steps)s"),
    "td": gettext_noop("STATUS IMUNISASI TETANUS"),
    "notes": gettext_noop("CATATAN"),
    "versions": gettext_noop("Versi aturan: %(versions)s"),
    "service_codes": gettext_noop("Kode layanan (services):"),
    "condition_codes": gettext_noop("Kode kondisi (conditions):"),
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
class DueItem(Worded):
    code: str  # stable, e.g. "imunisasi:MR1", "anc:K2", "ckg", "kontrol-hipertensi"
    heading: Message  # the group
    title: Message
    state: State  # DUE, OVERDUE, CATCH_UP or DUE_SOON
    why: tuple[Message, ...]  # why, and what to do (sentences)
    due_from: date | None
    due_by: date | None
    where: tuple[Message, ...]  # places
    rule_version: str

    @property
    def group(self) -> str:
        return text(self.heading)

    @property
    def places(self) -> tuple[str, ...]:
        return tuple(text(p) for p in self.where)


@dataclass(frozen=True)
class DueList:
    on: date
    person: Person
    stage_title: Message  # main life-cycle stage
    stage_titles: tuple[Message, ...]
    items: tuple[DueItem, ...]
    immunization: im.ImmunizationStatus | None
    td: im.TdStatus | None
    remarks: tuple[Message, ...]

    @property
    def stage(self) -> str:
        return text(self.stage_title)

    @property
    def stages(self) -> tuple[str, ...]:
        return tuple(text(s) for s in self.stage_titles)

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(text(n) for n in self.remarks)

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

CKG_PKG_2025 = "juknis-pkg-2025"


@dataclass(frozen=True)
class CkgGroup:
    code: str
    label: str  # catalogue msgid
    from_years: int
    to_years: int | None  # inclusive
    package: str  # catalogue msgid: summary of the examination package
    package_women: str | None = None  # catalogue msgid: added for women


# ILP.md §4.2 [V:S2]: PKG Hari Ulang Tahun for children 1–6 y and adults ≥18; PKG Sekolah 7–17 y;
# newborns at day 2 (see _newborn_ckg).
CKG_GROUPS: Versioned[tuple[CkgGroup, ...]] = Versioned(
    Edition(CKG_PKG_2025, date(2025, 1, 1), (
        CkgGroup("balita-apras", gettext_noop("CKG balita dan anak prasekolah"), 1, 6,
                 gettext_noop("pertumbuhan (BB, PB/TB, LK), perkembangan (KPSP), TBC, telinga, mata, gigi")),
        CkgGroup("dewasa-18-29", gettext_noop("CKG dewasa 18–29 tahun"), 18, 29,
                 gettext_noop("merokok, aktivitas fisik, gizi (BB/TB/IMT/LP), gigi, tekanan darah, gula darah "
                              "sewaktu, TBC, mata, telinga, kesehatan jiwa, hati (hepatitis B/C bila berisiko)")),
        CkgGroup("dewasa-30-39", gettext_noop("CKG dewasa 30–39 tahun"), 30, 39,
                 gettext_noop("paket 18–29 tahun"),
                 gettext_noop(" + kanker payudara (SADANIS) dan leher rahim (IVA/HPV-DNA) untuk perempuan")),
        CkgGroup("dewasa-40-59", gettext_noop("CKG dewasa 40–59 tahun"), 40, 59,
                 gettext_noop("paket 30–39 tahun + gula darah puasa, PPOK (PUMA), kanker paru dan kolorektal "
                              "(kuesioner); penderita HT/DM: profil lipid, EKG, fungsi ginjal")),
        CkgGroup("lansia", gettext_noop("CKG lansia"), 60, None,
                 gettext_noop("paket dewasa + skrining geriatri (SKILAS dan ADL)")),
    )),
)


@dataclass(frozen=True)
class FollowUpCadences:
    growth_until_months: int  # monthly weighing and measuring up to this age (completed months)
    prediabetes_recheck_months: int


# ILP.md §1.7 (monthly growth monitoring for bayi, balita and anak prasekolah, to 72 months) and
# §4.3 (monthly HT/DM control at Posyandu/Pustu; prediabetes re-checked every 3 months).
FOLLOW_UP: Versioned[FollowUpCadences] = Versioned(
    Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, FollowUpCadences(growth_until_months=72, prediabetes_recheck_months=3)),
)


def _setting(name: str):
    return config.get(name)


def _places_for_dose(dose: im.DoseStatus) -> tuple[Message, ...]:
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
                code=f"imunisasi:{dose.code}", heading=IMUNISASI,
                title=Message(gettext_noop("Imunisasi %(dose)s"), {"dose": dose.title}),
                state=dose.state, why=dose.why,
                due_from=dose.earliest, due_by=dose.by,
                where=_places_for_dose(dose), rule_version=dose.rule_version))
        if dose.state is State.GIVEN and not dose.valid:
            notes.append(Message(gettext_noop("%(dose)s: %(reason)s"), {"dose": dose.title, "reason": dose.why}))
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
        who = (Message(gettext_noop("ibu hamil")) if person.pregnancy is not None
               else Message(gettext_noop("WUS (%(years)s tahun)"), {"years": years}))
        places = (PUSTU, PUSKESMAS) if person.pregnancy is not None else (POSYANDU, PUSTU, PUSKESMAS)
        items.append(DueItem(
            code="imunisasi:Td", heading=IMUNISASI,
            title=Message(gettext_noop("Imunisasi Td untuk %(level)s (%(who)s)"),
                          {"level": status.next_label, "who": who}),
            state=status.state, why=(status.why,), due_from=status.next_earliest, due_by=None,
            where=places, rule_version=status.rule_version))
    return status


def _anc(person: Person, on: date, horizon: int, items: list, notes: list) -> None:
    preg = person.pregnancy
    if preg is None:
        return
    status = pregnancy.anc_status(preg.hpht, preg.anc, on)
    ga = status.gestational_age
    hpl = pregnancy.hpl(preg.hpht)
    notes.append(Message(gettext_noop(
        "Hamil %(age)s (trimester %(trimester)s), HPL %(hpl)s; %(k1)s; kunjungan ANC %(count)s kali [%(version)s]."),
        {"age": ga.title, "trimester": ga.trimester, "hpl": hpl, "k1": status.k1.title,
         "count": sum(status.counts), "version": status.rule_version}))
    if status.missed:
        notes.append(Message(gettext_noop("Kontak ANC terlewat: %(contacts)s — kejar pada kontak berikutnya."),
                             {"contacts": Join(status.missed)}))
    for contact in status.due:
        if contact.window_start <= on:
            state = State.DUE
        elif (contact.window_start - on).days <= horizon:
            state = State.DUE_SOON
        else:
            break
        places = (PUSKESMAS,) if contact.by_doctor else (PUSTU, PUSKESMAS)
        end = (Message(gettext_noop(" sampai %(date)s"), {"date": contact.window_end}) if contact.window_end
               else Message(gettext_noop(" sampai persalinan")))
        why = [Message(gettext_noop(
            "Kontak ANC ke-%(number)s (pola %(pattern)s), trimester %(trimester)s: mulai %(start)s%(end)s."),
            {"number": contact.contact_number, "pattern": status.pattern, "trimester": contact.trimester,
             "start": contact.window_start, "end": end})]
        if contact.by_doctor:
            why.append(Message(gettext_noop("Oleh dokter, dengan USG.")) if contact.usg
                       else Message(gettext_noop("Oleh dokter.")))
        items.append(DueItem(
            code=f"anc:{contact.code}", heading=KEHAMILAN,
            title=Message(gettext_noop("Pemeriksaan kehamilan %(contact)s"), {"contact": contact.title}),
            state=state, why=tuple(why), due_from=contact.window_start, due_by=contact.window_end,
            where=places, rule_version=contact.rule_version))
        break  # only the next contact: later ones follow from it


def _visit_item(kind: str, window: pregnancy.VisitWindow, on: date, horizon: int, who: Message) -> DueItem | None:
    start = window.start.date()
    last = (window.end - timedelta(microseconds=1)).date()
    if start <= on:
        state = State.DUE
    elif (start - on).days <= horizon:
        state = State.DUE_SOON
    else:
        return None
    return DueItem(
        code=f"{kind}:{window.code}", heading=NIFAS_NEONATAL, title=window.title, state=state,
        why=(Message(gettext_noop("%(who)s: %(visit)s dari %(start)s sampai %(last)s."),
                     {"who": who, "visit": window.code, "start": start, "last": last}),),
        due_from=start, due_by=last, where=(PUSKESMAS, PUSTU, RUMAH), rule_version=window.rule_version)


def _kf(person: Person, on: date, horizon: int, items: list) -> None:
    if person.delivered_on is None or person.delivered_on > on:
        return
    window = pregnancy.next_kf(person.delivered_on, person.history.dates("kf", on), on)
    if window is not None:
        who = Message(gettext_noop("Ibu nifas, bersalin %(date)s"), {"date": person.delivered_on})
        item = _visit_item("kf", window, on, horizon, who)
        if item:
            items.append(item)


def _newborn(person: Person, on: date, horizon: int, items: list) -> None:
    age = age_on(person.birth, on)
    if age.days > 28:
        return
    window = pregnancy.next_kn(person.birth, person.history.dates("kn", on), on)
    if window is not None:
        who = Message(gettext_noop("Bayi baru lahir, lahir %(date)s"), {"date": person.birth})
        item = _visit_item("kn", window, on, horizon, who)
        if item:
            items.append(item)
    # CKG bayi baru lahir at day 2 (> 24 hours), SHK sample ideally at 48–72 hours (ILP.md §4.2, §4.5).
    # With dates only: from the day after birth to day 3.
    start, last = person.birth + timedelta(days=1), person.birth + timedelta(days=3)
    done = [d for d in person.history.dates("ckg", on) if d >= person.birth]
    if not done and on <= last:
        state = State.DUE if on >= start else State.DUE_SOON
        items.append(DueItem(
            code="ckg:bayi-baru-lahir", heading=CKG, title=Message(gettext_noop("CKG bayi baru lahir (hari ke-2)")),
            state=state,
            why=(Message(gettext_noop(
                "Hari ke-2 (>24 jam): berat badan, PJB kritis (oksimetri nadi), skrining hipotiroid kongenital "
                "(SHK, ideal 48–72 jam), hiperplasia adrenal kongenital, defisiensi G6PD; kartu warna tinja "
                "(atresia bilier), ulang saat umur 1 bulan.")),),
            due_from=start, due_by=last, where=(TEMPAT_PERSALINAN,), rule_version=CKG_GROUPS.at(on).version))


def _growth(person: Person, on: date, items: list) -> None:
    edition = FOLLOW_UP.at(on)
    if age_on(person.birth, on).months > edition.value.growth_until_months:
        return
    done = [d for d in person.history.dates("penimbangan", on) if (d.year, d.month) == (on.year, on.month)]
    if done:
        return
    items.append(DueItem(
        code="penimbangan", heading=GIZI_TUMBUH_KEMBANG, title=Message(gettext_noop("Penimbangan dan pengukuran")),
        state=State.DUE,
        why=(Message(gettext_noop(
            "Setiap bulan untuk bayi, balita dan anak prasekolah (umur %(age)s): BB, PB/TB, LK, LiLA; catat di "
            "Buku KIA — belum ditimbang bulan %(month)s."),
            {"age": age_of(person.birth, on), "month": MonthYear(on.year, on.month)}),),
        due_from=month_start(on), due_by=month_end(on), where=(POSYANDU,), rule_version=edition.version))


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
            title = check.title
            if check.about is not None and check.code != "pkat":
                title = Message(gettext_noop("%(check)s — %(detail)s"), {"check": check.title, "detail": check.about})
            items.append(DueItem(
                code=check.code, heading=GIZI_TUMBUH_KEMBANG, title=title, state=check.state,
                why=(check.why,), due_from=check.earliest, due_by=check.by, where=places,
                rule_version=check.rule_version))


def _ckg_package(group: CkgGroup, n: int, sex: str) -> Join:
    parts = [Message(group.package)]
    if group.package_women and sex == "P":
        parts.append(Message(group.package_women))
    if group.code == "balita-apras":
        if n == 2:
            parts.append(Message(gettext_noop("; umur 2 tahun: Hb (talasemia) dan gula darah")))
        if n >= 3:
            parts.append(Message(gettext_noop("; tes mata Tumbling-E; Hb dan gula darah bila ada risiko/gejala")))
    return Join(tuple(parts), "")


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
        start = date_at_age(person.birth, years=n)
        last = date_at_age(start, months=window_months)
        if last < on:
            if not any(start <= d <= last for d in done) and n == years:
                notes.append(Message(gettext_noop("CKG ulang tahun ke-%(n)s belum tercatat (jendela %(start)s–%(last)s)."),
                                     {"n": n, "start": start, "last": last}))
            continue
        if any(start <= d <= last for d in done):
            continue
        if start <= on:
            state = State.DUE
        elif (start - on).days <= horizon:
            state = State.DUE_SOON
        else:
            return
        items.append(DueItem(
            code="ckg", heading=CKG,
            title=Message(gettext_noop("%(group)s (ulang tahun ke-%(n)s)"), {"group": Message(group.label), "n": n}),
            state=state,
            why=(Message(gettext_noop("CKG ulang tahun: dari %(start)s sampai %(last)s. Pemeriksaan: %(package)s."),
                         {"start": start, "last": last, "package": _ckg_package(group, n, person.sex)}),),
            due_from=start, due_by=last, where=(PUSKESMAS, PUSTU), rule_version=edition.version))
        return


def _school(person: Person, on: date, items: list) -> None:
    years = age_on(person.birth, on).years
    if not 6 <= years <= 18:
        return
    check = children.school_screening(person.birth, person.sex, on, person.school_class)
    if check is None:
        return
    start = date(check.school_year, 7, 1)
    end = date(check.school_year + 1, 6, 30)
    done = [d for d in person.history.dates("skrining-sekolah", on) + person.history.dates("ckg", on) if d >= start]
    if done:
        return
    items.append(DueItem(
        code="skrining-sekolah", heading=CKG,
        title=Message(gettext_noop("%(check)s / CKG sekolah"), {"check": check.title}),
        state=State.DUE,
        why=(Message(gettext_noop("Tahun ajaran %(year)s, kelas %(class)s%(estimated)s: %(items)s."),
                     {"year": f"{check.school_year}/{check.school_year + 1}", "class": check.school_class,
                      "estimated": im.ESTIMATED_CLASS if check.estimated else Join(()),
                      "items": Join(check.checks, "; ")}),),
        due_from=start, due_by=end, where=(SEKOLAH, PUSKESMAS), rule_version=check.rule_version))


_NOT_RECORDED = Message(gettext_noop("Belum tercatat."))


def _periodic(code: str, title: Message, heading: Message, last: date | None, months: int, on: date, horizon: int,
              why: Message, places: tuple[Message, ...], version: str) -> DueItem | None:
    """A service due every ``months`` months after the last one (due now when never done)."""
    if last is None:
        return DueItem(code, heading, title, State.DUE, (why, _NOT_RECORDED), on, None, places, version)
    nxt = date_at_age(last, months=months)
    reason = (why, Message(gettext_noop("Terakhir %(last)s; jatuh tempo %(next)s."), {"last": last, "next": nxt}))
    if nxt <= on:
        return DueItem(code, heading, title, State.DUE, reason, nxt, None, places, version)
    if (nxt - on).days <= horizon:
        return DueItem(code, heading, title, State.DUE_SOON, reason, nxt, None, places, version)
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


def _screening_group(person: Person, on: date, horizon: int, codes: tuple[str, ...], item_code: str, title: Message,
                     heading: Message, intro: Message, places: tuple[Message, ...], **facts) -> DueItem | None:
    due_now, due_soon, version = [], [], ""
    for code in codes:
        records = [code, "ckg"] + ([_GROUP_RECORDS[code]] if code in _GROUP_RECORDS else [])
        last = _last_of(person.history, on, *records)
        result = screening.screening_due(code, birth=person.birth, sex=person.sex, on=on, last_done=last, **facts)
        version = result.rule_version
        if result.status == "due":
            due_now.append((result, last))
        elif result.status == "not_yet" and result.due_on is not None and (result.due_on - on).days <= horizon:
            due_soon.append((result, last))
    if not due_now and not due_soon:
        return None
    state = State.DUE if due_now else State.DUE_SOON
    listed = due_now or due_soon
    parts = []
    for result, last in listed:
        when = (Message(gettext_noop("belum pernah")) if last is None
                else Message(gettext_noop("jatuh tempo %(date)s"), {"date": result.due_on}))
        parts.append(Message(gettext_noop("%(item)s (%(when)s)"), {"item": Message(result.label), "when": when}))
    why = Message(gettext_noop("%(intro)s: %(items)s."), {"intro": intro, "items": Join(tuple(parts), "; ")})
    due_from = min((r.due_on for r, _ in listed if r.due_on is not None), default=None)
    return DueItem(item_code, heading, title, state, (why,), due_from, None, places, version)


def _adult(person: Person, on: date, horizon: int, items: list) -> None:
    years = age_on(person.birth, on).years
    if years < 15:
        return
    known = person.conditions
    risk = bool(known & {"hipertensi", "diabetes", "prediabetes", "obesitas"})
    ht_dm = bool(known & {"hipertensi", "diabetes"})
    groups = (
        (PTM_YEARLY, "skrining-ptm", gettext_noop("Skrining PTM tahunan"), SKRINING,
         gettext_noop("Skrining tahunan umur ≥15 tahun"), (POSYANDU, PUSTU, PUSKESMAS)),
        (WOMEN_CANCER, "skrining-kanker", gettext_noop("Skrining kanker payudara dan leher rahim"), SKRINING,
         gettext_noop("Perempuan ≥30 tahun, setiap 3 tahun (IVA bagi yang sudah pernah berhubungan seksual)"),
         (PUSKESMAS, PUSTU)),
        (LANSIA, "skilas-adl", gettext_noop("SKILAS dan ADL (lansia)"), SKRINING,
         gettext_noop("Lansia ≥60 tahun, setiap tahun"), (POSYANDU, PUSTU, PUSKESMAS)),
        (HT_DM_COMPLICATIONS, "skrining-komplikasi", gettext_noop("Skrining komplikasi hipertensi/diabetes"),
         PEMANTAUAN_PENYAKIT, gettext_noop("Penderita HT/DM umur ≥40 tahun, setiap tahun"), (PUSKESMAS,)),
    )
    for codes, code, title, heading, intro, places in groups:
        item = _screening_group(person, on, horizon, codes, code, Message(title), heading, Message(intro), places,
                                risk_factor=risk, hypertension_or_diabetes=ht_dm)
        if item:
            items.append(item)


def _monthly(code: str, title: Message, last: date | None, on: date, why: Message,
             places: tuple[Message, ...], version: str) -> DueItem | None:
    """A follow-up due once per calendar month."""
    if last is not None and (last.year, last.month) == (on.year, on.month):
        return None
    since = Message(gettext_noop("Terakhir %(date)s."), {"date": last}) if last else _NOT_RECORDED
    return DueItem(code, PEMANTAUAN_PENYAKIT, title, State.DUE, (why, since),
                   month_start(on), month_end(on), places, version)


def _conditions(person: Person, on: date, horizon: int, items: list) -> None:
    unknown = sorted(set(person.conditions) - set(CONDITIONS))
    if unknown:
        raise ValueError(f"kondisi tidak dikenal: {', '.join(unknown)} (pilihan: {', '.join(CONDITIONS)})")
    h = person.history
    edition = FOLLOW_UP.at(on)
    found: list[DueItem | None] = []
    if "hipertensi" in person.conditions:
        found.append(_monthly(
            "kontrol-hipertensi", Message(gettext_noop("Kontrol hipertensi bulanan")), h.last("kontrol-hipertensi", on),
            on, Message(gettext_noop(
                "Penderita hipertensi: ukur tekanan darah setiap bulan, kepatuhan minum obat; Pustu dapat melanjutkan "
                "obat sampai 3 bulan bila terkendali, bila tidak terkendali rujuk ke Puskesmas.")),
            (POSYANDU, PUSTU, PUSKESMAS), edition.version))
    if "diabetes" in person.conditions:
        found.append(_monthly(
            "kontrol-diabetes", Message(gettext_noop("Kontrol diabetes bulanan")), h.last("kontrol-diabetes", on), on,
            Message(gettext_noop("Penderita diabetes: periksa gula darah setiap bulan di Pustu, kepatuhan obat; bila "
                                 "tidak terkendali rujuk ke Puskesmas.")), (PUSTU, PUSKESMAS), edition.version))
    if "prediabetes" in person.conditions and "diabetes" not in person.conditions:
        months = edition.value.prediabetes_recheck_months
        found.append(_periodic(
            "gula-darah", Message(gettext_noop("Periksa ulang gula darah (prediabetes)")), PEMANTAUAN_PENYAKIT,
            h.last("gula-darah", on), months, on, horizon,
            Message(gettext_noop("Prediabetes: perubahan gaya hidup dan periksa ulang gula darah setiap %(months)s "
                                 "bulan."), {"months": months}),
            (POSYANDU, PUSTU, PUSKESMAS), edition.version))
    if "tbc" in person.conditions:
        found.append(_periodic(
            "kontrol-tbc", Message(gettext_noop("Pemantauan pengobatan TBC")), PEMANTAUAN_PENYAKIT,
            h.last("kontrol-tbc", on), int(_setting("due.tb_followup_interval_months")), on, horizon,
            Message(gettext_noop("Dalam pengobatan TBC: ambil obat, pengawasan minum obat (PMO), efek samping; "
                                 "investigasi kontak serumah.")),
            (PUSKESMAS, PUSTU, RUMAH), edition.version))
    items.extend(item for item in found if item is not None)


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
    also = Message(gettext_noop("Sekaligus mencakup: %(items)s."), {"items": Join(tuple(i.title for i in merged))})
    ckg = DueItem(ckg.code, ckg.heading, ckg.title, ckg.state, ckg.why + (also,),
                  ckg.due_from, ckg.due_by, ckg.where, ckg.rule_version)
    return [ckg if i.code == "ckg" else i for i in items if i.code not in _IN_CKG]


_ORDER = {State.OVERDUE: 0, State.CATCH_UP: 1, State.DUE: 2, State.DUE_SOON: 3}


def due(person: Person, on: date, *, horizon_days: int | None = None) -> DueList:
    """Everything due for ``person`` on ``on`` (now and within the horizon), with why and by when."""
    if person.sex not in im.SEXES:  # the engine compares codes: "L"/"P" only, as normalised by sex_code
        sex_code(person.sex)  # an unknown value raises its message
        raise ValueError(f"jenis kelamin harus 'L' atau 'P', bukan {person.sex!r} (normalkan dengan sex_code)")
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
    notes: list[Message] = []

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
        notes.append(Message(gettext_noop("Tanyakan gejala TBC pada setiap kunjungan.")))

    items.sort(key=lambda i: (_ORDER[i.state], i.due_by or date.max))
    return DueList(
        on=on,
        person=person,
        stage_title=Message(main_stage(person.birth, on, person.sex).label),
        stage_titles=tuple(Message(s.label) for s in stages(person.birth, on, person.sex)),
        items=tuple(items),
        immunization=immunization,
        td=td,
        remarks=tuple(notes),
    )
