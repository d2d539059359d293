"""A refresh computes each figure the quick way (one query for every month of a year, one pass
over the registry for every age-band sasaran, the weighings judged once for N, T, 2T and BGM); each
must give exactly what the indicator's definition gives: the compiled count over each period's own
window (``compile.counts``), one period at a time."""

import pytest

from tests.monitoring.conftest import AS_OF, YEAR

pytestmark = pytest.mark.django_db


def by_definition(spec, indicator, periods, area):
    from siklus.monitoring import compile as sql
    from siklus.monitoring import refresh

    if spec is None or not isinstance(spec, sql.cat.PERSON_COUNTS):
        return None
    return {period: {k: n for k, n in sql.counts(spec, window, area).items() if n}
            for period, window in refresh._windows(indicator, YEAR, periods)}


def quick(spec, indicator, periods, area, memo):
    from siklus.monitoring import refresh

    counted = refresh._count(spec, indicator, YEAR, periods, area, memo)
    return {period: {k: n for k, n in counts.items() if n} for period, counts in counted.items()}


@pytest.mark.parametrize("area", [None, "62.02.01.2003"])
def test_every_indicator_counted_the_quick_way_equals_its_definition_period_by_period(kotim, area):
    from siklus.monitoring import catalogue as cat
    from siklus.monitoring import refresh

    memo: dict = {}
    differ, checked = [], 0
    for indicator in cat.INDICATORS:
        periods = refresh.periods_of(indicator, YEAR, AS_OF)
        for part in ("numerator", "denominator"):
            spec = getattr(indicator, part)
            expected = by_definition(spec, indicator, periods, area)
            if expected is None:
                continue
            checked += 1
            got = quick(spec, indicator, periods, area, memo)
            if got != expected:
                differ.append(f"{indicator.code} {part}: " + ", ".join(
                    p for p in periods if got.get(p) != expected.get(p)))
    assert checked > 150
    assert not differ, "\n".join(differ)


def test_the_quick_paths_count_someone(kotim):
    """The comparison above means something: drop-out, N/T and the sasaran are not all empty."""
    from siklus.monitoring import catalogue as cat
    from siklus.monitoring import refresh

    memo: dict = {}
    for code in ("do_dpt1_dpt3", "gizi_n_d", "gizi_t", "gizi_d_s"):
        indicator = cat.get(code)
        periods = refresh.periods_of(indicator, YEAR, AS_OF)
        for spec in (indicator.numerator, indicator.denominator):
            counted = refresh._count(spec, indicator, YEAR, periods, None, memo)
            assert sum(counted[str(YEAR)].values()) > 0, (code, spec)
