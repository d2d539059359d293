"""``siklus national run`` and ``siklus national load``: every indicator of the catalogue at every
level from Posyandu and desa to nasional, on an engine over an export (:mod:`.engines`).

The counts are those of :func:`siklus.monitoring.refresh._count` — the same compiled SQL, the same
cumulative and per-month handling — and values, targets and PWS status those of
:func:`~siklus.monitoring.refresh.finish`; only the engine differs. Levels above the desa are sums of
desa by area code, as ``refresh.upper`` sums them. Not computed here (they read the siklus database,
not facts): facility counts (ILP Pustu/Posyandu coverage), UCI desa shares, the Pustu and Puskesmas
levels, and official sasaran estimates (denominators are the registered sasaran).
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


def supported(indicator: cat.Indicator) -> bool:
    """Indicators whose figures come from facts and the registry alone."""
    return not any(isinstance(spec, (cat.Facilities, cat.DesaShare))
                   for spec in (indicator.numerator, indicator.denominator))


def compute_each(engine, years, today: date, indicators=None, progress=lambda code: None) -> Iterator[list[dict]]:
    """Per indicator and year, its rows (dicts of :data:`COLUMNS`) for every period at the levels
    posyandu, desa, kecamatan, kabkota, provinsi and nasional. One indicator at a time: a run
    over many kabupaten holds one indicator's values, not every value (50 million at 20 million
    events)."""
    from django.utils import timezone

    from siklus.monitoring import refresh
    from siklus.monitoring.models import SasaranSource
    from siklus.national.engines import compiled_on

    chosen = [i for i in (indicators or cat.INDICATORS) if supported(i)]
    now = timezone.now()
    with compiled_on(engine):
        for year in years:
            memo: dict = {}  # counts several indicators share are queried once (as refresh does)
            for indicator in chosen:
                periods = refresh.periods_of(indicator, year, today)
                num = refresh._count(indicator.numerator, indicator, year, periods, None, memo)
                den = refresh._count(indicator.denominator, indicator, year, periods, None, memo)
                source = (SasaranSource.REGISTERED if isinstance(indicator.denominator, cat.Population) else
                          SasaranSource.EVENTS if indicator.denominator is not None else SasaranSource.NONE)
                values = []
                for period in periods:
                    sums: dict = defaultdict(lambda: [0, 0])
                    for part, counts in ((0, num.get(period, {})), (1, den.get(period, {}))):
                        for (desa, posyandu), n in counts.items():
                            keys = [("desa", desa, desa)] + [(lvl, desa[:k], desa[:k]) for k, lvl in LEVELS]
                            if posyandu is not None:
                                keys.append(("posyandu", str(posyandu), desa))
                            for key in keys:
                                sums[key][part] += n
                    plain = indicator.denominator is None
                    values += [refresh.Row(indicator.code, level, unit, area_code, period, n, None if plain else d,
                                           source, now) for (level, unit, area_code), (n, d) in sums.items()]
                refresh.finish(indicator, values)
                yield [{c: getattr(v, c, None) for c in COLUMNS} for v in values]
                progress(indicator.code)


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
                 today: date | None = None, progress=lambda code: None) -> dict:
    from django.utils import timezone

    from siklus.national import engines

    today = today or timezone.localdate()
    started = time.perf_counter()
    engine = (engines.SparkEngine(facts, master) if engine_name == "spark" else engines.DuckDBEngine(facts))
    output = Output(out)
    try:
        ready = time.perf_counter()
        for rows in compute_each(engine, years, today, progress=progress):
            output.add(rows)
        finished = time.perf_counter()
        events = engine.execute("SELECT COUNT(*) FROM monitoring_fact", [])[0][0]
    finally:
        engine.close()
    meta = {"engine": engine_name, "master": master if engine_name == "spark" else None, "years": list(years),
            "events": events, "rows": output.rows, "queries": engine.queries,
            "start_seconds": round(ready - started, 2), "compute_seconds": round(finished - ready, 2),
            "query_seconds": round(engine.seconds, 2)}
    output.close(meta)
    return meta


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
