"""Recomputing stored indicator values (:class:`~.models.IndicatorValue`).

:func:`refresh` computes, for each year, every indicator per desa and Posyandu with the compiled
SQL (:mod:`.compile`), adds the Pustu (its desa's figure), Puskesmas (the sum of its wilayah
kerja), kecamatan, kabupaten and provinsi (each the sum of the level below), derives value,
target and PWS status (ILP.md §7.2), and replaces a year's stored rows in bulk, in one
transaction. With ``area`` only the units inside that area are recomputed from facts; the levels
above it are re-summed from the stored rows, so a Posyandu day in one desa costs one desa's
queries. Outside a transaction on PostgreSQL the count queries run on several connections at once
(:func:`_prefetching`).

Scheduling: ``siklus indicators refresh --dirty`` recomputes the desa and years that care saves
marked (:class:`~.models.DirtyMark`); run it every minute (cron ``* * * * *`` or a systemd timer),
and the web may call :func:`refresh_dirty` after a Posyandu day is closed.
"""

from __future__ import annotations

import contextlib
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from siklus.core.actors import require_actor
from siklus.monitoring import catalogue as cat
from siklus.monitoring import compile as sql
from siklus.monitoring.models import DirtyMark, IndicatorValue, Level, SasaranEstimate, SasaranSource
from siklus.rules import config

FIELDS = ("indicator", "level", "unit", "area_code", "period", "numerator", "denominator", "value", "target",
          "status", "sasaran_source", "rule_versions", "computed_at")


class Row:
    """A value to store: the fields of :class:`~.models.IndicatorValue` without a model instance
    (a full recompute makes about a million; building them as models took a third of its time)."""

    __slots__ = FIELDS

    def __init__(self, indicator: str, level: str, unit: str, area_code: str, period: str, numerator: float,
                 denominator: float | None, sasaran_source: str, computed_at, value: float | None = None,
                 target: float | None = None, status: str = "", rule_versions: str = "") -> None:
        self.indicator, self.level, self.unit, self.area_code, self.period = indicator, level, unit, area_code, period
        self.numerator, self.denominator, self.value, self.target = numerator, denominator, value, target
        self.status, self.sasaran_source, self.rule_versions = status, sasaran_source, rule_versions
        self.computed_at = computed_at


def periods_of(indicator: cat.Indicator, year: int, today: date) -> list[str]:
    """The periods stored for a year: the year, and its months up to today for monthly indicators."""
    periods = [str(year)]
    if indicator.period == "month":
        last = 12 if year < today.year else today.month
        periods += [f"{year}-{m:02d}" for m in range(1, last + 1)]
    return periods


# ----------------------------------------------------------------------------------- base figures


def _windows(indicator: cat.Indicator, year: int, periods: list[str]):
    for period in periods:
        if len(period) == 4:
            yield period, sql.year_window(year)
        else:
            yield period, sql.month_window(year, int(period[5:]), indicator.cumulative)


def _count(spec, indicator: cat.Indicator, year: int, periods: list[str], area: str | None,
           memo: dict | None = None) -> dict[str, dict]:
    """{period: {(desa, posyandu): count}} of a numerator or denominator. With ``memo`` (one
    refresh's), a count that several indicators share (the bayi sasaran of every antigen, DPT1 as
    drop-out's denominator) is queried once."""
    if spec is None:
        return {}
    if isinstance(spec, cat.DesaShare):  # reads the desa values of the year: never kept
        once = _desa_share(spec, year, area, (memo or {}).get(desa_values_key(spec.indicator, year)))
        return {p: once for p in periods}
    memo = {} if memo is None else memo
    key = (repr(spec), indicator.cumulative, year, tuple(periods), area)
    return _once(memo, key, lambda: _counted(spec, indicator, year, periods, area, memo))


YEARS = "years"  # a refresh's memo names its years: counts that cost the same for all years do them at once


class _Pending:
    """A memo entry being computed: other threads asking for it wait for the first one."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value = None
        self.error: BaseException | None = None


_MEMO_LOCK = threading.Lock()


def _once(memo: dict, key, compute: Callable):
    """``memo[key]``, computed by the first caller only, also when count queries run in parallel."""
    with _MEMO_LOCK:
        found = memo.get(key)
        mine = found is None
        entry: _Pending = _Pending() if found is None else found
        if mine:
            memo[key] = entry
    if mine:
        try:
            entry.value = compute()
        except BaseException as error:
            entry.error = error
            with _MEMO_LOCK:
                del memo[key]
            raise
        finally:
            entry.done.set()
    entry.done.wait()
    if entry.error is not None:
        raise entry.error
    return entry.value


def _counted(spec, indicator: cat.Indicator, year: int, periods: list[str], area: str | None,
             memo: dict) -> dict[str, dict]:
    if isinstance(spec, cat.Population) and sql.grouped_population(spec):
        # Every age-band sasaran from one pass over the registry.
        years = memo.get(YEARS) or [year]
        groups = _once(memo, ("population", tuple(years), area), lambda: sql.population_groups(years, area))
        once = sql.population_from_groups(spec, groups[year])
        return {p: once for p in periods}
    if isinstance(spec, (cat.Population, cat.Facilities, cat.Chronic)):
        once = sql.counts(spec, sql.year_window(year), area)
        return {p: once for p in periods}
    if isinstance(spec, cat.Growth) and not indicator.cumulative:
        # The weighings judged once for N, T, 2T and BGM of every year of the refresh.
        years = memo.get(YEARS) or [year]
        judged = _once(memo, ("growth", tuple(years), area), lambda: sql.growth_months(years, area))[year][spec.outcome]
        return {period: (judged["year"] if len(period) == 4 else
                         {(d, p): n for (d, p, m), n in judged["months"].items() if m == int(period[5:])})
                for period in periods}
    if isinstance(spec, cat.Without) and indicator.cumulative:
        grid = sql.without_months(spec, year, area)
        out = {}
        for period in periods:
            last = 12 if len(period) == 4 else int(period[5:])
            dropped: dict = defaultdict(int)
            for (desa, posyandu, has, lacks), n in grid.items():
                if has <= last < lacks:
                    dropped[(desa, posyandu)] += n
            out[period] = dropped
        return out
    base = spec.base if isinstance(spec, cat.Latest) else spec
    if (not indicator.cumulative and isinstance(spec, (cat.Persons, cat.Latest)) and base.min_count == 1
            and len(periods) > 1):
        # One query per set of facts for its count (D) and every latest-classification count
        # (stunting, wasting …) of the year and its months; they read the same observations.
        grid = _once(memo, ("latest", repr(base), year, area), lambda: sql.latest_months(base, year, area))
        categories = set(spec.categories) if isinstance(spec, cat.Latest) else None
        out = {}
        for period in periods:
            counted: dict = defaultdict(int)
            for desa, posyandu, category, n in grid.get(0 if len(period) == 4 else int(period[5:]), ()):
                if categories is None or category in categories:
                    counted[(desa, posyandu)] += n
            out[period] = counted
        return out
    if not indicator.cumulative and isinstance(spec, sql.PER_MONTH) and len(periods) > 1:
        # Two queries instead of one per month: the year, and every month at once.
        out = {str(year): sql.counts(spec, sql.year_window(year), area)}
        by_month = sql.counts(spec, sql.year_window(year), area, by_month=True, per_month=True)
        for period in periods[1:]:
            month = int(period[5:])
            out[period] = {(desa, posyandu): n for (desa, posyandu, m), n in by_month.items() if m == month}
        return out
    simple = isinstance(spec, (cat.Persons, cat.Complete, cat.Anc)) and indicator.cumulative
    if simple:  # one query: persons by qualifying month, summed up to each month
        by_month = sql.counts(spec, sql.year_window(year), area, by_month=True)
        out = {}
        for period in periods:
            last = 12 if len(period) == 4 else int(period[5:])
            acc: dict = defaultdict(int)
            for (desa, posyandu, month), n in by_month.items():
                if month <= last:
                    acc[(desa, posyandu)] += n
            out[period] = acc
        return out
    return {period: sql.counts(spec, window, area) for period, window in _windows(indicator, year, periods)}


def desa_values_key(indicator: str, year: int) -> tuple:
    """Where a memo may hold an indicator's desa values of a year, ``[(desa, value, numerator)]``,
    for the desa shares (UCI) that read them: the national run keeps them there; a refresh, which has
    stored them, leaves it empty."""
    return ("desa values", indicator, year)


def _desa_share(spec: cat.DesaShare, year: int, area: str | None, values: list | None = None) -> dict:
    """{(desa, None): 1 or 0}: whether each desa's value of the year reaches the share (UCI: IDL at
    least 80 %; a desa with a Pustu: one ILP Pustu counted), from ``values`` or the stored values."""
    if values is None:
        rows = IndicatorValue.objects.filter(indicator=spec.indicator, level=Level.DESA, period=str(year))
        if area:
            rows = rows.filter(area_code__within=area)
        values = list(rows.values_list("unit", "value", "numerator"))
    out: dict = defaultdict(int)
    for unit, value, numerator in values:
        reached = numerator > 0 if spec.indicator == "ilp_pustu" else value is not None and value >= spec.at_least
        out[(unit, None)] += int(reached)
    return out


def _estimate_shares(indicator: cat.Indicator, year: int, den: dict[str, dict]) -> tuple[dict[str, dict], str]:
    """Apportion an official estimate to desa and Posyandu by their registered share (ILP.md §6.3)."""
    spec = indicator.denominator
    if not isinstance(spec, cat.Population) or spec.jkn:
        return den, SasaranSource.REGISTERED if isinstance(spec, cat.Population) else (
            SasaranSource.FACILITIES if isinstance(spec, (cat.Facilities,)) else
            SasaranSource.EVENTS if spec is not None else SasaranSource.NONE)
    estimates = dict(SasaranEstimate.objects.filter(year=year, group=spec.group)
                     .values_list("kabupaten_code", "number"))
    if not estimates:
        return den, SasaranSource.REGISTERED
    out = {}
    for period, counts in den.items():
        # Registered totals of each kabupaten, for the shares.
        totals: dict[str, int] = defaultdict(int)
        for (desa, _posyandu), n in counts.items():
            totals[desa[:5]] += n
        out[period] = {key: (estimates[key[0][:5]] * n / totals[key[0][:5]] if key[0][:5] in estimates
                             and totals[key[0][:5]] else n) for key, n in counts.items()}
    return out, SasaranSource.ESTIMATE


# ----------------------------------------------------------------------------------- status


def status(indicator: cat.Indicator, value: float | None, target: float | None, previous: float | None,
           monthly: bool, flat_is_down: bool | None = None) -> str:
    """PWS status (ILP.md §7.2): against the (cumulative) target and the previous month.
    ``flat_is_down``: the setting, when the caller has read it once for many values."""
    if value is None or target is None:
        return ""
    meets = value <= target if indicator.lower_is_better else value >= target
    if not monthly or previous is None:
        return "baik" if meets else "jelek"
    change = previous - value if indicator.lower_is_better else value - previous
    if flat_is_down is None:
        flat_is_down = config.get("monitoring.flat_is_down")
    up = change > 0 or (change == 0 and not flat_is_down)
    if meets:
        return "baik" if up else "kurang"
    return "cukup" if up else "jelek"


def period_target(indicator: cat.Indicator, period: str, area: str | None) -> float | None:
    return _period_share(indicator, period, indicator.target_for(area))


def _period_share(indicator: cat.Indicator, period: str, target: float | None) -> float | None:
    if target is None:
        return None
    if len(period) == 7 and indicator.cumulative and not indicator.lower_is_better:
        return target * int(period[5:]) / 12  # ILP.md §7.1: the monthly cumulative target line
    return target


def rule_versions(indicator: cat.Indicator, area: str | None) -> str:
    """The rule editions and settings the figure was computed under."""
    parts = [name if name.startswith("permenkes") else f"{name}={config.get(name, area)}"
             for name in indicator.rule_versions]
    if isinstance(indicator.numerator, cat.Complete):
        parts.append(cat.basket(indicator.numerator.basket, area)[2])
    parts.append(f"settings={config.signature(area)}")
    return ";".join(parts)[:200]


# ----------------------------------------------------------------------------------- levels


def _base_units(counts: dict) -> tuple[dict, dict]:
    desa: dict = defaultdict(float)
    posyandu: dict = defaultdict(float)
    for (d, p), n in counts.items():
        desa[d] += n
        if p is not None:
            posyandu[p] += n
    return desa, posyandu


def compute(indicator: cat.Indicator, year: int, area: str | None, today: date,
            memo: dict | None = None) -> list[Row]:
    """The indicator's values for the base units (Posyandu, desa, Pustu) inside ``area``; ``memo``
    keeps counts and facility maps across the indicators of one refresh."""
    periods = periods_of(indicator, year, today)
    num = _count(indicator.numerator, indicator, year, periods, area, memo)
    den = _count(indicator.denominator, indicator, year, periods, area, memo)
    den, source = _estimate_shares(indicator, year, den)
    units = (_once(memo, ("facilities", area), lambda: sql.facility_units(area)) if memo is not None
             else sql.facility_units(area))
    now = timezone.now()
    out = []
    for period in periods:
        n_desa, n_pos = _base_units(num.get(period, {}))
        d_desa, d_pos = _base_units(den.get(period, {})) if indicator.denominator is not None else ({}, {})
        rows = [(Level.DESA, code, code, n_desa.get(code, 0), d_desa.get(code)) for code in set(n_desa) | set(d_desa)]
        rows += [(Level.POSYANDU, str(pk), units.posyandu.get(str(pk), ""), n_pos.get(pk, 0), d_pos.get(pk))
                 for pk in set(n_pos) | set(d_pos)]
        rows += [(Level.PUSTU, pk, desa, n_desa.get(desa, 0), d_desa.get(desa))
                 for pk, desa in units.pustu if desa in n_desa or desa in d_desa]
        for level, unit, area_code, n, d in rows:
            if indicator.denominator is not None and d is None:
                d = 0
            out.append(Row(indicator.code, level, unit, area_code, period, n, d, source, now))
    return out


def _upper_scopes(area: str | None) -> list[tuple[str, int, str | None]]:
    """(level, code length, prefix of the desa rows to sum) of the area units to re-sum."""
    out: list[tuple[str, int, str | None]] = []
    for level, n, _below in SUMMED_FROM:
        if area is None:
            out.append((level, n, None))
        elif len(area) >= n:
            out.append((level, n, area[:n]))  # the one ancestor at this level
        else:
            out.append((level, n, area))  # every unit of this level inside the area
    return out


# Each area level is summed from the level below it, once that is stored: a desa's refresh then
# reads its kecamatan's desa, its kabupaten's kecamatan and its province's kabupaten, not every desa
# of the province (a quarter of a million rows).
SUMMED_FROM = ((Level.KECAMATAN, 8, Level.DESA), (Level.KABUPATEN, 5, Level.KECAMATAN),
               (Level.PROVINSI, 2, Level.KABUPATEN))


def upper(indicators: list[cat.Indicator], periods: list[str], area: str | None) -> int:
    """Store the kecamatan, kabupaten, provinsi and Puskesmas values summed in SQL from the stored
    values below them, for the units that contain ``area`` or lie inside it; returns the rows stored."""
    from django.db import connection

    from siklus.facilities.models import Facility, Kind

    table = IndicatorValue._meta.db_table
    # Indicator and period as lists: the (indicator, period, level, area_code) index reads only those.
    of = (f"v.indicator IN ({', '.join(['%s'] * len(indicators))}) AND v.level = %s"
          f" AND v.period IN ({', '.join(['%s'] * len(periods))})")
    now = timezone.now()
    scopes = {level: prefix for level, _n, prefix in _upper_scopes(area)}
    stored = 0

    def store(rows, level, area_of) -> None:
        nonlocal stored
        found: dict[str, list[Row]] = {i.code: [] for i in indicators}
        for code, unit, period, numerator, denominator, source in rows:
            found[code].append(Row(code, level, str(unit), area_of(unit), period, numerator, denominator, source, now))
        for indicator in indicators:
            if indicator.denominator is None:
                for v in found[indicator.code]:
                    v.denominator = None
            finish(indicator, found[indicator.code])
        _replace(found, periods, (level,), area)
        stored += sum(map(len, found.values()))

    with connection.cursor() as cursor:
        for level, n, below in SUMMED_FROM:
            params: list = [*(i.code for i in indicators), below, *periods]
            where, prefix = "", scopes[level]
            if prefix:
                where = " AND (v.area_code = %s OR v.area_code LIKE %s)"  # units of area levels are their codes
                params += [prefix, prefix + ".%"]
            cursor.execute(f"SELECT v.indicator, SUBSTR(v.unit, 1, {n}), v.period, SUM(v.numerator), SUM(v.denominator),"
                           f" MAX(v.sasaran_source) FROM {table} v WHERE {of}{where}"
                           f" GROUP BY v.indicator, SUBSTR(v.unit, 1, {n}), v.period", params)
            store(cursor.fetchall(), level, lambda unit: unit)
        puskesmas = Facility.objects.active().filter(kind=Kind.PUSKESMAS)
        if area:
            served = Facility.served_areas.through.objects.filter(area__code__within=area[:13] if len(area) > 13 else area)
            puskesmas = puskesmas.filter(pk__in=served.values("facility_id"))
        where_area = {str(pk): code[:13] for pk, code in puskesmas.values_list("pk", "area_code")}
        if where_area:
            through = Facility.served_areas.through._meta.db_table
            pk_field = Facility._meta.pk
            ids = [pk_field.get_db_prep_value(pk_field.to_python(pk), connection) for pk in where_area]
            cursor.execute(f"SELECT v.indicator, t.facility_id, v.period, SUM(v.numerator), SUM(v.denominator),"
                           f" MAX(v.sasaran_source) FROM {table} v JOIN {through} t ON t.area_id = v.unit"
                           f" WHERE {of} AND t.facility_id IN ({', '.join(['%s'] * len(ids))})"
                           f" GROUP BY v.indicator, t.facility_id, v.period",
                           [*(i.code for i in indicators), Level.DESA, *periods, *ids])
            rows = [(code, str(pk_field.to_python(fid)), *rest) for code, fid, *rest in cursor.fetchall()]
            store(rows, Level.PUSKESMAS, lambda unit: where_area[unit])
    return stored


def finish(indicator: cat.Indicator, values) -> None:
    """Value, target, status and rule versions of each row (in place): :class:`Row` or
    :class:`~.models.IndicatorValue`."""
    by_unit: dict = {(v.level, v.unit, v.period): v for v in values}
    versions: dict = {}
    targets: dict = {}  # area: the year's target; the settings are read once per area, not per row
    flat_is_down = config.get("monitoring.flat_is_down")
    for v in sorted(values, key=lambda v: v.period):
        if indicator.denominator is None:
            v.value = v.numerator
        else:
            v.value = v.numerator / v.denominator * 100 if v.denominator else None
        if v.area_code not in targets:
            targets[v.area_code] = indicator.target_for(v.area_code or None)
        v.target = _period_share(indicator, v.period, targets[v.area_code])
        monthly = len(v.period) == 7
        previous = None
        if monthly and v.period[5:] != "01":
            prev = by_unit.get((v.level, v.unit, f"{v.period[:4]}-{int(v.period[5:]) - 1:02d}"))
            previous = prev.value if prev is not None else None
        v.status = status(indicator, v.value, v.target, previous, monthly, flat_is_down)
        key = v.area_code[:5]
        if key not in versions:
            versions[key] = rule_versions(indicator, v.area_code or None)
        v.rule_versions = versions[key]


# ----------------------------------------------------------------------------------- refresh


def _replace(values: dict[str, list[Row]], periods: list[str], levels, area: str | None) -> None:
    """Replace the stored values of these indicators (``values``' keys) and periods at ``levels``
    inside ``area`` by ``values``."""
    rows = IndicatorValue.objects.filter(indicator__in=list(values), level__in=list(levels), period__in=periods)
    if area:
        if levels[0] in BASE_LEVELS and len(area) >= 13:
            # A desa's Posyandu and Pustu stand in it: equality reads only its rows of the index.
            rows = rows.filter(area_code=area[:13])
        elif levels[0] in BASE_LEVELS:  # every unit inside the area; above it, the units re-summed
            rows = rows.filter(area_code__within=area)
        else:
            rows = rows.filter(unit__in={v.unit for found in values.values() for v in found})
    rows.delete()
    _insert([v for found in values.values() for v in found])


def _insert(values) -> None:
    """Store new rows (:class:`Row` or :class:`~.models.IndicatorValue`). A full recompute stores
    about a million: on PostgreSQL they go through COPY as text written here (psycopg's
    ``write_row`` spent 10 µs a row), elsewhere through one prepared INSERT."""
    from django.db import connection

    if not values:
        return
    columns = ", ".join(connection.ops.quote_name(name) for name in FIELDS)  # no field of the model is a relation
    stamp = IndicatorValue._meta.get_field("computed_at")
    if connection.vendor != "postgresql":
        prepared = {t: stamp.get_db_prep_save(t, connection) for t in {v.computed_at for v in values}}
        rows = [[prepared[v.computed_at] if n == "computed_at" else getattr(v, n) for n in FIELDS] for v in values]
        insert = (f"INSERT INTO {IndicatorValue._meta.db_table} ({columns})"
                  f" VALUES ({', '.join(['%s'] * len(FIELDS))})")
        with connection.cursor() as cursor:
            cursor.executemany(insert, rows)
        return
    stamps = {t: t.isoformat() for t in {v.computed_at for v in values}}
    # Codes, levels, units, area codes and periods never hold a tab, newline or backslash; the
    # rule versions (setting values) might, and are few: escaped once each.
    versions = {r: r.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
                for r in {v.rule_versions for v in values}}
    null = "\\N"
    with connection.cursor() as cursor, cursor.copy(
            f"COPY {IndicatorValue._meta.db_table} ({columns}) FROM STDIN") as copy:
        for start in range(0, len(values), 50_000):
            copy.write("".join([
                f"{v.indicator}\t{v.level}\t{v.unit}\t{v.area_code}\t{v.period}\t{v.numerator!r}\t"
                f"{null if v.denominator is None else repr(v.denominator)}\t{null if v.value is None else repr(v.value)}\t"
                f"{null if v.target is None else repr(v.target)}\t{v.status}\t{v.sasaran_source}\t"
                f"{versions[v.rule_versions]}\t{stamps[v.computed_at]}\n" for v in values[start:start + 50_000]]))


BASE_LEVELS = (Level.DESA, Level.POSYANDU, Level.PUSTU)


def _phases(indicators: list[cat.Indicator]) -> list[list[cat.Indicator]]:
    """Indicators that read other indicators' stored desa values (UCI) are computed after the rest
    is stored."""
    later = [i for i in indicators if isinstance(i.numerator, cat.DesaShare)]
    return [phase for phase in ([i for i in indicators if i not in later], later) if phase]


def refresh(actor, years: Iterable[int], *, area: str | None = None, indicators: Iterable[str] | None = None,
            progress: Callable[[str], None] = lambda code: None) -> int:
    """Recompute and store the values of ``indicators`` (default: all) for ``years`` inside
    ``area`` (default: everything), and the levels above it. Returns the number of rows stored.
    Each year's values change in one transaction, so a dashboard never shows half a refresh."""
    require_actor(actor)
    from siklus.accounts.policies import Perm, require

    require(actor, Perm.VIEW, area=area)
    chosen = [cat.get(c) for c in indicators] if indicators else list(cat.INDICATORS)
    today = timezone.localdate()
    stored = 0
    memo: dict = {YEARS: sorted(set(years))}  # counts shared by indicators and years, within this area
    with _prefetching(chosen, memo[YEARS], area, today, memo):
        for year in memo[YEARS]:
            periods = sorted({p for i in chosen for p in periods_of(i, year, today)})
            with transaction.atomic():
                for phase in _phases(chosen):
                    base: dict[str, list[Row]] = {}
                    for indicator in phase:
                        base[indicator.code] = compute(indicator, year, area, today, memo)
                        finish(indicator, base[indicator.code])
                        progress(indicator.code)
                    _replace(base, periods, BASE_LEVELS, area)
                    stored += sum(map(len, base.values())) + upper(phase, periods, area)
    if area is None:
        _vacuum()
    return stored


@contextlib.contextmanager
def _prefetching(indicators: list[cat.Indicator], years: list[int], area: str | None, today: date, memo: dict):
    """Within: the count queries of every year run into ``memo`` on more database connections
    (setting ``SIKLUS_INDICATOR_CONNECTIONS``, default 2) while this thread computes and stores —
    PostgreSQL runs each query on one core, and a year's storing overlaps the next year's counts.
    The memo hands a count being computed to whoever asks for it next. Only outside a transaction,
    whose uncommitted rows other connections could not see; values read back from storage (UCI)
    are left to the refresh."""
    import collections
    import contextvars

    from django.conf import settings
    from django.db import connection, connections

    workers = settings.SIKLUS_INDICATOR_CONNECTIONS
    if workers < 2 or connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    jobs: collections.deque = collections.deque()
    for year in years:
        for indicator in indicators:
            periods = periods_of(indicator, year, today)
            for spec in (indicator.numerator, indicator.denominator):
                if spec is not None and not isinstance(spec, cat.DesaShare):
                    jobs.append((spec, indicator, year, periods))
    errors: list[BaseException] = []

    def work() -> None:
        try:
            while not errors:
                try:
                    spec, indicator, year, periods = jobs.popleft()
                except IndexError:
                    return
                _count(spec, indicator, year, periods, area, memo)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connection

    # Each thread in a copy of this one's context: the rule settings' area and overrides live there.
    threads = [threading.Thread(target=contextvars.copy_context().run, args=(work,)) for _ in range(workers)]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        jobs.clear()  # the refresh failed or is done: nothing more to start
        for thread in threads:
            thread.join()
    if errors:
        raise errors[0]


def _vacuum() -> None:
    """After a full recompute on PostgreSQL: its million replaced rows are dead until vacuumed, and
    a desa's next refresh read through them (2.4 s instead of 1.6 s at 100,000 persons); autovacuum
    may be off or late. Not possible inside a transaction (tests, a caller's atomic block)."""
    from django.db import connection

    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {IndicatorValue._meta.db_table}")


def refresh_dirty(actor, progress: Callable[[str], None] = lambda code: None) -> int:
    """Recompute what care saves marked, desa by desa, and clear those marks."""
    require_actor(actor)
    marks = list(DirtyMark.objects.all())
    stored = 0
    for mark in marks:
        stored += refresh(actor, [mark.year], area=mark.desa_code, progress=progress)
        DirtyMark.objects.filter(pk=mark.pk, marked_at=mark.marked_at).delete()
    return stored
