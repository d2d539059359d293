"""Throughput of the anthropometry rules and of ``siklus anthro``.

    .venv/bin/python benchmarks/anthro.py [--children 1000000] [--rows 100000]

Generates children 0–19 years (mostly under five, as in a Posyandu) from the WHO curves,
times the z-scores (best of three runs; numpy runs these on one core), the Permenkes
statuses, and the command on a CSV file.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from siklus.rules.anthropometry import assess, compute, lms
from siklus.rules.anthropometry.tables import ACFA, BMI_2007, HCFA, HFA_2007, LHFA, WFH, WFL, table


def generate(n: int, seed: int = 2020) -> dict[str, np.ndarray]:
    """Children drawn from the WHO curves, shifted like an Indonesian survey (mean
    length-for-age z −1, weight-for-length z −0.3), 10 % of them 5–19 years old."""
    rng = np.random.default_rng(seed)
    older = rng.random(n) < 0.1
    days = np.where(older, rng.uniform(1857, 228 * 30.4375, n), rng.uniform(0, 1856, n))
    sex = rng.integers(1, 3, n)
    row = sex - 1

    def draw(name, column, z):
        t = table(name)
        column = np.clip(column, 0, t.width - 1)
        return lms.value_at(z, t.l[row, column], t.m[row, column], t.s[row, column])

    day = np.clip(np.rint(days), 0, 1856).astype(int)
    month = np.clip(np.rint(days / 30.4375), 61, 228).astype(int)
    length = np.where(older, draw(HFA_2007, month, rng.normal(-0.7, 1.0, n)), draw(LHFA, day, rng.normal(-1.0, 1.1, n)))
    # weight: for length/height under five, from BMI-for-age at school age
    cm = np.where(day < 731, np.rint((length - 45) * 10), np.rint((length - 65) * 10)).astype(int)
    weight = np.where(
        day < 731,
        draw(WFL, cm, rng.normal(-0.3, 1.1, n)),
        draw(WFH, cm, rng.normal(-0.3, 1.1, n)),
    )
    bmi = draw(BMI_2007, month, rng.normal(-0.2, 1.1, n))
    weight = np.where(older, bmi * (length / 100) ** 2, weight)
    return {
        "sex": sex.astype(float),
        "age_days": days,
        "weight": weight,
        "lenhei": length,
        "measure": np.where(days < 731, 1.0, 2.0) * (rng.random(n) > 0.05),
        "headc": np.where(older, np.nan, draw(HCFA, day, rng.normal(-0.3, 1.0, n))),
        "muac": np.where(older | (day < 91), np.nan, draw(ACFA, day, rng.normal(-0.3, 1.0, n))),
        "oedema": rng.random(n) < 0.002,
    }


def best_of(runs: int, function):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    data = generate(args.children)
    compute(**{k: v[:10] for k, v in data.items()})  # load the tables once
    seconds, z = best_of(3, lambda: compute(**data))
    print(f"z-scores:  {args.children:,} children in {seconds:.3f} s = {args.children / seconds:,.0f} children/s")
    scored = np.count_nonzero(~np.isnan(z.zwei) | ~np.isnan(z.zlen))
    print(f"           ({scored:,} with a score; {int(np.nansum(z.flen)):,} length/height-for-age flags)")
    seconds, statuses = best_of(3, lambda: assess(z, oedema=data["oedema"], muac=data["muac"]))
    print(f"statuses:  {args.children:,} children in {seconds:.3f} s = {args.children / seconds:,.0f} children/s")
    print(f"           (stunting {np.nanmean(statuses.stunting):.1%}, wasting {np.nanmean(statuses.wasting):.1%} "
          "of the generated under-fives)")

    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "survey.csv", Path(folder) / "scored.csv"
        rows = generate(args.rows, seed=7)
        with open(source, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["id", "sex", "age_days", "weight_kg", "lenhei_cm", "measure", "headc_cm", "muac_cm", "oedema"])
            for i in range(args.rows):
                writer.writerow([
                    i + 1, int(rows["sex"][i]), f"{rows['age_days'][i]:.0f}", f"{rows['weight'][i]:.1f}",
                    f"{rows['lenhei'][i]:.1f}", {1.0: "l", 2.0: "h"}.get(rows["measure"][i], ""),
                    "" if np.isnan(rows["headc"][i]) else f"{rows['headc'][i]:.1f}",
                    "" if np.isnan(rows["muac"][i]) else f"{rows['muac'][i]:.1f}",
                    "y" if rows["oedema"][i] else "n",
                ])
        command = [str(Path(sys.executable).with_name("siklus")), "anthro", str(source), "-o", str(target), "--summary"]
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        seconds = time.perf_counter() - start
        print(f"siklus anthro: {args.rows:,} rows in {seconds:.2f} s (whole process, with --summary)")


if __name__ == "__main__":
    main()
