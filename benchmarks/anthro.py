"""Throughput of the anthropometry rules and of ``siklus anthro``.

    .venv/bin/python benchmarks/anthro.py [--children 1000000] [--rows 100000]

Generates children 0–19 years (mostly under five, as in a Posyandu), times the z-scores
(best of three runs, numpy on one core), the Permenkes statuses, and the command on a CSV.
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

from siklus.rules.anthropometry import assess, compute


def generate(n: int, seed: int = 2020) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    older = rng.random(n) < 0.1
    days = np.where(older, rng.uniform(1857, 228 * 30.4375, n), rng.uniform(0, 1856, n))
    years = days / 365.25
    sex = rng.integers(1, 3, n).astype(float)
    # Rough growth so that most scores fall inside ±3 SD, with a tail of odd values.
    height = np.where(years < 5, 50 + 60 * np.sqrt(years / 5), 110 + 6 * (years - 5)) + rng.normal(0, 4, n)
    weight = np.where(years < 5, 3.3 + 2.2 * years ** 0.9 * 1.6, 18 + 2.8 * (years - 5)) * rng.lognormal(0, 0.13, n)
    return {
        "sex": sex,
        "age_days": days,
        "weight": weight,
        "lenhei": height,
        "measure": np.where(days < 731, 1.0, 2.0) * (rng.random(n) > 0.05),
        "headc": np.where(years < 5, 35 + 15 * np.sqrt(years / 5), np.nan) + rng.normal(0, 1.3, n),
        "muac": np.where(years < 5, 12 + 4 * years / 5, np.nan) + rng.normal(0, 1.0, n),
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
    print(f"           ({scored:,} with a score; {int(np.nansum(z.fwei)):,} weight-for-age flags)")
    seconds, _ = best_of(3, lambda: assess(z, oedema=data["oedema"], muac=data["muac"]))
    print(f"statuses:  {args.children:,} children in {seconds:.3f} s = {args.children / seconds:,.0f} children/s")

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
