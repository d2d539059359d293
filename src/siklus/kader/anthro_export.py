"""What the phone needs to compute the same WHO z-scores and Permenkes statuses as the server.

Two parts, because they change at different rates:

* :func:`lms_tables` — the WHO LMS tables exactly as :mod:`siklus.rules.anthropometry.tables`
  holds them (same grid, same NaN gaps, the same ``l_is_one`` / ``l_near_zero`` shortcuts), written
  once to the static file ``static/kader/who-lms.json`` by ``scripts/kader_lms.py`` (a test fails
  when the file no longer equals a fresh export). Floats are written with ``repr`` (the shortest
  string that reads back to the same double), so the phone's tables are bit-identical.
* :func:`rule_settings` — the anthropometry settings in force for an area (``SIKLUS_RULES`` and
  ``SIKLUS_RULES_BY_AREA`` may change them) and the Permenkes 2/2020 scales as
  :func:`siklus.rules.anthropometry.status.scale` builds them: served per user by the app's
  bootstrap, so a deployment's settings reach the phone without a new app version.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import date
from pathlib import Path
from typing import Any

from siklus.rules import config
from siklus.rules.anthropometry import settings, status, tables, zscores
from siklus.rules.anthropometry.growth import KBM

STATIC_FILE = Path(__file__).resolve().parent.parent / "static" / "kader" / "who-lms.json"


def _numbers(row) -> list[float | None]:
    return [None if math.isnan(v) else float(v) for v in row.tolist()]


def lms_tables() -> dict[str, Any]:
    """Every LMS table the z-scores use, by the keys of :mod:`~siklus.rules.anthropometry.tables`."""
    out: dict[str, Any] = {}
    for name in tables.ALL_TABLES:
        t = tables.table(name)
        out[name] = {
            "x_unit": t.x_unit, "x0": t.x0, "step": t.step, "width": t.width,
            "l_is_one": t.l_is_one, "l_near_zero": t.l_near_zero,
            **{key: [_numbers(getattr(t, key)[row]) for row in (0, 1)] for key in "lms"},
        }
    body = {
        "days_per_month": tables.DAYS_PER_MONTH,
        "who2006_last_day": tables.WHO2006_LAST_DAY,
        "who2007_first_month": tables.WHO2007_FIRST_MONTH,
        "who2007_upper_months": zscores.WHO2007_UPPER_MONTHS,
        "wfl_range_cm": list(tables.WFL_RANGE_CM),
        "wfh_range_cm": list(tables.WFH_RANGE_CM),
        "flag_limits": {k: list(v) for k, v in zscores.FLAG_LIMITS.items()},
        "tables": out,
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return {"version": hashlib.sha256(text.encode()).hexdigest()[:16], **body}


def lms_json() -> str:
    return json.dumps(lms_tables(), sort_keys=True, separators=(",", ":"))


# The settings the phone's anthro.js reads (everything of siklus.rules.anthropometry.settings).
_SETTINGS = {
    "who2006_upper_age_months": settings.WHO2006_UPPER_AGE_MONTHS,
    "standing_under_9_months": settings.STANDING_UNDER_9_MONTHS,
    "index_switch_age_basis": settings.INDEX_SWITCH_AGE_BASIS,
    "oedema_counts_as_severe": settings.OEDEMA_COUNTS_AS_SEVERE,
    "derived_flag_cutoffs": settings.DERIVED_FLAG_CUTOFFS,
    "imtu_5_18_max_months": settings.IMTU_5_18_MAX_MONTHS,
    "muac_age_months": settings.MUAC_AGE_MONTHS,
    "kbm_age_basis": settings.KBM_AGE_BASIS,
    "kbm_gap_rule": settings.KBM_GAP_RULE,
    "referral_rule": settings.REFERRAL_RULE,
    "referral_above_wfa_z": settings.REFERRAL_ABOVE_WFA_Z,
    "referral_statuses": settings.REFERRAL_STATUSES,
}


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def rule_settings(area: str | None, on: date | None = None) -> dict[str, Any]:
    """The anthropometry settings and Permenkes scales in force in ``area`` (None: the deployment's)."""
    with config.for_area(area):
        values = {key: _plain(config.get(s.name)) for key, s in _SETTINGS.items()}
        scales = {}
        version = ""
        for index in status.INDICES:
            scale, version = status.scale(index, on)
            scales[index] = {
                "name": scale.index,
                "categories": [[c.code, c.label] for c in scale.categories],
                "cuts": [[cut, upper] for cut, upper in scale.cuts],
            }
        # KBM editions: the steps each edition names, with the edition's first day.
        kbm = [{"version": e.version, "valid_from": e.valid_from.isoformat(), "steps": _plain(config.get(e.value))}
               for e in KBM.editions]
        signature = config.signature(area)
    return {"settings": values, "scales": scales, "status_version": version, "kbm": kbm, "signature": signature}
