"""Keeping figures current and choosing the sasaran: a care save marks its desa and year dirty
and ``refresh --dirty`` brings every level up to date; an official estimate replaces the
registered denominator, apportioned to desa by their registered share (ILP.md §6.3)."""

from datetime import date

import pytest

from siklus.core.actors import system
from tests.monitoring.conftest import YEAR

pytestmark = pytest.mark.django_db
JOB = system("test")


def value(indicator, level, unit, period):
    from siklus.monitoring.models import IndicatorValue

    return IndicatorValue.objects.get(indicator=indicator, level=level, unit=unit, period=period)


def test_a_posyandu_weighing_marks_its_desa_and_refresh_dirty_counts_it_at_every_level(
        kotim, django_capture_on_commit_callbacks):
    from siklus.care import services as care
    from siklus.monitoring import queries, refresh
    from siklus.monitoring.models import DirtyMark, Fact
    from siklus.people.models import Person

    december = f"{YEAR}-12"
    weighed = set(Fact.objects.filter(kind="obs", code="weight", month=YEAR * 100 + 12).values_list("person_id",
                                                                                                     flat=True))
    child = (Person.objects.filter(birth_date__gt=date(YEAR - 3, 1, 1), birth_date__lt=date(YEAR - 1, 6, 1),
                                   voided_at__isnull=True, died_on__isnull=True, moved_out_on__isnull=True)
             .exclude(pk__in=weighed).first())
    desa = child.area_code[:13]
    before = value("gizi_d_s", "desa", desa, december).numerator
    before_kab = value("gizi_d_s", "kabkota", "62.02", december).numerator
    DirtyMark.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        care.record_measurements(JOB, care.MeasurementsInput(person=child, on=date(YEAR, 12, 20), weight_kg=11.0,
                                                             lenhei_cm=85.0, measure="h"))

    assert list(DirtyMark.objects.values_list("desa_code", "year")) == [(desa, YEAR)]
    refresh.refresh_dirty(JOB)
    assert not DirtyMark.objects.exists()
    assert value("gizi_d_s", "desa", desa, december).numerator == before + 1
    assert value("gizi_d_s", "kabkota", "62.02", december).numerator == before_kab + 1
    assert child.pk in queries.person_ids("gizi_d_s", desa, december)


def test_an_official_estimate_is_the_denominator_apportioned_to_desa(kotim):
    from siklus.monitoring import refresh
    from siklus.monitoring.models import IndicatorValue, SasaranEstimate

    registered = value("gizi_d_s", "kabkota", "62.02", str(YEAR)).denominator
    registered_desa = dict(IndicatorValue.objects.filter(indicator="gizi_d_s", level="desa", period=str(YEAR))
                           .values_list("unit", "denominator"))
    SasaranEstimate.objects.create(kabupaten_code="62.02", year=YEAR, group="balita", number=1000,
                                   source="Pusdatin 2025")
    refresh.refresh(JOB, [YEAR], indicators=["gizi_d_s"])
    kab = value("gizi_d_s", "kabkota", "62.02", str(YEAR))
    assert kab.denominator == pytest.approx(1000) and kab.sasaran_source == "estimasi"
    desa = IndicatorValue.objects.filter(indicator="gizi_d_s", level="desa", period=str(YEAR))
    assert sum(d.denominator for d in desa) == pytest.approx(1000)
    for d in desa:
        assert d.denominator == pytest.approx(1000 * registered_desa[d.unit] / registered)
        assert d.sasaran_source == "estimasi"


def test_a_refresh_of_one_desa_leaves_the_other_desa_and_resums_the_levels_above(kotim):
    from siklus.monitoring import refresh
    from siklus.monitoring.models import IndicatorValue

    rows = IndicatorValue.objects.filter(indicator="idl", period=str(YEAR))
    before = {(r.level, r.unit): r.numerator for r in rows}
    desa = next(u for (lv, u), n in before.items() if lv == "desa" and n > 0)
    refresh.refresh(JOB, [YEAR], area=desa, indicators=["idl"])
    after = {(r.level, r.unit): r.numerator for r in rows.all()}
    assert after == before


def test_values_are_scoped_to_the_actor(kotim):
    from siklus.monitoring import queries
    from tests.conftest import make_user

    other = make_user("dinkes_kecamatan", "dinkes_kab", area="62.02.01")
    with pytest.raises(PermissionError):
        queries.values(other, ["idl"], "62.02", "desa", [str(YEAR)])
    assert queries.values(other, ["idl"], "62.02.01", "desa", [str(YEAR)])
    with pytest.raises(PermissionError):
        queries.values(None, ["idl"], "62.02", "desa", [str(YEAR)])


def test_people_behind_a_figure_are_audited(kotim):
    from siklus.audit.models import AuditEvent
    from siklus.monitoring import queries

    desa = queries.values(JOB, ["gizi_stunting"], "62.02", "desa", [str(YEAR)])
    row = max(desa, key=lambda r: r["numerator"])
    persons = queries.people(JOB, "gizi_stunting", row["unit"], str(YEAR))
    assert len(persons) == row["numerator"] > 0
    assert AuditEvent.objects.filter(action="list").exists()


def test_exports_write_csv_and_excel(kotim):
    import io

    from openpyxl import load_workbook

    from siklus.monitoring import exports, queries

    rows = queries.values(JOB, ["ilp_pustu", "idl"], "62.02", "kecamatan", [str(YEAR)])
    text = exports.to_csv(rows)
    assert text.splitlines()[0].startswith("indicator,level,unit,unit_name")
    assert len(text.splitlines()) == len(rows) + 1
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(rows))).active
    assert sheet.max_row == len(rows) + 1
    assert isinstance(sheet.cell(row=2, column=7).value, (int, float))
