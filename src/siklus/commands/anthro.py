"""``siklus anthro``: WHO z-scores and Permenkes 2/2020 status for a survey file.

Like WHO Anthro's survey analyser: reads a CSV with one child per row, writes it back with the
z-scores, WHO's flags and the Indonesian statuses added. A bad value empties only the scores
that need it and is reported on stderr with its row number; the run goes on.

Where siklus follows WHO's software and where it knowingly does not (ILP.md §5.6, §0.1):

* Age limits as WHO's anthroplus: no weight-for-age z above 120.0 months and no height- or
  BMI-for-age z above 228.0 months, both inclusive on the decimal age (months = days /
  30.4375): 120.0 months is scored, 120.01 is not.
* Weight-for-length/height: the corrected length is cut to 0.1 cm and L, M, S interpolated to
  the next 0.1 cm row, as WHO's software does. One known difference: for a length of 103.1 cm
  measured lying at 731 days or more, the corrected length 103.1 − 0.7 is 102.39999… in
  floating point; WHO's R package anthro rounds it up to 102.5 and gives a weight-for-height z
  one table row off, while siklus uses 102.4 — the value the 0.7 cm rule prescribes. siklus
  keeps its value; a comparison with anthro can differ there by that one row.
* A child under 9 months measured standing gets +0.7 cm like every child under 731 days, and
  ``c9mo_flag`` = 1 says to measure again lying down (WHO's R package drops the position
  instead; setting ``anthropometry.standing_under_9_months``).
* Unit guard (ILP.md §0.1 C6): a weight that looks like grams (400 and more) or a length that
  looks like metres (0.3–2.5) is not used and reported on stderr with the value it would be.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from datetime import date

import numpy as np

from siklus.rules import units
from siklus.rules.anthropometry import status as status_rules
from siklus.rules.anthropometry import zscores
from siklus.rules.anthropometry.zscores import MEASURE_CODES, OEDEMA_CODES, sex_code

HELP = """\
Input columns (any order, names case-insensitive; other columns are carried through):
  sex         1 = laki-laki, 2 = perempuan (also L/P, M/F)
  age_days    age in days, or
  age_months  age in decimal months, or
  birth_date and visit_date (YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY)
  weight_kg   lenhei_cm   measure (l lying, h standing, empty: assumed by age)
  headc_cm    muac_cm     oedema (y/n)
Added columns: clenhei, cbmi, zwei, zlen, zwfl, zbmi, zhc, zac (WHO 2006 below 61 months;
zlen, zwei, zbmi from the WHO 2007 reference from 61 months: zwei to 120.0 months, zlen and
zbmi to 228.0 months, inclusive, as WHO's anthroplus), the flags fwei, flen, fwfl, fbmi, fhc,
fac (1 = implausible), c9mo_flag (1 = under 9 months measured standing: +0.7 cm added,
measure again lying down), the Permenkes 2/2020 statuses status_bb_u, status_tb_u,
status_bb_tb, status_imt_u, status_lk_u, status_lila and stunting, wasting, underweight,
overweight (1/0). Missing sex, age, weight or length, every impossible value and a weight in
grams or a length in metres are reported on stderr as "row N" (N counts data rows from 1, the
header not included).
Known difference from WHO's R package anthro, kept on purpose: a length of 103.1 cm measured
lying at 731 days or more is 102.4 cm corrected; anthro rounds 102.39999... up to 102.5 (one
weight-for-height row off), siklus uses 102.4.
"""

Z_COLUMNS = ("zwei", "zlen", "zwfl", "zbmi", "zhc", "zac")
FLAG_COLUMNS = ("fwei", "flen", "fwfl", "fbmi", "fhc", "fac", "c9mo_flag")
STATUS_COLUMNS = ("status_bb_u", "status_tb_u", "status_bb_tb", "status_imt_u", "status_lk_u", "status_lila")
DERIVED_COLUMNS = ("stunting", "wasting", "underweight", "overweight")
MEASUREMENTS = {"weight_kg": "weight", "lenhei_cm": "lenhei", "headc_cm": "headc", "muac_cm": "muac"}
REPORTED_WHEN_MISSING = ("weight_kg", "lenhei_cm")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="siklus anthro",
        description="WHO z-scores and Permenkes 2/2020 nutritional status for a survey CSV.",
        epilog=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", help="CSV file, one child per row ('-' for stdin)")
    parser.add_argument("-o", "--output", default="-", help="CSV file to write ('-' or absent: stdout)")
    parser.add_argument("--summary", action="store_true", help="print prevalences (0–59 months) with counts")
    parser.add_argument("--delimiter", default=",", help="field separator of the input (default ,)")
    args = parser.parse_args(argv)

    try:
        source = sys.stdin if args.input == "-" else open(args.input, newline="", encoding="utf-8-sig")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        print(f"siklus anthro: cannot read {args.input}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        with source:
            reader = csv.reader(source, delimiter=args.delimiter)
            header = next(reader, None)
            if header is None:
                print(f"siklus anthro: {args.input} is empty", file=sys.stderr)
                return 2
            width = len(header)
            # Short rows are padded and long ones cut, so that every row has the header's columns.
            rows = [row if len(row) == width else (row + [""] * width)[:width] for row in reader]
    except UnicodeDecodeError:
        print(f"siklus anthro: {args.input} is not UTF-8 text (save it as 'CSV UTF-8')", file=sys.stderr)
        return 2
    except csv.Error as error:
        print(f"siklus anthro: {args.input} is not a readable CSV file: {error}", file=sys.stderr)
        return 2

    columns = {name.strip().lower(): i for i, name in enumerate(header)}
    if "sex" not in columns:
        print("siklus anthro: the input needs a 'sex' column", file=sys.stderr)
        return 2
    has_age = any(c in columns for c in ("age_days", "age_months")) or {"birth_date", "visit_date"} <= columns.keys()
    if not has_age:
        print("siklus anthro: no age column (age_days, age_months or birth_date + visit_date): "
              "only weight-for-length/height can be computed", file=sys.stderr)

    parsed = _parse(rows, columns, has_age)
    for row_number, message in parsed.problems:
        print(f"row {row_number}: {message}", file=sys.stderr)

    z = zscores.compute(
        parsed.sex, age_days=parsed.age_days, age_months=parsed.age_months, weight=parsed.weight,
        lenhei=parsed.lenhei, measure=parsed.measure, headc=parsed.headc, muac=parsed.muac,
        oedema=parsed.oedema, completed_months=parsed.completed_months,
    )
    statuses = status_rules.assess(z, oedema=parsed.oedema, muac=parsed.muac)

    added = _added_columns(z, statuses)
    out_header = [h for h in header if h.strip().lower() not in added] + list(added)
    keep = [i for i, h in enumerate(header) if h.strip().lower() not in added]
    try:
        target = sys.stdout if args.output == "-" else open(args.output, "w", newline="", encoding="utf-8")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        print(f"siklus anthro: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 2
    with target if target is not sys.stdout else _no_close(target):
        writer = csv.writer(target, lineterminator="\n")
        writer.writerow(out_header)
        if len(keep) == len(header):
            writer.writerows(row + list(extra) for row, extra in zip(rows, zip(*added.values())))
        else:  # computed columns replace input columns of the same name
            writer.writerows([row[i] for i in keep] + list(extra) for row, extra in zip(rows, zip(*added.values())))

    if parsed.problems:
        bad_rows = len({n for n, _ in parsed.problems})
        print(f"siklus anthro: {bad_rows} of {len(rows)} rows had missing or impossible values "
              "(their other scores were computed)", file=sys.stderr)
    if args.summary:
        _print_summary(z, parsed.oedema, file=sys.stderr if args.output == "-" else sys.stdout)
    return 0


class _no_close:
    def __init__(self, stream):
        self.stream = stream

    def __enter__(self):
        return self.stream

    def __exit__(self, *exc):
        self.stream.flush()


# --------------------------------------------------------------------------------- parsing


class _Parsed:
    def __init__(self, n: int):
        self.sex = np.full(n, np.nan)
        self.age_days = np.full(n, np.nan)
        self.age_months = np.full(n, np.nan)
        self.completed_months = np.full(n, np.nan)  # from the dates only
        self.weight = np.full(n, np.nan)
        self.lenhei = np.full(n, np.nan)
        self.headc = np.full(n, np.nan)
        self.muac = np.full(n, np.nan)
        self.measure = np.zeros(n)
        self.oedema = np.zeros(n, dtype=bool)
        self.problems: list[tuple[int, str]] = []


def _parse(rows: list[list[str]], columns: dict[str, int], has_age: bool) -> _Parsed:
    """Column by column: a fast path for clean columns, cell by cell only where needed."""
    parsed = _Parsed(len(rows))
    problems = parsed.problems

    by_column = list(zip(*rows)) if rows else []

    def texts(name):
        i = columns.get(name)
        if i is None or not by_column:
            return [""] * len(rows)
        return [t.strip() for t in by_column[i]]

    for k, raw in enumerate(texts("sex")):
        if not raw:
            problems.append((k + 1, "sex missing: no score"))
            continue
        try:
            parsed.sex[k] = sex_code(raw)
        except ValueError:
            problems.append((k + 1, f"sex {raw!r} unknown (1/2, L/P, M/F): no score"))

    if has_age:
        _parse_ages(texts, parsed)

    for column, attribute in MEASUREMENTS.items():
        values = _numbers(texts(column), column, problems, missing_is_a_problem=column in columns and column in REPORTED_WHEN_MISSING)
        with np.errstate(invalid="ignore"):
            bad = np.flatnonzero(values <= 0)
        for k in bad:
            problems.append((k + 1, f"{column} {_text(values[k])!r} is not a positive number"))
        values[bad] = np.nan
        if column in GUARDED:
            _unit_guard(values, column, problems)
        setattr(parsed, attribute, values)

    for k, raw in enumerate(texts("measure")):
        code = MEASURE_CODES.get(raw.lower())
        if code is None:
            problems.append((k + 1, f"measure {raw!r} unknown (l lying, h standing): no length-based score"))
            parsed.lenhei[k] = np.nan
        else:
            parsed.measure[k] = code

    for k, raw in enumerate(texts("oedema")):
        code = OEDEMA_CODES.get(raw.lower())
        if code is None:
            problems.append((k + 1, f"oedema {raw!r} unknown (y/n): no weight-based score"))
            parsed.weight[k] = np.nan
        else:
            parsed.oedema[k] = code

    # Blank lines (a spreadsheet's trailing rows) are carried through without complaint.
    blank = {k + 1 for k, row in enumerate(rows) if not any(cell.strip() for cell in row)}
    if blank:
        problems[:] = [p for p in problems if p[0] not in blank]
    problems.sort(key=lambda problem: problem[0])  # stable: within a row, column order
    return parsed


def _numbers(cells: list[str], column: str, problems, *, missing_is_a_problem: bool) -> np.ndarray:
    nan = np.nan
    try:
        values = np.array([float(t) if t else nan for t in cells])
    except ValueError:
        values = np.full(len(cells), np.nan)
        for k, t in enumerate(cells):
            if t:
                value = _number(t)
                if value is None:
                    problems.append((k + 1, f"{column} {t!r} is not a positive number"))
                else:
                    values[k] = value
    else:
        values[~np.isfinite(values)] = np.nan  # "inf", "nan" typed in a cell are not values
    if missing_is_a_problem:
        problems.extend((k + 1, f"{column} missing") for k, t in enumerate(cells) if not t)
    return values


GUARDED = {"weight_kg": ("weight_kg", "grams", "g", "kg"), "lenhei_cm": ("height_cm", "metres", "m", "cm")}


def _unit_guard(values: np.ndarray, column: str, problems) -> None:
    """Empty the values that look typed in the other unit (ILP.md §0.1 C6), saying what they
    would be. Other values outside the guard's range are left to WHO's flags."""
    quantity, unit_name, slip_unit, unit = GUARDED[column]
    low, high = units.ranges(quantity)[1]
    with np.errstate(invalid="ignore"):
        suspects = np.flatnonzero((values >= low) & (values <= high))
    for k in suspects:
        finding = units.check(quantity, float(values[k]))
        if finding is not None and finding.code == units.UNIT_SLIP:
            value, converted = finding.params["value"], finding.params["converted"]
            problems.append((k + 1, f"{column} {value} looks like {unit_name} ({value} {slip_unit} = "
                                    f"{converted} {unit}): not used"))
            values[k] = np.nan


def _text(value: float) -> str:
    return format(value, "g")


def _parse_ages(texts, parsed: _Parsed) -> None:
    problems = parsed.problems
    days, months = texts("age_days"), texts("age_months")
    births, visits = texts("birth_date"), texts("visit_date")
    for k in range(len(days)):
        n = k + 1
        if days[k]:
            value = _number(days[k])
            if value is None or value < 0:
                problems.append((n, f"age_days {days[k]!r} is not an age: no age-based score"))
            else:
                parsed.age_days[k] = value
        elif months[k]:
            value = _number(months[k])
            if value is None or value < 0:
                problems.append((n, f"age_months {months[k]!r} is not an age: no age-based score"))
            else:
                parsed.age_months[k] = value
        elif not births[k] and not visits[k]:
            problems.append((n, "age missing: no age-based score"))
        else:
            birth, visit = _date(births[k]), _date(visits[k])
            if birth is None or visit is None:
                bad = [f"{name} {raw!r}" for name, raw, d in (("birth_date", births[k], birth), ("visit_date", visits[k], visit)) if d is None]
                problems.append((n, f"{' and '.join(bad)} not a date: no age-based score"))
            elif visit < birth:
                problems.append((n, f"visit_date {visits[k]} is before birth_date {births[k]}: no age-based score"))
            else:
                parsed.age_days[k] = (visit - birth).days
                parsed.completed_months[k] = zscores.completed_calendar_months(birth, visit)


def _number(text: str) -> float | None:
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # Indonesian decimal comma
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    for separator in ("/", "-", "."):
        parts = text.split(separator)
        if len(parts) == 3 and len(parts[2]) == 4:
            try:
                return date(int(parts[2]), int(parts[1]), int(parts[0]))  # day first, as in Indonesia
            except ValueError:
                return None
    return None


# --------------------------------------------------------------------------------- output


def _added_columns(z: zscores.ZScores, statuses: status_rules.StatusTable) -> dict[str, list[str]]:
    added = {
        "clenhei": _fixed(z.clenhei, 2),
        "cbmi": _fixed(z.cbmi, 2),
    }
    for name in Z_COLUMNS:
        added[name] = _fixed(getattr(z, name), 2)
    for name in FLAG_COLUMNS:
        added[name] = _integers(getattr(z, name))
    labels = statuses.labels
    imt = np.where(labels["imt_u"] == None, labels["imt_u_5_18"], labels["imt_u"])  # noqa: E711
    for column, values in zip(
        STATUS_COLUMNS,
        (labels["bb_u"], labels["tb_u"], labels["bb_tb"], imt, labels["lk_u"], labels["lila"]),
    ):
        added[column] = ["" if v is None else v for v in values.tolist()]
    for name in DERIVED_COLUMNS:
        added[name] = _integers(getattr(statuses, name))
    return added


def _fixed(values: np.ndarray, decimals: int) -> list[str]:
    spec = f".{decimals}f"
    return ["" if v != v else format(v, spec) for v in values.tolist()]


def _integers(values: np.ndarray) -> list[str]:
    return ["" if v != v else str(int(v)) for v in values.tolist()]


def _print_summary(z: zscores.ZScores, oedema: np.ndarray, *, file) -> None:
    """Prevalences like WHO Anthro: children 0–59 months, flagged z-scores excluded, oedema
    counted below −3 SD for the weight-based indicators."""
    with np.errstate(invalid="ignore"):
        under5 = (z.reference == zscores.REFERENCE_WHO2006) & (z.age_months < 60)
    lines = [
        ("stunting", "TB/U", z.zlen, z.flen, False, "<", -2.0),
        ("  severe", "TB/U", z.zlen, z.flen, False, "<", -3.0),
        ("wasting", "BB/TB", z.zwfl, z.fwfl, True, "<", -2.0),
        ("  severe", "BB/TB", z.zwfl, z.fwfl, True, "<", -3.0),
        ("underweight", "BB/U", z.zwei, z.fwei, True, "<", -2.0),
        ("  severe", "BB/U", z.zwei, z.fwei, True, "<", -3.0),
        ("overweight", "BB/TB", z.zwfl, z.fwfl, False, ">", 2.0),
    ]
    print(f"Prevalence, children 0-59 months ({int(under5.sum())} of {len(z)} rows); "
          "flagged z-scores excluded, oedema counted below -3 SD", file=file)
    print(f"{'indicator':<14}{'index':<7}{'cut':>6}{'n':>9}{'cases':>9}{'%':>8}   95% CI", file=file)
    for name, index, values, flags, oedema_counts, side, cut in lines:
        with np.errstate(invalid="ignore"):
            valid = under5 & ~np.isnan(values) & (flags == 0)
            cases = valid & ((values < cut) if side == "<" else (values > cut))
            if oedema_counts:
                oedema_cases = under5 & oedema
                valid = valid | oedema_cases
                cases = cases | oedema_cases
        n, k = int(valid.sum()), int(cases.sum())
        if n:
            low, high = _wilson(k, n)
            share = f"{100 * k / n:7.1f}   {100 * low:.1f}-{100 * high:.1f}"
        else:
            share = "      -"
        print(f"{name:<14}{index:<7}{side + format(cut, 'g'):>6}{n:>9}{k:>9} {share}", file=file)


def _wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)
