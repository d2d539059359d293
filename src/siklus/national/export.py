"""``siklus facts export``: the fact table and the sasaran registry of an area, de-identified, as
Parquet partitioned by province, kabupaten and month, with a manifest.

De-identified, not anonymous: no name, no NIK, no address, no JKN number (only whether there is
one); persons and households are keyed by an HMAC-SHA256 of their id under the deployment secret
(``SIKLUS_PSEUDONYM_KEY``, setting ``NATIONAL_PSEUDONYM_KEY``), stable across exports of one
deployment and useless without the secret. Dates stay as yyyymmdd integers because the indicators
count completed months of age and days after birth exactly; age in months is given too. Care record
ids become the person's key and their rank among the person's records (same order, same
equality — what the indicator SQL needs of them — and nothing to look up).

Layout (``DIR``)::

    facts/province=62/kabupaten=62.02/month=202501/<area>.parquet
    persons/province=62/kabupaten=62.02/<area>.parquet      (the registry, the area's snapshot)
    areas/…, facilities/…, wilayah/… (the same layout)        (areas, facilities, Puskesmas wilayah)
    manifest.json                                            (schema version, files, rows, sha256)

Re-running an area and window replaces its files (and those of areas nested in it), never adds to them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from datetime import date
from pathlib import Path

SCHEMA_VERSION = 2  # 2: the areas, facilities and Puskesmas wilayah of the export
CHUNK = 100_000

FACT_SCHEMA = (
    ("id", "int64"), ("person_id", "string"), ("desa_code", "string"), ("posyandu_id", "string"),
    ("facility_id", "string"), ("kind", "string"), ("code", "string"), ("category", "string"),
    ("sequence", "int32"), ("flag", "bool"), ("value", "float64"), ("day", "int32"), ("until", "int32"),
    ("month", "int32"), ("birth", "int32"), ("age_months", "int32"), ("sex", "string"), ("source_id", "string"),
)
PERSON_SCHEMA = (
    ("id", "string"), ("area_code", "string"), ("birth_date", "date32"), ("died_on", "date32"),
    ("moved_out_on", "date32"), ("voided_at", "timestamp[us]"), ("sex", "string"), ("jkn_number", "string"),
    ("household_id", "string"), ("posyandu_id", "string"),
)
# The public registry the ILP roll-out indicators and the Pustu and Puskesmas levels read.
AREA_SCHEMA = (("code", "string"), ("name", "string"), ("level", "string"))
FACILITY_SCHEMA = (
    ("id", "string"), ("kind", "string"), ("name", "string"), ("area_code", "string"), ("ilp_active", "bool"),
    ("active", "bool"), ("voided_at", "timestamp[us]"),
)
WILAYAH_SCHEMA = (("facility_id", "string"), ("area_id", "string"))
REGISTRY = ("persons", "areas", "facilities", "wilayah")


class ExportError(RuntimeError):
    """An export or a run that cannot be done as asked (its message is for the user, translated)."""


def secret() -> bytes:
    from django.conf import settings
    from django.utils.translation import gettext as _

    key = os.environ.get("SIKLUS_PSEUDONYM_KEY") or getattr(settings, "NATIONAL_PSEUDONYM_KEY", "")
    if not key:
        raise ExportError(_("Isi SIKLUS_PSEUDONYM_KEY (rahasia pseudonim deployment ini) sebelum mengekspor."))
    return key.encode()


def pseudonym(key: bytes, value) -> str:
    """The stable pseudonymous key of a person or household id (hex of its UUID, as stored)."""
    raw = value.hex if hasattr(value, "hex") and not isinstance(value, (bytes, str)) else str(value).replace("-", "")
    return hmac.new(key, raw.lower().encode(), hashlib.sha256).hexdigest()[:32]


def _uuid_text(value) -> str | None:
    import uuid

    if value is None:
        return None
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def _schema(columns):
    import pyarrow as pa

    types = {"int64": pa.int64(), "int32": pa.int32(), "string": pa.string(), "bool": pa.bool_(),
             "float64": pa.float64(), "date32": pa.date32(), "timestamp[us]": pa.timestamp("us")}
    return pa.schema([(name, types[kind]) for name, kind in columns])


def _age_months(day: int, birth: int) -> int:
    # compile.age_months: completed calendar months.
    return ((day // 10000 - birth // 10000) * 12 + (day // 100 % 100 - birth // 100 % 100)
            - (1 if day % 100 < birth % 100 else 0))


def _ymd(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _nested(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def _clear(folder: Path, area: str, first_month: int | None) -> None:
    """Remove the files this export replaces: of areas nested with ``area``, from the first month."""
    for path in folder.glob("**/*.parquet"):
        month = next((int(p[6:]) for p in path.parts if p.startswith("month=")), None)
        if _nested(path.stem, area) and (first_month is None or month is None or month >= first_month):
            path.unlink()


def export(actor, area: str, since: date | None, out: Path, key: bytes | None = None) -> dict:
    """Write the area's facts from ``since`` (its whole month; everything without) and its
    registry under ``out``; returns the manifest entry of this export."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from django.db import connection
    from django.utils.translation import gettext as _

    from siklus.accounts.policies import Perm, require
    from siklus.areas.models import Area
    from siklus.audit.log import log
    from siklus.audit.models import Action
    from siklus.core.actors import require_actor
    from siklus.monitoring.models import Fact

    require_actor(actor)
    require(actor, Perm.VIEW, area=area)
    if not Area.objects.filter(code=area).exists():
        raise ExportError(_("Wilayah %(code)s tidak dikenal.") % {"code": area})
    key = key or secret()
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ExportError(_("%(path)s bukan folder.") % {"path": out})
    started = time.perf_counter()
    first_month = since.year * 100 + since.month if since else None
    _clear(out / "facts", area, first_month)
    for name in REGISTRY:
        _clear(out / name, area, None)
    fact_schema, person_schema = _schema(FACT_SCHEMA), _schema(PERSON_SCHEMA)
    like = [area, area + ".%"]
    window = f" AND f.month >= {int(first_month)}" if first_month else ""
    # Record ids as their rank among the person's records (compile.py orders and joins by them).
    facts_sql = (f"SELECT f.id, f.person_id, f.desa_code, f.posyandu_id, f.facility_id, f.kind, f.code, f.category,"
                 f" f.sequence, f.flag, f.value, f.day, f.until, f.month, f.birth, f.sex,"
                 f" DENSE_RANK() OVER (PARTITION BY f.person_id ORDER BY f.source_id) FROM {Fact._meta.db_table} f"
                 f" WHERE (f.desa_code = %s OR f.desa_code LIKE %s){window} ORDER BY f.month, f.desa_code")
    writers: dict[int, pq.ParquetWriter] = {}
    files: dict[str, int] = {}
    rows_total = 0
    pseudonyms: dict = {}

    def person_key(value) -> str:
        if value not in pseudonyms:
            pseudonyms[value] = pseudonym(key, value)
        return pseudonyms[value]

    def flush(batch: list[tuple]) -> None:
        by_month: dict[int, list] = {}
        for row in batch:
            by_month.setdefault(row[13], []).append(row)
        for month, rows in by_month.items():
            cols = {
                "id": [r[0] for r in rows], "person_id": [person_key(r[1]) for r in rows],
                "desa_code": [r[2] for r in rows], "posyandu_id": [_uuid_text(r[3]) for r in rows],
                "facility_id": [_uuid_text(r[4]) for r in rows], "kind": [r[5] for r in rows],
                "code": [r[6] for r in rows], "category": [r[7] for r in rows], "sequence": [r[8] for r in rows],
                "flag": [bool(r[9]) for r in rows], "value": [r[10] for r in rows], "day": [r[11] for r in rows],
                "until": [r[12] for r in rows], "month": [r[13] for r in rows], "birth": [r[14] for r in rows],
                "age_months": [_age_months(r[11], r[14]) for r in rows], "sex": [r[15] for r in rows],
                # Unique across exports, in the person's order of record ids: "<person key>.<rank>".
                "source_id": [f"{person_key(r[1])}.{r[16]:07d}" for r in rows],
            }
            if month not in writers:
                folder = out / "facts" / f"province={area[:2]}" / f"kabupaten={area[:5]}" / f"month={month}"
                folder.mkdir(parents=True, exist_ok=True)
                writers[month] = pq.ParquetWriter(str(folder / f"{area}.parquet"), fact_schema, compression="zstd")
            writers[month].write_table(pa.table(cols, schema=fact_schema))
            files.setdefault(str(month), 0)
            files[str(month)] += len(rows)

    with connection.cursor() as cursor:
        cursor.execute(facts_sql, like)
        while batch := cursor.fetchmany(CHUNK):
            flush(batch)
            rows_total += len(batch)
    for writer in writers.values():
        writer.close()
    persons = _export_persons(area, out, person_key, key, person_schema)
    _export_facilities(area, out)
    seconds = time.perf_counter() - started
    written = sorted([Path(w.where) for w in writers.values()] + [_registry_file(out, name, area) for name in REGISTRY])
    entry = {"area": area, "since": since.isoformat() if since else None, "facts": rows_total, "persons": persons,
             "seconds": round(seconds, 3),
             "files": [{"path": str(p.relative_to(out)), "rows": pq.ParquetFile(p).metadata.num_rows,
                        "bytes": p.stat().st_size, "sha256": _sha256(p)} for p in written]}
    _update_manifest(out, entry)
    log(Action.EXPORT, actor=actor, area_code=area,
        changes={"what": "facts", "facts": rows_total, "persons": persons, "since": entry["since"]})
    return entry


def _export_persons(area: str, out: Path, person_key, key: bytes, schema) -> int:
    from siklus.people.models import Person

    rows = (Person.objects.filter(voided_at__isnull=True).filter(area_code__within=area)
            .values_list("id", "area_code", "birth_date", "died_on", "moved_out_on", "sex", "jkn_number",
                         "household_id", "household__posyandu_id"))
    cols: dict[str, list] = {name: [] for name, _ in PERSON_SCHEMA}
    for pid, code, birth, died, moved, sex, jkn, household, posyandu in rows.iterator(chunk_size=CHUNK):
        cols["id"].append(person_key(pid))
        cols["area_code"].append(code[:13])
        cols["birth_date"].append(birth)
        cols["died_on"].append(died)
        cols["moved_out_on"].append(moved)
        cols["voided_at"].append(None)
        cols["sex"].append(sex)
        cols["jkn_number"].append("1" if jkn else "")  # whether the person has one, not the number
        cols["household_id"].append(pseudonym(key, household) if household else None)
        cols["posyandu_id"].append(_uuid_text(posyandu))
    _write(out, "persons", area, cols, schema)
    return len(cols["id"])


def _registry_file(out: Path, name: str, area: str) -> Path:
    return out / name / f"province={area[:2]}" / f"kabupaten={area[:5]}" / f"{area}.parquet"


def _write(out: Path, name: str, area: str, cols: dict, schema) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = _registry_file(out, name, area)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(cols, schema=schema), path, compression="zstd")


def _columns(names, rows) -> dict:
    rows = list(rows)
    return {name: [row[i] for row in rows] for i, (name, _kind) in enumerate(names)}


def _export_facilities(area: str, out: Path) -> None:
    """The areas inside ``area``, its facilities (voided ones too: a Posyandu's values keep its
    desa) and the wilayah of its Puskesmas — public registry data, no person in it."""
    from siklus.areas.models import Area
    from siklus.facilities.models import Facility

    areas = Area.objects.filter(code__within=area).values_list("code", "name", "level")
    _write(out, "areas", area, _columns(AREA_SCHEMA, areas), _schema(AREA_SCHEMA))
    facilities = [(_uuid_text(pk), kind, name, code, ilp, active, voided) for pk, kind, name, code, ilp, active, voided
                  in Facility.objects.filter(area_code__within=area).values_list(
                      "id", "kind", "name", "area_code", "ilp_active", "active", "voided_at")]
    _write(out, "facilities", area, _columns(FACILITY_SCHEMA, facilities), _schema(FACILITY_SCHEMA))
    through = Facility.served_areas.through.objects.filter(facility__area_code__within=area)
    wilayah = [(_uuid_text(pk), code) for pk, code in through.values_list("facility_id", "area_id")]
    _write(out, "wilayah", area, _columns(WILAYAH_SCHEMA, wilayah), _schema(WILAYAH_SCHEMA))


def _update_manifest(out: Path, entry: dict) -> None:
    path = out / "manifest.json"
    manifest: dict = (json.loads(path.read_text()) if path.exists()
                      else {"schema_version": SCHEMA_VERSION, "exports": []})
    _check_version(path, manifest)
    # The files of an export replace those of nested areas; keep each file listed once.
    replaced = {f["path"] for f in entry["files"]}
    kept = []
    for old in manifest["exports"]:
        old["files"] = [f for f in old["files"] if f["path"] not in replaced and (out / f["path"]).exists()]
        if old["files"] and not (_nested(old["area"], entry["area"]) and old["since"] == entry["since"]):
            kept.append(old)
    manifest["exports"] = kept + [entry]
    manifest["facts"] = sum(f["rows"] for e in manifest["exports"] for f in e["files"] if f["path"].startswith("facts/"))
    path.write_text(json.dumps(manifest, indent=1))


def summary(entry: dict, lang: str) -> str:
    """One export's figures for the command line, in ``lang``."""
    from django.utils import translation
    from django.utils.translation import gettext as _

    from siklus.rules.messages import format_number

    def n(value) -> str:
        return format_number(value, lang)

    with translation.override(lang):
        return _("%(facts)s fakta, %(persons)s penduduk, %(files)s berkas, %(bytes)s byte dalam %(seconds)s detik") % {
            "facts": n(entry["facts"]), "persons": n(entry["persons"]), "files": n(len(entry["files"])),
            "bytes": n(sum(f["bytes"] for f in entry["files"])), "seconds": n(round(entry["seconds"], 1))}


def _check_version(path: Path, manifest: dict) -> None:
    from django.utils.translation import gettext as _

    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise ExportError(_("%(path)s berversi skema %(found)s, siklus ini memakai versi %(version)s: ekspor ulang"
                            " ke folder baru.") % {"path": path, "found": manifest.get("schema_version"),
                                                   "version": SCHEMA_VERSION})


def manifest(out: Path) -> dict:
    """The export's manifest, checked: an export of this schema version is there."""
    from django.utils.translation import gettext as _

    path = Path(out) / "manifest.json"
    try:
        found = json.loads(path.read_text())
    except FileNotFoundError:
        raise ExportError(_("Tidak ada ekspor fakta di %(path)s (manifest.json tidak ada).") % {"path": out}) from None
    except (ValueError, OSError) as error:
        raise ExportError(_("%(path)s tidak terbaca: %(error)s") % {"path": path, "error": error}) from None
    _check_version(path, found)
    return found
