"""The DHIS2 mapping: which siklus figure goes into which DHIS2 data element, for which org unit.

A deployment keeps it as a versioned JSON file (in its own repository, next to the DHIS2 metadata
it names) and points ``SIKLUS_DHIS2_MAPPING`` or ``--mapping`` at it. UIDs differ between DHIS2
instances, so siklus ships only an example (``dhis2_mapping.example.json``)::

    {
      "format": "siklus-dhis2-mapping/1",
      "version": "kotim-2025-11",              # the deployment's label, shown on every export
      "dataSet": {"month": "<uid>", "year": "<uid>"},   # optional (or one uid: the monthly set)
      "attributeOptionCombo": "<uid>",         # optional
      "categoryOptionCombo": "HllvX50cXC0",    # default of every data element (DHIS2's "default")
      "decimals": 2,                           # decimals of non-integer figures (percentages)
      "orgUnits": {
        "areas": {"62.02.01.2003": "<uid>", "62.02": "<uid>"},        # Kemendagri area codes
        "facilities": {"P6202010101": "<uid>"}                       # facility codes (Puskesmas …)
      },
      "indicators": {
        "k1": {"numerator": {"dataElement": "<uid>", "categoryOptionCombo": "<uid>", "mode": "month"},
               "denominator": {"dataElement": "<uid>"}},
        "gizi_stunting": {"numerator": {"dataElement": "<uid>"}, "value": {"dataElement": "<uid>"}}
      }
    }

Each indicator sends its numerator and, if mapped, its denominator and its value (percent) as
separate data elements. ``mode`` says which figure of a month is sent:

- ``"month"`` (the numerator's default): the month's own count. Cumulative indicators are stored
  cumulative from January, so this is the month's figure minus the previous month's — DHIS2 then
  sums months to quarters and years itself (data elements with aggregation type SUM);
- ``"stored"`` (the default of denominator and value): the figure as siklus stores it, cumulative
  from January for cumulative indicators (data elements with aggregation type LAST / NONE), and
  the year's sasaran as denominator.

An indicator is sent for the period type of its catalogue entry (monthly PWS indicators for a
month, ``--period 202511``; SPM, CKG, UCI … for a year, ``--period 2025``); ``"period": "year"``
in an entry sends a monthly indicator's yearly figure instead (DHIS2 refuses a value whose period
does not fit its data set, so one data element takes one period type).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

FORMAT = "siklus-dhis2-mapping/1"
UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")  # DHIS2 identifiers: 11 characters, a letter first
AREA_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
DEFAULT_COC = "HllvX50cXC0"  # the "default" category option combo of DHIS2 instances
PARTS = ("numerator", "denominator", "value")
MODES = ("month", "stored")
DEFAULT_MODE = {"numerator": "month", "denominator": "stored", "value": "stored"}


class MappingError(ValueError):
    """The mapping file is unreadable or names something that cannot be right; ``problems`` lists
    every one found (not only the first)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Target:
    """Where one figure goes: a data element and its category option combo."""

    data_element: str
    category_option_combo: str
    mode: str


@dataclass
class Mapping:
    version: str
    data_sets: dict[str, str]  # "month" / "year" → uid
    attribute_option_combo: str
    decimals: int
    areas: dict[str, str]  # area code → org unit uid
    facilities: dict[str, str]  # facility code → org unit uid
    indicators: dict[str, dict[str, Target]]  # indicator code → part → target
    periods: dict[str, str]  # indicator code → "month" / "year": the period type it is sent for
    source: str = ""
    extra: dict = field(default_factory=dict)

    def org_unit_uids(self) -> set[str]:
        return set(self.areas.values()) | set(self.facilities.values())


def _uid(problems: list[str], where: str, value) -> str:
    if not isinstance(value, str) or not UID.match(value):
        problems.append(_("%(where)s: UID DHIS2 tidak valid: %(value)r (11 karakter, diawali huruf)")
                        % {"where": where, "value": value})
        return ""
    return value


def parse(data: dict, source: str = "") -> Mapping:
    """A mapping from its JSON data; :class:`MappingError` with every problem found."""
    from siklus.monitoring import catalogue

    problems: list[str] = []
    if not isinstance(data, dict):
        raise MappingError([_("Pemetaan DHIS2 harus berupa objek JSON.")])
    if data.get("format") != FORMAT:
        problems.append(_("format harus \"%(format)s\"") % {"format": FORMAT})
    version = str(data.get("version") or "").strip()
    if not version:
        problems.append(_("version wajib diisi (label versi pemetaan)"))
    raw_sets = data.get("dataSet") or {}
    if isinstance(raw_sets, str):
        raw_sets = {"month": raw_sets}
    data_sets = {}
    for period_type, uid in dict(raw_sets).items():
        if period_type not in ("month", "year"):
            problems.append(_("dataSet: jenis periode %(type)r tidak dikenal (month, year)") % {"type": period_type})
            continue
        data_sets[period_type] = _uid(problems, f"dataSet.{period_type}", uid)
    aoc = data.get("attributeOptionCombo") or ""
    if aoc:
        aoc = _uid(problems, "attributeOptionCombo", aoc)
    default_coc = _uid(problems, "categoryOptionCombo", data.get("categoryOptionCombo") or DEFAULT_COC)
    decimals = data.get("decimals", 2)
    if not isinstance(decimals, int) or not 0 <= decimals <= 6:
        problems.append(_("decimals harus bilangan bulat 0–6"))
        decimals = 2

    units = data.get("orgUnits") or {}
    areas: dict[str, str] = {}
    for code, uid in (units.get("areas") or {}).items():
        if not AREA_CODE.match(code):
            problems.append(_("orgUnits.areas: kode wilayah %(code)r tidak valid") % {"code": code})
        areas[code] = _uid(problems, f"orgUnits.areas.{code}", uid)
    facilities = {code: _uid(problems, f"orgUnits.facilities.{code}", uid)
                  for code, uid in (units.get("facilities") or {}).items()}
    if not areas and not facilities:
        problems.append(_("orgUnits: tidak ada wilayah atau fasilitas yang dipetakan"))
    seen_units: dict[str, str] = {}
    for key, uid in [*(("areas." + c, u) for c, u in areas.items()), *(("facilities." + c, u) for c, u in facilities.items())]:
        if uid and uid in seen_units:
            problems.append(_("orgUnit %(uid)s dipetakan dua kali (%(a)s, %(b)s)") % {"uid": uid, "a": seen_units[uid], "b": key})
        seen_units.setdefault(uid, key)

    indicators: dict[str, dict[str, Target]] = {}
    used: dict[tuple[str, str], str] = {}
    periods: dict[str, str] = {}
    for code, parts in (data.get("indicators") or {}).items():
        if code not in catalogue.BY_CODE:
            problems.append(_("indikator %(code)r tidak ada di katalog siklus") % {"code": code})
            continue
        indicator = catalogue.get(code)
        targets: dict[str, Target] = {}
        parts = dict(parts or {})
        period_type = parts.pop("period", indicator.period)
        if period_type not in ("month", "year") or (period_type == "month" and indicator.period == "year"):
            problems.append(_("indicators.%(code)s.period: %(period)r tidak bisa dipakai (indikator tahunan hanya "
                              "\"year\")") % {"code": code, "period": period_type})
        periods[code] = period_type
        for part, spec in parts.items():
            where = f"indicators.{code}.{part}"
            if part not in PARTS:
                problems.append(_("%(where)s: bagian tidak dikenal (numerator, denominator, value)") % {"where": where})
                continue
            if part == "denominator" and indicator.denominator is None:
                problems.append(_("%(where)s: indikator ini tidak punya penyebut") % {"where": where})
                continue
            spec = spec if isinstance(spec, dict) else {}
            mode = spec.get("mode", DEFAULT_MODE[part])
            if mode not in MODES or (part == "value" and mode != "stored"):
                problems.append(_("%(where)s: mode %(mode)r tidak bisa dipakai") % {"where": where, "mode": mode})
            target = Target(_uid(problems, f"{where}.dataElement", spec.get("dataElement")),
                            _uid(problems, f"{where}.categoryOptionCombo", spec.get("categoryOptionCombo") or default_coc),
                            mode)
            # Two figures in one cell of DHIS2 would overwrite each other.
            key = (target.data_element, target.category_option_combo)
            if target.data_element and key in used:
                problems.append(_("%(where)s: dataElement dan categoryOptionCombo sudah dipakai oleh %(other)s")
                                % {"where": where, "other": used[key]})
            used.setdefault(key, where)
            targets[part] = target
        if "numerator" not in parts:
            problems.append(_("indicators.%(code)s: numerator wajib dipetakan") % {"code": code})
        indicators[code] = targets
    if not (data.get("indicators") or {}):
        problems.append(_("indicators: tidak ada indikator yang dipetakan"))
    if problems:
        raise MappingError(problems)
    return Mapping(version=version, data_sets=data_sets, attribute_option_combo=aoc, decimals=decimals,
                   areas=areas, facilities=facilities, indicators=indicators, periods=periods,
                   source=source)


def load(path: str | Path) -> Mapping:
    """Read and check a mapping file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise MappingError([_("Berkas pemetaan tidak bisa dibaca: %(error)s") % {"error": error}]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise MappingError([_("Berkas pemetaan bukan JSON yang valid: %(error)s") % {"error": error}]) from None
    return parse(data, source=str(path))


EXAMPLE = Path(__file__).with_name("dhis2_mapping.example.json")
