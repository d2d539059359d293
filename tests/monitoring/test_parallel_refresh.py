"""On PostgreSQL, outside a transaction, a refresh runs its count queries on several connections
while it stores each year: the stored figures are exactly those of a refresh on one connection.
(Inside a transaction, as in the other monitoring tests, the refresh runs on one connection.)"""

from datetime import date

import pytest
from django.db import connection
from django.test import override_settings

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the parallel path is PostgreSQL's")


def stored():
    from siklus.monitoring.models import IndicatorValue

    return {(v.indicator, v.level, v.unit, v.period): (v.numerator, v.denominator, v.value, v.status)
            for v in IndicatorValue.objects.all()}


def test_counting_on_two_connections_stores_what_one_connection_stores(transactional_db):
    from siklus.core.actors import system
    from siklus.monitoring import facts, refresh
    from siklus.synth import generator

    # Twelve months ending in June 2025: both 2024 and 2025 have figures.
    preset = generator.resolve(preset="kotim", scale=0.005)
    generator.generate(preset=preset, seed=11, as_of=date(2025, 6, 30), months=12, scale=0.005)
    facts.rebuild("62.02")
    assert not connection.in_atomic_block
    with override_settings(SIKLUS_INDICATOR_CONNECTIONS=2):
        refresh.refresh(system("test"), [2024, 2025])
    parallel = stored()
    with override_settings(SIKLUS_INDICATOR_CONNECTIONS=1):
        refresh.refresh(system("test"), [2024, 2025])
    assert stored() == parallel
    years = {period[:4] for (_, _, _, period), (n, *_) in parallel.items() if n}
    assert years == {"2024", "2025"} and len(parallel) > 10_000
