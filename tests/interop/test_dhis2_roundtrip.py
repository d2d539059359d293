"""Done when (issue #15): the DHIS2 payload for a month round-trips through the local server with
every value intact — here for a synthetic Kotawaringin Timur whose indicators were computed by
``siklus indicators refresh``: every monthly indicator mapped (numerator, denominator, percent)
for every desa, kecamatan and the kabupaten, November 2025 pushed, read back and compared value
by value, and every value checked against the stored figures it comes from.
"""

import hashlib
from datetime import date

import pytest

from siklus.interop import dhis2, dhis2_mapping
from siklus.interop.dhis2_client import Dhis2Client
from siklus.monitoring import catalogue
from siklus.monitoring.models import IndicatorValue
from tests.conftest import JOB
from tests.interop.fake_dhis2 import FakeDhis2

KAB = "62.02"
DATA_SET = "dsPwsKotim1"

pytestmark = pytest.mark.django_db


def uid(text: str) -> str:
    return "u" + hashlib.sha1(text.encode()).hexdigest()[:10]


@pytest.fixture(scope="module")
def computed(django_db_setup, django_db_blocker):
    from django.db import transaction
    from django.test import override_settings

    from siklus.monitoring import facts, refresh
    from siklus.synth import generator

    monthly = [i.code for i in catalogue.INDICATORS if i.period == "month"]
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        preset = generator.resolve(preset="kotim", scale=0.003)
        generator.generate(preset=preset, seed=15, as_of=date(2025, 12, 31), months=12, scale=0.003,
                           password="rahasia-uji-123")
        facts.rebuild(KAB)
        refresh.refresh(JOB, [2025], area=KAB, indicators=monthly)
        yield monthly
        transaction.set_rollback(True)


def test_a_month_round_trips_through_the_local_dhis2_with_every_value_intact(computed):
    if True:
        units = sorted(set(IndicatorValue.objects.filter(level__in=["desa", "kecamatan", "kabkota"], period="2025-11")
                           .values_list("unit", flat=True)))
        indicators = {}
        for code in computed:
            entry = {"numerator": {"dataElement": uid(code + ":n")}}
            if catalogue.get(code).denominator is not None:
                entry["denominator"] = {"dataElement": uid(code + ":d")}
                entry["value"] = {"dataElement": uid(code + ":v")}
            indicators[code] = entry
        mapping = dhis2_mapping.parse({
            "format": "siklus-dhis2-mapping/1", "version": "kotim-uji", "dataSet": DATA_SET,
            "orgUnits": {"areas": {unit: uid(unit) for unit in units}}, "indicators": indicators})
        result = dhis2.export(JOB, mapping, KAB, "202511")

        # Every value is the stored figure: the month's own count for a cumulative numerator.
        stored = {(v.indicator, v.unit, v.period): v for v in IndicatorValue.objects.filter(
            period__in=["2025-10", "2025-11"], unit__in=units)}

        def figure_of(code, unit, period, part):  # no stored row: the unit counted nothing
            row = stored.get((code, unit, period))
            return getattr(row, part) if row is not None else 0.0

        for value, (code, part, unit) in zip(result.values, result.sources, strict=True):
            figure = figure_of(code, unit, "2025-11", part)
            if part == "numerator" and catalogue.get(code).cumulative:
                figure -= figure_of(code, unit, "2025-10", part)
            assert value["value"] == dhis2.number(figure, 2), (code, part, unit)
            assert value["orgUnit"] == uid(unit) and value["period"] == "202511"
        # Nothing left out without a reason: a value for each mapped part, unit and indicator, less those reported.
        sent = set(result.sources)
        for code, entry in indicators.items():
            for unit in units:
                for part in entry:
                    assert (code, part, unit) in sent or any(p.startswith(f"{code} {unit}:") for p in result.problems)
        assert len(result.values) > 10000
        # What is left out has a reason that is not "not computed": a percent of a zero sasaran, a
        # cumulative count that went down (a person moved away) — never a silent gap.
        assert not [p for p in result.problems if "belum ada nilai" in p]

        server = FakeDhis2().start()
        try:
            server.add_metadata(data_set=DATA_SET, org_units=[uid(u) for u in units],
                                data_elements={v["dataElement"] for v in result.values})
            pushed = dhis2.push(JOB, mapping, KAB, result.payload, Dhis2Client(server.url, "admin", "district"),
                                verify=True)
            assert pushed.summary.ok and pushed.summary.imported == len(result.values)
            assert pushed.differences == []
            back = Dhis2Client(server.url, "admin", "district").get_data_values(
                period="202511", org_units=[uid(u) for u in units], data_set=DATA_SET)
        finally:
            server.stop()
        assert sorted((v["dataElement"], v["orgUnit"], v["period"], v["value"]) for v in back) == \
            sorted((v["dataElement"], v["orgUnit"], v["period"], v["value"]) for v in result.values)
        print(f"\n{len(result.values)} values of {len(indicators)} indicators for {len(units)} units round-tripped; "
              f"{len(result.problems)} not sent with a reason")
