"""``siklus national run`` and ``siklus national load``: every indicator of the catalogue at every
level from Posyandu and desa to nasional, on an engine over an export (:mod:`.engines`).

The counts are those of :func:`siklus.monitoring.refresh._count` — the same compiled SQL, the same
cumulative and per-month handling — and values, targets and PWS status those of
:func:`~siklus.monitoring.refresh.finish`; only the engine differs. Levels above the desa are sums of
desa by area code, and a Puskesmas the sum of its wilayah, as ``refresh.upper`` sums them; facility
counts (ILP roll-out) read the exported facilities. Not applied here: official sasaran estimates
(denominators are the registered sasaran).
"""

from __future__ import annotations

import json
import shutil
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from siklus.monitoring import catalogue as cat

NATIONAL = "nasional"
LEVELS = ((8, "kecamatan"), (5, "kabkota"), (2, "provinsi"), (0, NATIONAL))
COLUMNS = ("indicator", "level", "unit", "unit_name", "area_code", "period", "numerator", "denominator", "value",
           "target", "status", "sasaran_source", "rule_versions", "computed_at")
NUMBERS = ("numerator", "denominator", "value", "target")


def compute_each(engine, years, today: date, indicators=None, progress=lambda code: None,
                 national: bool = True) -> Iterator[list[dict]]:
    """Per indicator and year, its rows (dicts of :data:`COLUMNS`) for every period at the levels
    posyandu, desa, pustu, puskesmas, kecamatan, kabkota, provinsi and nasional. One indicator at a
    time: a run over many kabupaten holds one indicator's values, not every value (50 million at 20
    million events). Desa shares (UCI) come after the indicators they read, as in a refresh."""
    from django.utils import timezone

    from siklus.monitoring import compile as sql
    from siklus.monitoring import refresh
    from siklus.monitoring.models import SasaranSource
    from siklus.national.engines import compiled_on

    chosen = list(indicators or cat.INDICATORS)
    shared = {spec.indicator for i in chosen for spec in (i.numerator, i.denominator) if isinstance(spec, cat.DesaShare)}
    # What a chosen desa share reads but was not asked for: computed, not written.
    needed = [cat.get(code) for code in sorted(shared - {i.code for i in chosen})]
    now = timezone.now()
    with compiled_on(engine):
        units = sql.facility_units()
        for year in years:
            memo: dict = {}  # counts several indicators share are queried once (as refresh does)
            for indicator in [i for phase in refresh._phases(needed + chosen) for i in phase]:
                periods = refresh.periods_of(indicator, year, today)
                num = refresh._count(indicator.numerator, indicator, year, periods, None, memo)
                den = refresh._count(indicator.denominator, indicator, year, periods, None, memo)
                source = (SasaranSource.REGISTERED if isinstance(indicator.denominator, cat.Population) else
                          SasaranSource.FACILITIES if isinstance(indicator.denominator, cat.Facilities) else
                          SasaranSource.EVENTS if indicator.denominator is not None else SasaranSource.NONE)
                plain = indicator.denominator is None
                values = []
                for period in periods:
                    sums = _sums(num.get(period, {}), den.get(period, {}), units, national)
                    values += [refresh.Row(indicator.code, level, unit, area_code, period, n, None if plain else d,
                                           source, now) for (level, unit, area_code), (n, d) in sums.items()]
                refresh.finish(indicator, values)
                if indicator.code in shared:
                    memo[refresh.desa_values_key(indicator.code, year)] = [
                        (v.unit, v.value, v.numerator) for v in values if v.level == "desa" and v.period == str(year)]
                if indicator in needed:
                    continue
                yield [{c: getattr(v, c, None) for c in COLUMNS} for v in values]
                progress(indicator.code)


def _sums(num: dict, den: dict, units, national: bool = True) -> dict:
    """{(level, unit, area_code): [numerator, denominator]} of one period from the counts per (desa,
    Posyandu): each desa and the areas above it, each Posyandu (in its own desa), each Pustu (its
    desa's figures) and each Puskesmas (the sum of its wilayah), as a refresh stores them."""
    sums: dict = defaultdict(lambda: [0, 0])
    levels = LEVELS if national else LEVELS[:-1]
    for part, counts in ((0, num), (1, den)):
        for (desa, posyandu), n in counts.items():
            keys = [("desa", desa, desa)] + [(level, desa[:k], desa[:k]) for k, level in levels]
            if posyandu is not None:
                unit = str(posyandu)
                keys.append(("posyandu", unit, units.posyandu.get(unit, "")))
            for key in keys:
                sums[key][part] += n
    desa = {unit: figures for (level, unit, _a), figures in sums.items() if level == "desa"}
    for pk, code in units.pustu:
        if code in desa:
            sums[("pustu", pk, code)] = list(desa[code])
    for pk, (code, served) in units.puskesmas.items():
        parts = [desa[d] for d in served if d in desa]
        if parts:
            sums[("puskesmas", pk, code)] = [sum(p[0] for p in parts), sum(p[1] for p in parts)]
    return sums


def compute(engine, years, today: date, indicators=None, progress=lambda code: None) -> list[dict]:
    """Every row of :func:`compute_each` in one list (small data: tests, one kabupaten)."""
    return [row for rows in compute_each(engine, years, today, indicators, progress) for row in rows]


class Output:
    """``OUT/values.parquet`` (partitioned by level), ``values.csv`` and ``values.json`` (the columns
    and formats of ``siklus indicators show``) and ``run.json`` (what was run, how long), written
    one indicator's rows at a time."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.out / "values.parquet", ignore_errors=True)
        self.csv = (self.out / "values.csv").open("w", newline="")
        self.json = (self.out / "values.json").open("w")
        self.parts = self.rows = 0

    def add(self, rows: list[dict]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        from siklus.monitoring import exports

        if not rows:
            return
        rows.sort(key=lambda r: (r["indicator"], r["period"], r["level"], r["unit"]))
        # One schema for every part: a part whose column is all empty (no target) must not be "null".
        schema = pa.schema([(c, pa.float64() if c in NUMBERS else pa.string()) for c in COLUMNS if c != "unit_name"])
        table = pa.table({c: [(r[c].isoformat() if c == "computed_at" and r[c] else r[c]) for r in rows]
                          for c in schema.names}, schema=schema)
        pq.write_to_dataset(table, self.out / "values.parquet", partition_cols=["level"],
                            basename_template=f"part-{self.parts}-{{i}}.parquet",
                            existing_data_behavior="overwrite_or_ignore")
        text = exports.to_csv(rows)
        self.csv.write(text if not self.parts else text.split("\n", 1)[1])  # the header once
        self.json.write("".join(("[\n" if not self.rows and not k else ",\n") + json.dumps(row, default=str)
                                for k, row in enumerate(rows)))
        self.parts += 1
        self.rows += len(rows)

    def close(self, meta: dict) -> dict[str, Path]:
        self.json.write("\n]\n" if self.rows else "[]\n")
        self.csv.close()
        self.json.close()
        (self.out / "run.json").write_text(json.dumps(meta, indent=1, default=str))
        return {"parquet": self.out / "values.parquet", "csv": self.out / "values.csv",
                "json": self.out / "values.json"}


def national_run(facts: Path, out: Path, years, *, master: str = "local[2]", engine_name: str = "spark",
                 today: date | None = None, progress=lambda code: None, by_province: bool = False) -> dict:
    """Every indicator over the export at ``facts`` into ``out``. ``by_province``: one province at a
    time, each with its own counts (the driver holds one province's counts and values, not the
    country's), nasional summed from the provinces at the end — the same figures."""
    from django.utils import timezone

    from siklus.national import engines, export

    export.manifest(facts)  # an export of this schema version is there, or a clear error
    today = today or timezone.localdate()
    started = time.perf_counter()
    engine = (engines.SparkEngine(facts, master) if engine_name == "spark" else engines.DuckDBEngine(facts))
    output = Output(out)
    try:
        ready = time.perf_counter()
        for rows in run_rows(engine, years, today, progress=progress, by_province=by_province):
            output.add(rows)
        finished = time.perf_counter()
        events = engine.execute("SELECT COUNT(*) FROM monitoring_fact", [])[0][0]
    finally:
        engine.close()
    meta = {"engine": engine_name, "master": master if engine_name == "spark" else None, "years": list(years),
            "by_province": by_province, "events": events, "rows": output.rows, "queries": engine.queries,
            "start_seconds": round(ready - started, 2), "compute_seconds": round(finished - ready, 2),
            "query_seconds": round(engine.seconds, 2)}
    output.close(meta)
    return meta


def run_rows(engine, years, today: date, indicators=None, progress=lambda code: None,
             by_province: bool = False) -> Iterator[list[dict]]:
    """The rows of a run, one indicator's (and with ``by_province`` one province's) at a time: those
    of :func:`compute_each` over the whole export, or over each province in turn and then nasional
    summed from the provinces."""
    from siklus.national import engines

    if not by_province:
        yield from compute_each(engine, years, today, indicators, progress)
        return
    provinces: dict[str, list[dict]] = defaultdict(list)  # indicator → its provinsi rows
    try:
        for code in engines.provinces(engine.root):
            engine.select([code])
            for rows in compute_each(engine, years, today, indicators, progress, national=False):
                for row in rows:
                    if row["level"] == "provinsi":
                        provinces[row["indicator"]].append(row)
                yield rows
    finally:
        engine.select(None)
    for code, rows in provinces.items():
        yield _national(cat.get(code), rows)


def shards(facts: Path, by_province: bool) -> int:
    """How many times a run goes over the indicators (for a progress bar)."""
    from siklus.national import engines

    return len(engines.provinces(facts)) if by_province else 1


def _national(indicator: cat.Indicator, provinces: list[dict]) -> list[dict]:
    """The nasional rows of an indicator: the sums of its provinsi rows, finished as a refresh does."""
    from django.utils import timezone

    from siklus.monitoring import refresh

    sums: dict = defaultdict(lambda: [0, 0, ""])
    for row in provinces:
        entry = sums[row["period"]]
        entry[0] += row["numerator"]
        entry[1] += row["denominator"] or 0
        entry[2] = row["sasaran_source"]
    now = timezone.now()
    plain = indicator.denominator is None
    values = [refresh.Row(indicator.code, NATIONAL, "", "", period, n, None if plain else d, source, now)
              for period, (n, d, source) in sums.items()]
    refresh.finish(indicator, values)
    return [{c: getattr(v, c, None) for c in COLUMNS} for v in values]


def summary(meta: dict, lang: str) -> str:
    """One run's figures for the command line, in ``lang``."""
    from django.utils import translation
    from django.utils.translation import gettext as _

    from siklus.rules.messages import format_number

    def n(value) -> str:
        return format_number(value, lang)

    with translation.override(lang):
        return _("%(events)s kejadian layanan, %(values)s nilai, %(queries)s kueri dalam %(seconds)s detik"
                 " (%(engine)s)") % {"events": n(meta["events"]), "values": n(meta["rows"]), "queries": n(meta["queries"]),
                                     "seconds": n(meta["compute_seconds"]), "engine": meta["engine"]}


def stored_summary(stored: int, lang: str) -> str:
    from django.utils import translation
    from django.utils.translation import gettext as _

    from siklus.rules.messages import format_number

    with translation.override(lang):
        return _("%(n)s nilai indikator tersimpan") % {"n": format_number(stored, lang)}


def progress_label(lang: str) -> str:
    from django.utils import translation
    from django.utils.translation import gettext as _

    with translation.override(lang):
        return _("indikator")


def load(actor, out: Path) -> int:
    """Store a run's values in this siklus database (replacing those of the same indicators,
    periods and units); the nasional level, which has no unit in the database, is left out."""
    import pyarrow.parquet as pq
    from django.db import transaction
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    from siklus.accounts.policies import Perm, require
    from siklus.audit.log import log
    from siklus.audit.models import Action
    from siklus.core.actors import require_actor
    from siklus.monitoring import refresh
    from siklus.monitoring.models import IndicatorValue

    require_actor(actor)
    require(actor, Perm.VIEW, area=None)
    from django.utils.translation import gettext as _

    from siklus.national.export import ExportError

    if not (Path(out) / "values.parquet").is_dir():
        raise ExportError(_("Tidak ada hasil siklus national run di %(path)s (values.parquet tidak ada).")
                          % {"path": out})
    table = pq.read_table(Path(out) / "values.parquet").to_pylist()
    rows = [r for r in table if r["level"] != NATIONAL]
    with transaction.atomic():
        keys: dict = defaultdict(set)
        for r in rows:
            keys[(r["indicator"], r["level"])].add(r["period"])
        for (indicator, level), periods in keys.items():
            units = {r["unit"] for r in rows if r["indicator"] == indicator and r["level"] == level}
            IndicatorValue.objects.filter(indicator=indicator, level=level, period__in=periods,
                                          unit__in=units).delete()
        refresh._insert([IndicatorValue(
            indicator=r["indicator"], level=str(r["level"]), unit=r["unit"], area_code=r["area_code"],
            period=r["period"], numerator=r["numerator"], denominator=r["denominator"], value=r["value"],
            target=r["target"], status=r["status"] or "", sasaran_source=r["sasaran_source"],
            rule_versions=r["rule_versions"] or "", computed_at=parse_datetime(r["computed_at"]) or timezone.now())
            for r in rows])
        log(Action.CREATE, actor=actor,
            changes={"what": "national values", "rows": len(rows), "from": str(out)})
    return len(rows)
