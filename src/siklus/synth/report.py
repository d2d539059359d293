"""How close a generated kabupaten is to its district: each figure next to its target and source.

:func:`build` reads a synthetic kabupaten from the database and returns :class:`Row` data (no
printing, no formatting); ``siklus synth --report`` prints it. Every share carries its sample size,
so a test (and a reader) can tell sampling error from a wrong generator: :attr:`Row.tolerance` is
``Z`` binomial standard errors of the target, ``sqrt(p(1 − p) / n)``.

Definitions (all at the run's ``as_of`` unless said otherwise):

* residents: persons neither dead nor moved out on ``as_of``;
* the period: the run's ``months`` months ending on ``as_of`` (``history.month_starts``);
* stunting/wasting/underweight: each balita (resident under 60 months on ``as_of``) at their latest
  weighing in the period — one measurement per child, as a survey sees them — by the age at that
  weighing;
* IDL: residents aged 12–23 months, complete by their first birthday (``rules.immunization``);
* hypertension among the screened ≥ 18 years, diabetes ≥ 15 years, at their screening visit
  (a known hypertensive's/diabetic's control status counts as the condition);
* screening coverage: residents ≥ 15 years with a screening visit in the last 12 months.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from siklus.care.models import Birth, Encounter, Immunization, Observation
from siklus.facilities.models import Facility, Kind
from siklus.people.models import Person
from siklus.rules import immunization
from siklus.rules.lifecycle import date_at_age
from siklus.rules.messages import format_date, format_number
from siklus.synth import history
from siklus.synth import parameters as P
from siklus.synth.models import SynthRun
from siklus.synth.presets import PRESETS, Preset

Z = 4.0  # standard errors a figure may stray from its target before the report calls it off
POPULATION_TOLERANCE = 0.03  # births − deaths − moves in a year, relative [GUESS]
STUNTED = ("stunted", "severely_stunted")
WASTED = ("wasted", "severely_wasted")
UNDERWEIGHT = ("underweight", "severely_underweight")
HYPERTENSIVE_KNOWN = ("ht_terkendali", "ht_tidak_terkendali")
DIABETIC = ("diabetes", "dm_terkendali", "dm_tidak_terkendali")


@dataclass
class Row:
    """One figure. ``kind``: "count" (exact unless ``tolerance_abs``), "share" (0–1), "ratio"
    (males per 100 females), "rate" (per 1,000 a year) or "facility" (``value`` of ``n`` on ILP)."""

    key: str
    label: str  # Indonesian msgid
    value: float | None
    target: float | None
    source: str = ""
    national: bool = False
    n: int = 0  # sample size (denominator)
    kind: str = "share"
    checked: bool = True  # the generator aims at the target; False: shown for comparison only
    tolerance_abs: float | None = None
    args: dict = field(default_factory=dict)  # placeholders of the label

    @property
    def tolerance(self) -> float | None:
        """How far the value may be from the target by chance (None: no target or no sample)."""
        if self.target is None:
            return None
        if self.tolerance_abs is not None:
            return self.tolerance_abs
        if self.kind in ("count", "facility"):
            return 0.0
        if not self.n:
            return None
        if self.kind == "share":
            p = self.target
            return Z * math.sqrt(p * (1 - p) / self.n)
        if self.kind == "ratio":  # r = p / (1 − p) × 100 with p the male share: delta method
            p = self.target / (100 + self.target)
            return Z * math.sqrt(p * (1 - p) / self.n) * 100 / (1 - p) ** 2
        if self.kind == "rate":  # births ~ Poisson: sd of the rate = sqrt(births) / population
            return Z * math.sqrt(self.target / 1000 * self.n) / self.n * 1000
        return None

    @property
    def within(self) -> bool | None:
        if self.value is None or self.tolerance is None or self.target is None:
            return None
        return abs(self.value - self.target) <= self.tolerance + 1e-9


@dataclass
class Report:
    kabupaten: str
    title: str
    preset: str
    as_of: date
    months: int
    scale: float
    persons: int
    rows: list[Row] = field(default_factory=list)

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    @property
    def off(self) -> list[Row]:
        """Checked figures outside their tolerance."""
        return [r for r in self.rows if r.checked and r.within is False]


class NotGenerated(LookupError):
    def __str__(self):
        return _("Belum ada data sintetis di %(kabupaten)s: jalankan siklus synth dahulu.") % {"kabupaten": self.args[0]}


def preset_of(run: SynthRun) -> Preset:
    if run.preset in PRESETS:
        return PRESETS[run.preset]
    from siklus.synth import generator

    return generator.resolve(kabupaten=run.kabupaten, persons=run.persons)


def build(kabupaten: str) -> Report:
    """The report of the latest synthetic run in ``kabupaten`` (raises :class:`NotGenerated`)."""
    run = SynthRun.objects.filter(kabupaten=kabupaten).first()
    if run is None:
        raise NotGenerated(kabupaten)
    preset = preset_of(run)
    as_of, months = run.as_of, run.months
    report = Report(kabupaten=kabupaten, title=preset.title, preset=run.preset, as_of=as_of, months=months,
                    scale=run.scale, persons=run.persons)
    prefix = kabupaten + "."
    start = history.month_starts(as_of, months)[0] if months else as_of
    persons = list(Person.objects.filter(area_code__startswith=prefix)
                   .values_list("id", "sex", "birth_date", "died_on", "moved_out_on"))
    resident = {pid: (sex, born) for pid, sex, born, died, moved in persons
                if born <= as_of and (died is None or died > as_of) and (moved is None or moved > as_of)}
    rows = report.rows

    # --- people -----------------------------------------------------------------------------
    n = len(resident)
    # The target is the records drawn at the start of the period (the preset's population × scale).
    rows.append(Row("population", gettext_noop("Penduduk"), n, run.persons, preset.sources.get("population", ""),
                    kind="count", tolerance_abs=POPULATION_TOLERANCE * run.persons))
    males = sum(1 for sex, _ in resident.values() if sex == "L")
    rows.append(_figure("sex_ratio", gettext_noop("Rasio jenis kelamin (L per 100 P)"),
                        100 * males / max(1, n - males), preset.sex_ratio, n, kind="ratio"))
    five = date_at_age(as_of, years=-5)
    under5 = sum(1 for _, born in resident.values() if born > five)
    rows.append(_figure("share_0_4", gettext_noop("Penduduk umur 0–4 tahun"), under5 / max(1, n),
                        preset.share_0_4, n))
    if months:
        births = Birth.objects.filter(area_code__startswith=prefix, alive=True, born_on__gte=start,
                                      born_on__lte=as_of)
        born_in_period = {pid for pid, _, born, _, _ in persons if start <= born <= as_of}
        with_birth = set(births.exclude(child=None).values_list("child_id", flat=True))
        live_births = births.count()
        years = months / 12
        rows.append(_figure("births", gettext_noop("Kelahiran hidup per 1.000 penduduk per tahun"),
                            live_births / max(1, n) / years * 1000, preset.birth_rate, round(n * years),
                            kind="rate"))
        rows.append(Row("born_in_period", gettext_noop("Lahir dalam periode = kelahiran hidup tercatat"),
                        len(born_in_period), live_births, gettext_noop("kelahiran dari riwayat"), kind="count"))
        rows.append(Row("without_birth", gettext_noop("Lahir dalam periode tanpa catatan kelahiran"),
                        len(born_in_period - with_birth), 0, "", kind="count"))
    if not months:
        _facilities(report, preset, prefix, as_of)
        return report

    # --- growth of balita -------------------------------------------------------------------
    latest: dict[str, dict] = {"length_height": {}, "zwfl": {}, "weight": {}}
    observed = (Observation.objects.filter(area_code__startswith=prefix, code__in=list(latest), on__gte=start,
                                           on__lte=as_of, encounter__kind="posyandu")
                .order_by("on").values_list("person_id", "code", "on", "category"))
    births_of = {pid: born for pid, _, born, _, _ in persons}
    balita_from = date_at_age(as_of, months=-60)
    for pid, code, on, category in observed:
        if pid in resident and resident[pid][1] > balita_from:
            latest[code][pid] = (on, category)
    profile = history.age_profile(preset.stunting.value, P.STUNTING.value, P.STUNTING_BY_AGE)
    by_band: dict[int, list[bool]] = defaultdict(list)
    for pid, (on, category) in latest["length_height"].items():
        band = int(history.band_of_days((on - births_of[pid]).days))
        by_band[band].append(category in STUNTED)
    all_stunted = [x for values in by_band.values() for x in values]
    rows.append(_figure("stunting", gettext_noop("Stunting balita (TB/U)"), _mean(all_stunted), preset.stunting,
                        len(all_stunted)))
    lows = P.AGE_BANDS_MONTHS
    for b, (low, high) in enumerate(zip(lows, lows[1:])):
        values = by_band.get(b, [])
        target = P.Figure(profile[low], gettext_noop("profil umur SKI 2023 × angka kabupaten"),
                          preset.stunting.national)
        row = _figure(f"stunting_{low}", gettext_noop("  umur %(low)s–%(high)s bulan"), _mean(values), target,
                      len(values))
        row.args = {"low": low, "high": high - 1}
        rows.append(row)
    wasted = [c in WASTED for _, c in latest["zwfl"].values()]
    rows.append(_figure("wasting", gettext_noop("Wasting balita (BB/TB)"), _mean(wasted), preset.wasting,
                        len(wasted)))
    under = [c in UNDERWEIGHT for _, c in latest["weight"].values()]
    rows.append(_figure("underweight", gettext_noop("Underweight balita (BB/U)"), _mean(under), preset.underweight,
                        len(under), checked=False))

    # --- immunization -----------------------------------------------------------------------
    one, two = date_at_age(as_of, years=-1), date_at_age(as_of, years=-2)
    kids = {pid: born for pid, (_, born) in resident.items() if two < born <= one}
    doses: dict = defaultdict(dict)
    for pid, dose, given in (Immunization.objects.filter(person_id__in=list(kids))
                             .values_list("person_id", "dose", "given_on")):
        doses[pid][dose] = given
    complete = [immunization.idl_status(born, doses.get(pid, {}), as_of).complete for pid, born in kids.items()]
    rows.append(_figure("idl", gettext_noop("Imunisasi dasar lengkap (anak 12–23 bulan)"), _mean(complete),
                        preset.idl, len(complete)))

    # --- adults -----------------------------------------------------------------------------
    first: dict[tuple, tuple] = {}
    for pid, code, on, category in (Observation.objects.filter(
            area_code__startswith=prefix, code__in=("sbp", "glucose_fasting"), encounter__kind="skrining",
            on__gte=start, on__lte=as_of).order_by("on").values_list("person_id", "code", "on", "category")):
        first.setdefault((pid, code), (on, category))
    ht = [c.startswith("hipertensi") or c in HYPERTENSIVE_KNOWN for (pid, code), (on, c) in first.items()
          if code == "sbp" and _years(births_of[pid], on) >= P.HYPERTENSION_MIN_AGE]
    dm = [c in DIABETIC for (pid, code), (on, c) in first.items()
          if code == "glucose_fasting" and _years(births_of[pid], on) >= P.SCREENING_MIN_AGE]
    rows.append(_figure("hypertension", gettext_noop("Hipertensi di antara yang diskrining (≥ 18 tahun)"),
                        _mean(ht), preset.hypertension, len(ht)))
    rows.append(_figure("diabetes", gettext_noop("Diabetes di antara yang diskrining (≥ 15 tahun)"),
                        _mean(dm), preset.diabetes, len(dm)))
    fifteen = date_at_age(as_of, years=-P.SCREENING_MIN_AGE)
    adults = {pid for pid, (_, born) in resident.items() if born <= fifteen}
    year_ago = max(start, date.fromordinal(date_at_age(as_of, years=-1).toordinal() + 1))
    screened = set(Encounter.objects.filter(area_code__startswith=prefix, kind="skrining", on__gte=year_ago,
                                            on__lte=as_of).values_list("person_id", flat=True))
    coverage = len(adults & screened) / max(1, len(adults))
    target = preset.screening
    if months < 12:  # a shorter period screens its share of a year
        target = P.Figure(target.value * months / 12, target.source, target.national)
    rows.append(_figure("screening", gettext_noop("Cakupan skrining dewasa ≥ 15 tahun per tahun"), coverage,
                        target, len(adults)))
    _facilities(report, preset, prefix, as_of)
    return report


def _facilities(report: Report, preset: Preset, prefix: str, as_of: date) -> None:
    synthetic = Facility.objects.filter(area_code__startswith=prefix, created_by__username="siklus-synth")
    totals = {"puskesmas": preset.puskesmas, "pustu": preset.pustu, "posyandu": preset.posyandu}
    labels = {"puskesmas": gettext_noop("Puskesmas"), "pustu": gettext_noop("Pustu"),
              "posyandu": gettext_noop("Posyandu")}
    ilp_labels = {"puskesmas": gettext_noop("Puskesmas menjalankan ILP"), "pustu": gettext_noop("Pustu menjalankan ILP"),
                  "posyandu": gettext_noop("Posyandu menjalankan ILP")}
    final = final_ilp(preset)
    complete = rollout_complete(preset)
    for kind in (Kind.PUSKESMAS, Kind.PUSTU, Kind.POSYANDU):
        mine = synthetic.filter(kind=kind)
        total = mine.count()
        report.rows.append(Row(kind.value, labels[kind.value], total, totals[kind.value],
                               preset.sources.get(kind.value, ""), kind="count"))
        on_ilp = mine.filter(Q(ilp_active=True), Q(ilp_since__lte=as_of) | Q(ilp_since=None)).count()
        target = final.get(kind.value)
        report.rows.append(Row(f"{kind.value}_ilp", ilp_labels[kind.value],
                               on_ilp, target, preset.sources.get("ilp", ""), n=total, kind="facility",
                               checked=target is not None and complete is not None and as_of >= complete))


def final_ilp(preset: Preset) -> dict[str, int | None]:
    """Puskesmas, Pustu and Posyandu on ILP once the preset's roll-out is complete."""
    puskesmas = 0
    for phase in preset.puskesmas_phases:
        puskesmas = preset.puskesmas if phase.count is None else puskesmas + phase.count
    if preset.pilot:
        puskesmas += 1
    if preset.launch:
        puskesmas += 1
    puskesmas = min(puskesmas, preset.puskesmas)
    everything = puskesmas == preset.puskesmas
    pustu = preset.pustu_ilp if preset.pustu_ilp is not None else (preset.pustu if everything else None)
    posyandu = preset.posyandu_ilp if preset.posyandu_ilp is not None else (preset.posyandu if everything else None)
    return {"puskesmas": puskesmas, "pustu": pustu, "posyandu": posyandu}


def rollout_complete(preset: Preset) -> date | None:
    """The day by which the preset's roll-out has placed every facility it will (Pustu and
    Posyandu of an ILP Puskesmas may start until ``NETWORK_ILP_UNTIL``)."""
    days = [phase.end for phase in preset.puskesmas_phases]
    days += [x.since for x in (preset.pilot, preset.launch) if x]
    if preset.pustu_ilp is not None or preset.posyandu_ilp is not None:
        days.append(P.NETWORK_ILP_UNTIL)
    return max(days) if days else None


def _figure(key: str, label: str, value, target: P.Figure, n: int, kind: str = "share", checked: bool = True) -> Row:
    return Row(key, label, value, target.value, target.source, target.national, n, kind, checked)


def _mean(values) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def _years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def lines(found: Report, lang: str) -> list[str]:
    """The report as text lines in the active language (numbers as ``lang`` writes them)."""

    def num(value, digits=1):
        return format_number(round(value, digits) if digits else round(value), lang)

    def show(row: Row, value) -> str:
        if value is None:
            return "–"
        if row.kind == "share":
            return f"{num(100 * value)} %"
        if row.kind in ("ratio", "rate"):
            return num(value)
        if row.kind == "facility" and row.n:
            return f"{num(value, 0)} / {num(row.n, 0)} ({num(100 * value / row.n)} %)"
        return num(value, 0)

    def tolerance(row: Row) -> str:
        t = row.tolerance
        if t is None or row.kind in ("count", "facility") and not t:
            return ""
        return "± " + (f"{num(100 * t)} %" if row.kind == "share" else num(t, 1 if row.kind != "count" else 0))

    head = _("%(title)s (%(code)s), preset %(preset)s: %(persons)s penduduk (skala %(scale)s), "
             "%(months)s bulan sampai %(as_of)s") % {
        "title": found.title, "code": found.kabupaten, "preset": found.preset or "-",
        "persons": num(found.persons, 0), "scale": format_number(found.scale, lang), "months": found.months,
        "as_of": format_date(found.as_of, lang)}
    columns = (_("Angka"), _("Sintetis"), _("Sasaran"), _("Toleransi"), "", _("Sumber"))
    lines = [head, "", f"{columns[0]:<50} {columns[1]:>22} {columns[2]:>10} {columns[3]:>10} {columns[4]:<8} "
             f"{columns[5]}"]
    for row in found.rows:
        label = _(row.label) % row.args if row.args else _(row.label)
        if not row.checked:
            mark = _("banding")
        else:
            mark = {True: _("sesuai"), False: _("MELESET"), None: ""}[row.within]
        target = show(row, row.target) if row.kind != "facility" else (num(row.target, 0) if row.target is not None
                                                                       else "–")
        source = _(row.source) if row.source else ""
        if row.key == "population" and found.preset:
            source = f"{source} × {format_number(found.scale, lang)}"
        if row.national:
            source = _("nasional: %(source)s") % {"source": source}
        lines.append(f"{label:<50} {show(row, row.value):>22} {target:>10} {tolerance(row):>10} {mark:<8} {source}")
    off = found.off
    lines.append("")
    lines.append(_("Semua angka dalam toleransi (%(z)s galat baku).") % {"z": num(Z, 0)} if not off else
                 _("Di luar toleransi: %(rows)s") % {"rows": ", ".join(r.key for r in off)})
    return lines
