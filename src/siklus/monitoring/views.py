"""PWS, SPM and ILP roll-out dashboards (ILP.md §7.4). Thin: :mod:`.dashboards` finds the unit in
the user's scope (404 otherwise: another area's board does not exist for them) and reads stored
values; these views choose the year, month and level from the query string and render or export.
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from siklus.monitoring import catalogue as cat
from siklus.monitoring import dashboards as dash
from siklus.monitoring import exports
from siklus.monitoring.models import FACILITY_LEVELS, Level
from siklus.rules import config

MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("Mei"), N_("Jun"), N_("Jul"), N_("Agu"), N_("Sep"),
          N_("Okt"), N_("Nov"), N_("Des"))
PERSON_COUNTS = cat.PERSON_COUNTS  # every count of persons, the catalogue's own list


def _unit(request, code=None, pk=None) -> dash.Unit:
    try:
        if code is not None:
            return dash.area_unit(request.user, code)
        if pk is not None:
            return dash.facility_unit(request.user, pk)
        return dash.home_unit(request.user)
    except (LookupError, ValueError):
        raise Http404 from None
    except PermissionError:
        if code is None and pk is None:  # one's own board refused: a role without one
            raise PermissionDenied from None
        raise Http404 from None


def board_url(level: str, key: str, board: str) -> str:
    if level in FACILITY_LEVELS:
        return reverse("dashboard_facility", kwargs={"pk": key, "board": board})
    return reverse("dashboard_area", kwargs={"code": key, "board": board})


def people_url(level: str, key: str) -> str | None:
    if level == Level.DESA:
        return reverse("dashboard_people", kwargs={"code": key})
    if level == Level.POSYANDU:
        return reverse("dashboard_facility_people", kwargs={"pk": key})
    return None


def _int(value, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def _download(rows: list[dict], fmt: str, name: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(exports.to_xlsx(rows, name),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(exports.to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{"xlsx" if fmt == "xlsx" else "csv"}"'
    return response


@login_required
def home(request):
    return _board(request, _unit(request), "utama")


@login_required
def cluster(request, klaster):
    if klaster not in dash.CLUSTER_BOARDS:
        raise Http404
    return _board(request, _unit(request), dash.CLUSTER_BOARDS[klaster])


@login_required
def spm(request):
    return _board(request, _unit(request), "spm")


@login_required
def rollout(request):
    return _board(request, _unit(request), "ilp")


@login_required
def area_board(request, code, board):
    return _board(request, _unit(request, code=code), board)


@login_required
def facility_board(request, pk, board):
    return _board(request, _unit(request, pk=pk), board)


def _board(request, unit: dash.Unit, slug: str):
    if slug not in dash.BOARDS:
        raise Http404
    board = dash.BOARDS[slug]
    user = request.user
    years = dash.years(user, unit, board.indicators)
    # No value stored yet: this year, not "0", in the year choice.
    year = _int(request.GET.get("tahun"), years[0] if years else timezone.localdate().year, 2000, 2100)
    last = dash.last_month(user, unit, board.indicators, year)
    month = _int(request.GET.get("bulan"), last, 1, 12)
    focus_code = request.GET.get("indikator") if request.GET.get("indikator") in board.indicators else board.focus
    focus = cat.get(focus_code)
    levels = dash.CHILD_LEVELS.get(unit.level, ())
    if slug in ("ilp", "spm") and Level.PUSKESMAS in levels:
        levels = (Level.PUSKESMAS, *[lv for lv in levels if lv != Level.PUSKESMAS])
    level = request.GET.get("tingkat") if request.GET.get("tingkat") in levels else (levels[0] if levels else None)
    period = dash.display_period(focus, year, month)

    summary = dash.summary(user, unit, board.indicators, year, month)
    ranking = dash.ranking(user, unit, focus_code, level, period) if level else []
    matrix = _matrix(user, unit, board, level, year, month) if slug in ("ilp", "spm") and level else None

    table = request.GET.get("tabel")
    fmt = request.GET.get("unduh")
    if fmt in ("csv", "xlsx"):
        if table == "peringkat":
            return _download(ranking, fmt, f"{focus_code}-{level}-{period}")
        if table == "matriks" and matrix is not None:
            return _download([c for r in matrix["rows"] for c in r["cells"] if c], fmt, f"{slug}-{level}-{year}")
        return _download(summary, fmt, f"{slug}-{unit.key}-{year}-{month:02d}")

    colours = config.get("monitoring.status_colours")
    names = {i.code: i for i in cat.INDICATORS}
    person_link = people_url(unit.level, unit.key)
    for r in summary:
        r["meta"] = names[r["indicator"]]
        r["focus_url"] = f"?tahun={year}&bulan={month}&indikator={r['indicator']}" + (f"&tingkat={level}" if level else "")
    child_people = level in (Level.DESA, Level.POSYANDU) and isinstance(focus.numerator, PERSON_COUNTS)
    for r in ranking:
        r["url"] = board_url(level, r["unit"], slug) + f"?tahun={year}&bulan={month}&indikator={focus_code}"
        r["people_url"] = (people_url(level, r["unit"]) + f"?indikator={focus_code}&periode={period}"
                           if child_people and r["numerator"] else None)
    own = next((r for r in summary if r["indicator"] == focus_code), None)
    series = dash.series(user, unit, focus_code, year) if focus.period == "month" else []
    map_data = dash.map_desa(user, unit, focus_code, str(year) if focus.period == "year" else period)
    for feature in map_data["features"]:
        feature["url"] = board_url(Level.DESA, feature["code"], slug) + f"?tahun={year}&bulan={month}&indikator={focus_code}"
    chart = {
        "kind": "line" if focus.period == "month" else "bar",
        "months": [_(m) for m in MONTHS], "lower_is_better": focus.lower_is_better,
        "values": [[int(r["period"][5:]), r["value"]] for r in series],
        "targets": [[int(r["period"][5:]), r["target"]] for r in series],
        # The level is the table's heading: "Baamang", not "Puskesmas Baamang", fits beside a bar.
        "bars": [[r["unit_name"].removeprefix("Puskesmas ").removeprefix("Kecamatan "), r["value"], r["colour"]]
                 for r in ranking[:40]],
        "labels": {"value": _("Capaian kumulatif") if focus.cumulative else _("Capaian"),
                   "target": _("Target"), "percent": "%"},
        "has_denominator": focus.denominator is not None,
    }
    context = {
        "unit": unit, "board": board, "boards": dash.BOARDS.values(), "slug": slug,
        "crumbs": [(name, board_url(lv, key, slug)) for lv, key, name in unit.crumbs],
        "years": years, "year": year, "month": month, "months": [(n, _(m)) for n, m in enumerate(MONTHS, 1)], "last_month": last,
        "summary": summary, "focus": focus, "own": own, "period": period,
        "own_people_url": (f"{person_link}?indikator={focus_code}&periode={period}"
                           if person_link and isinstance(focus.numerator, PERSON_COUNTS) else None),
        "levels": [(lv, dash.level_label(lv)) for lv in levels], "level": level,
        "level_label": dash.level_label(level) if level else "", "ranking": ranking, "matrix": matrix,
        "chart": chart, "map": map_data, "child_people": child_people,
        "statuses": [(key, label, colours.get(key, "")) for key, label in
                     (("baik", _("Baik")), ("kurang", _("Kurang")), ("cukup", _("Cukup")), ("jelek", _("Jelek")))],
        "query": f"tahun={year}&bulan={month}&indikator={focus_code}" + (f"&tingkat={level}" if level else ""),
        "spm_edition": dash.spm_edition(year) if slug == "spm" and year else None,
        "spm_services": _spm(summary) if slug == "spm" else None,
        "empty_message": dash.no_values_message(),
    }
    return render(request, "monitoring/board.html", context)


def _spm(summary: list[dict]) -> list[dict]:
    """The 12 SPM services with their figure, where the catalogue computes one."""
    by_code = {r["indicator"]: r for r in summary}
    return [{"service": s, "code": code, "row": by_code.get(code) if code else None}
            for s, code in dash.spm_services(0)]


def _matrix(user, unit, board, level, year, month) -> dict:
    """Every indicator of the board per unit of ``level``: the roll-out (and SPM) table per
    Puskesmas or kecamatan."""
    columns = [cat.get(c) for c in board.indicators]
    by_unit: dict[str, dict] = {}
    names: dict[str, str] = {}
    for indicator in columns:
        for r in dash.ranking(user, unit, indicator.code, level, dash.display_period(indicator, year, month)):
            by_unit.setdefault(r["unit"], {})[indicator.code] = r
            names[r["unit"]] = r["unit_name"]
    rows = [{"name": names[u], "url": board_url(level, u, board.slug) + f"?tahun={year}",
             "cells": [cells.get(i.code) for i in columns]} for u, cells in by_unit.items()]
    rows.sort(key=lambda r: r["name"])
    return {"columns": columns, "rows": rows}


def _people(request, unit: dash.Unit):
    code = request.GET.get("indikator", "")
    if code not in cat.BY_CODE or not isinstance(cat.get(code).numerator, PERSON_COUNTS):
        raise Http404
    indicator = cat.get(code)
    period = request.GET.get("periode", "")
    if not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?", period):
        raise Http404
    part = "denominator" if request.GET.get("bagian") == "penyebut" else "numerator"
    if part == "denominator" and not isinstance(indicator.denominator, PERSON_COUNTS):
        raise Http404
    fmt = request.GET.get("unduh")
    try:
        persons = dash.people(request.user, unit, code, period, part, export=fmt in ("csv", "xlsx"))
    except PermissionError:
        raise Http404 from None
    except LookupError:
        raise Http404 from None
    if fmt in ("csv", "xlsx"):
        return _people_download(persons, fmt, f"{code}-{unit.key}-{period}-{part}")
    today = timezone.localdate()
    return render(request, "monitoring/people.html", {
        "unit": unit, "indicator": indicator, "period": period, "part": part, "persons": persons, "today": today,
        "board_url": board_url(unit.level, unit.key, "utama") + f"?indikator={code}",
        "crumbs": [(name, board_url(lv, key, "utama")) for lv, key, name in unit.crumbs],
        "query": f"indikator={code}&periode={period}" + ("&bagian=penyebut" if part == "denominator" else ""),
        "has_denominator": isinstance(indicator.denominator, PERSON_COUNTS),
    })


def _people_download(persons, fmt: str, name: str) -> HttpResponse:
    """The list as a file (personal data: :func:`.dashboards.people` audited it as an export)."""
    rows = [{"nama": p.name, "nik": p.nik or "", "jenis_kelamin": p.sex, "tanggal_lahir": p.birth_date,
             "desa": p.area_code[:13], "posyandu": str(p.household.posyandu) if p.household.posyandu_id else "",
             "rt": p.household.rt, "rw": p.household.rw, "id": str(p.pk)} for p in persons]
    columns = ("nama", "nik", "jenis_kelamin", "tanggal_lahir", "desa", "posyandu", "rt", "rw", "id")
    if fmt == "xlsx":
        response = HttpResponse(exports.to_xlsx(rows, name, columns),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(exports.to_csv(rows, columns), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def area_people(request, code):
    if len(code) != 13:
        raise Http404
    return _people(request, _unit(request, code=code))


@login_required
def facility_people(request, pk):
    unit = _unit(request, pk=pk)
    if unit.level != Level.POSYANDU:
        raise Http404
    return _people(request, unit)
