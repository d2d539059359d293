"""The phone computes the same WHO z-scores and Permenkes statuses as the server (issue #16 item 1).

``static/kader/anthro.js`` runs in Chromium (Playwright's ``page.evaluate``) over a grid that
covers the WHO tables' whole range: every third day from birth to 19 years (past the tables' end
at 228 months), both sexes, each position (unknown, lying, standing), with oedema, and values
placed at z from −7 to +7 by the tables themselves (so the linear extension beyond ±3 SD is
exercised), plus the whole weight-for-length/height range at 0.1 cm and children without an age.
Each row is compared with :func:`siklus.rules.anthropometry.compute` and :func:`assess`:
z to 1e-9 (rounded as stored, and unrounded), the same flags, reference and table, the same status
codes and labels, the same derived flags. Also the KMS N/T judgement, and settings a deployment
changes reach the phone.
"""

import json
import math
import os

import numpy as np
import pytest

from siklus.kader.anthro_export import STATIC_FILE, lms_json, rule_settings
from siklus.rules import config
from siklus.rules.anthropometry import growth, lms, status, tables, zscores

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SCORES = ("zwei", "zlen", "zwfl", "zbmi", "zhc", "zac")
FLAGS = ("fwei", "flen", "fwfl", "fbmi", "fhc", "fac")


@pytest.fixture(scope="module")
def js():
    """A page on the live server with anthro.js imported; ``js(name, *args)`` calls a helper."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing: `make test` installs it with apt-get")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    here = os.path.dirname(__file__)
    static = os.path.join(here, "..", "..", "src", "siklus", "static", "kader")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        # Serve the two static files straight from the source tree (no Django needed).
        def serve(route):
            name = route.request.url.rsplit("/", 1)[-1]
            with open(os.path.join(static, name), "rb") as f:
                route.fulfill(body=f.read(), content_type="text/javascript" if name.endswith(".js") else "application/json")
        page.route("http://kader.test/static/kader/*", serve)
        page.route("http://kader.test/", lambda r: r.fulfill(body="<!doctype html><title>t</title>", content_type="text/html"))
        page.goto("http://kader.test/")
        yield page
        browser.close()


def run(page, rules, rows, decimals=2):
    return page.evaluate(
        """async ([rules, rows, decimals]) => {
            const m = await import('/static/kader/anthro.js');
            const a = await m.load(rules);
            const clean = (v) => (typeof v === 'number' && Number.isNaN(v) ? null : v);
            return rows.map((r) => {
                const z = a.compute(r, {decimals});
                const s = a.assess(z, {oedema: r.oedema, muac: r.muac});
                const out = {};
                for (const [k, v] of Object.entries(z)) out[k] = clean(v);
                out.statuses = s.statuses;
                for (const k of ['stunting', 'wasting', 'underweight', 'overweight']) out[k] = s[k];
                return out;
            });
        }""",
        [rules, rows, decimals],
    )


def target(name, row, x, z):
    """The measurement at ``z`` SD on table ``name`` at column ``x`` (day, month or cm grid)."""
    t = tables.table(name)
    col = int(round((x - t.x0) / t.step))
    col = min(max(col, 0), t.width - 1)
    l, m, s = t.l[row, col], t.m[row, col], t.s[row, col]
    if np.isnan(m):
        return float("nan")
    value = float(lms.value_at(z, l, m, s))
    return value if np.isfinite(value) and value > 0 else float("nan")


def grid():
    rng = np.random.default_rng(16)
    rows = []
    for day in range(0, 19 * 366, 3):
        for sex in (1, 2):
            r = sex - 1
            months = day / tables.DAYS_PER_MONTH
            month = min(max(months, 61.0), 228.0)
            under5 = day <= tables.WHO2006_LAST_DAY
            z = rng.uniform(-7, 7, 5)
            weight = target("wfa", r, day, z[0]) if under5 else target("wfa-2007" if months <= 120 else "bmi-2007", r, month, z[0])
            if not under5 and months > 120:  # BMI-based target: weight from a height near the median
                height_median = target("hfa-2007", r, month, 0.0)
                weight = weight * (height_median / 100) ** 2
            height = target("lhfa", r, day, z[1]) if under5 else target("hfa-2007", r, month, z[1])
            rows.append({
                "sex": sex, "ageDays": day + float(rng.choice([0.0, 0.4, 0.5, 0.6])),
                "completedMonths": math.floor(months), "weight": weight, "lenhei": height,
                "measure": int(rng.integers(0, 3)), "headc": target("hcfa", r, day, z[2]) if under5 else float("nan"),
                "muac": target("acfa", r, day, z[3]) if under5 and day >= 91 else float(rng.uniform(9, 30)),
                "oedema": bool(rng.random() < 0.05),
            })
    # Weight-for-length and -height over their whole range, with and without an age.
    for name, first, last, day in (("wfl", 45.0, 110.0, 300), ("wfh", 65.0, 120.0, 1000)):
        for tenth in range(int(first * 10) - 5, int(last * 10) + 6):
            cm = tenth / 10 + float(rng.choice([0.0, 0.03, 0.05, 0.07]))
            for sex in (1, 2):
                weight = target(name, sex - 1, min(max(cm, first), last), float(rng.uniform(-7, 7)))
                measure = int(rng.integers(0, 3))
                lenhei = cm - (0.7 if day < 731 and measure == 2 else 0.0) + (0.7 if day >= 731 and measure == 1 else 0.0)
                rows.append({"sex": sex, "ageDays": day, "weight": weight, "lenhei": lenhei, "measure": measure})
                rows.append({"sex": sex, "weight": weight, "lenhei": cm, "measure": measure})  # no age
    # Edges: unknown sex, negative age, zero and absurd values, the 60/61-month seam day by day.
    rows += [{"sex": 0, "ageDays": 100, "weight": 6.0}, {"sex": 1, "ageDays": -3, "weight": 3.0},
             {"sex": 2, "ageDays": 200, "weight": 0.0, "lenhei": -1.0}, {"sex": 1, "ageDays": 400, "weight": 300.0}]
    for day in range(1820, 1870):
        for sex in (1, 2):
            rows.append({"sex": sex, "ageDays": day, "completedMonths": math.floor(day / 30.4375) - (day % 2),
                         "weight": 18.0, "lenhei": 108.0, "measure": 2, "muac": 14.0})
    return rows


def column(rows, key):
    return np.array([np.nan if r.get(key) is None else float(r[key]) for r in rows])


def server(rows):
    z = zscores.compute(
        column(rows, "sex"), age_days=column(rows, "ageDays"), weight=column(rows, "weight"),
        lenhei=column(rows, "lenhei"), measure=np.nan_to_num(column(rows, "measure")), headc=column(rows, "headc"),
        muac=column(rows, "muac"), oedema=np.nan_to_num(column(rows, "oedema")),
        completed_months=column(rows, "completedMonths"))
    s = status.assess(z, oedema=np.nan_to_num(column(rows, "oedema")).astype(bool), muac=column(rows, "muac"))
    return z, s


def finite(rows):
    """NaN as null for JSON (page.evaluate would refuse NaN inside objects)."""
    return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()} for r in rows]


def compare(rows, phone, z, s, tolerance=1e-9):
    mismatches = []
    for i, (row, got) in enumerate(zip(rows, phone, strict=True)):
        for key in SCORES + FLAGS + ("age_days", "clenhei", "cbmi"):
            want = float(getattr(z, key)[i])
            have = got[key]
            same = (np.isnan(want) and have is None) or (have is not None and abs(want - have) <= tolerance)
            if not same:
                mismatches.append((i, key, want, have, row))
        for key in ("reference", "wflh_table", "c9mo_flag"):
            if float(getattr(z, key)[i]) != got[key]:
                mismatches.append((i, key, getattr(z, key)[i], got[key], row))
        for index in status.INDICES:
            code = s.codes[index][i]
            want_status = None if code is None else {"code": code, "label": s.labels[index][i]}
            if got["statuses"].get(index) != want_status:
                mismatches.append((i, index, want_status, got["statuses"].get(index), row))
        for flag in ("stunting", "wasting", "underweight", "overweight"):
            value = getattr(s, flag)[i]
            want_flag = None if np.isnan(value) else bool(value)
            if got[flag] != want_flag:
                mismatches.append((i, flag, want_flag, got[flag], row))
    return mismatches


def test_the_static_tables_are_the_servers():
    """who-lms.json is a current export (else: run scripts/kader_lms.py)."""
    assert STATIC_FILE.read_text() == lms_json()


def test_the_phone_computes_the_servers_zscores_and_statuses_over_the_whole_range(js):
    rows = grid()
    assert len(rows) > 9000
    z, s = server(rows)
    phone = run(js, rule_settings(None), finite(rows))
    assert compare(rows, phone, z, s) == []
    # The grid reaches every branch: both references, both WFL/H tables, beyond ±3 SD, every status.
    assert {1, 2} <= set(z.reference.tolist()) and {1, 2} <= set(z.wflh_table.tolist())
    assert np.nanmax(np.abs(z.zwei)) > 5 and np.nanmax(np.abs(z.zwfl)) > 5
    for index in ("bb_u", "tb_u", "bb_tb", "imt_u", "imt_u_5_18", "lila"):
        seen = {c for c in s.codes[index] if c is not None}
        assert len(seen) == len(status.scale(index)[0].categories), (index, seen)


def test_unrounded_zscores_agree_to_1e_9(js, monkeypatch):
    """With rounding pushed to 12 decimals on both sides, the raw LMS arithmetic agrees to 1e-9."""
    rows = grid()[::4]
    monkeypatch.setattr(zscores, "DECIMALS", 12)
    z, s = server(rows)
    phone = run(js, rule_settings(None), finite(rows), decimals=12)
    mismatches = [m for m in compare(rows, phone, z, s) if m[1] in SCORES]
    assert mismatches == []


def test_settings_a_deployment_changes_reach_the_phone(js):
    rows = [r for r in grid() if 1700 <= (r.get("ageDays") or 0) <= 1900 or (r.get("ageDays") or 9999) < 280]
    with config.override(**{
        "anthropometry.who2006_upper_age_months": 60, "anthropometry.standing_under_9_months": "ignore_position",
        "anthropometry.index_switch_age_basis": "completed_months", "anthropometry.lku_cutoffs": (-3.0, 3.0),
        "anthropometry.muac_cutoffs_cm": (11.0, 13.0), "anthropometry.imtu_5_18_severe_row": False,
        "anthropometry.oedema_counts_as_severe": False,
    }):
        z, s = server(rows)
        rules = rule_settings(None)
    assert rules["signature"] != "default"
    assert compare(rows, run(js, rules, finite(rows)), z, s) == []


def test_the_kms_judgement_is_the_servers(js):
    rng = np.random.default_rng(7)
    cases = []
    for k in range(60):
        sex = "L" if k % 2 else "P"
        birth = np.datetime64("2023-01-01") + int(rng.integers(0, 365))
        dates = sorted({str(birth + int(d)) for d in rng.integers(5, 1900, size=int(rng.integers(2, 14)))})
        weights = [round(float(rng.uniform(2.5, 22)), 1) for _ in dates]
        cases.append({"sex": sex, "birth": str(birth),
                      "weighings": [{"date": d, "weight": w, "oedema": bool(rng.random() < 0.05)} for d, w in zip(dates, weights)]})
    phone = js.evaluate(
        """async ([rules, cases]) => {
            const m = await import('/static/kader/anthro.js');
            const a = await m.load(rules);
            return cases.map((c) => a.judge(c.sex, c.birth, c.weighings));
        }""",
        [rule_settings(None), cases],
    )
    from datetime import date

    for case, got in zip(cases, phone, strict=True):
        want = growth.judge(case["sex"], date.fromisoformat(case["birth"]), [
            growth.Weighing(date.fromisoformat(w["date"]), w["weight"], w["oedema"]) for w in case["weighings"]])
        for w, g in zip(want, got, strict=True):
            assert (w.code, w.gain_g, w.kbm_g, w.months_since, w.two_t, w.bgm, w.above_orange, w.refer, list(w.reasons)) == (
                g["code"], g["gain_g"], g["kbm_g"], g["months_since"], g["two_t"], g["bgm"], g["above_orange"],
                g["refer"], g["reasons"]), (case, w, g)
            assert (w.zwei is None and g["zwei"] is None) or abs(w.zwei - g["zwei"]) <= 1e-9


def test_the_exported_tables_read_back_bit_identical():
    data = json.loads(lms_json())
    for name in tables.ALL_TABLES:
        t = tables.table(name)
        for key in "lms":
            exported = np.array([[np.nan if v is None else v for v in row] for row in data["tables"][name][key]])
            assert np.array_equal(exported, getattr(t, key), equal_nan=True)
