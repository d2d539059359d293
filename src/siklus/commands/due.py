"""``siklus due``: what one person is due for, printed for a bidan (Indonesian, or English with
``--lang en``).

    siklus due --birth-date 2025-03-01 --sex P --history history.json --on 2025-12-01 [--lang en]

The history file is JSON; every key is optional::

    {
      "immunizations": {"HB0": "2025-03-01", "BCG": "2025-03-20", "DPT-HB-Hib 1": "2025-05-02"},
      "td": ["2019-11-05"],
      "services": {"penimbangan": ["2025-11-05"], "vitamin-a": ["2025-08-12"]},
      "conditions": ["hipertensi"],
      "pregnancy": {"hpht": "2025-07-01", "anc": [{"date": "2025-08-01", "doctor": true, "usg": true}]},
      "delivered_on": "2025-11-28",
      "school_class": 3,
      "je_endemic": false
    }

``immunizations`` may also be a list of ``{"dose": …, "date": …}`` (a dose given twice is listed
twice). Dose names follow the Buku KIA/ASIK spelling (``DPT-HB-Hib 1``, ``Polio 2``, ``MR1``…).
Service codes: ``siklus due --codes`` lists them.

A person in the database instead (the same list as their page shows)::

    siklus due --person 3f1c…-uuid [--on 2026-05-01] [--lang en] [--export-history history.json]

``--export-history`` also writes that person's history in the file format above, so the list can
be reproduced (or reviewed) without the database.

Without ``--person`` it runs without Django or a database: it only calls :mod:`siklus.rules`. Every text it prints is a
:class:`siklus.rules.messages.Message` of the rules (the headings are ``siklus.rules.due.REPORT``),
rendered with Python's :mod:`gettext` and the project's compiled catalogue
(``siklus/locale/<lang>/LC_MESSAGES/django.mo``).
"""

from __future__ import annotations

import argparse
import gettext
import json
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from siklus.rules import config, pregnancy
from siklus.rules import due as engine
from siklus.rules.immunization import State, age_of
from siklus.rules.messages import Join, Message
from siklus.rules.messages import render as render_message

WIDTH = 100


class InputError(ValueError):
    """A problem with the command's input, reported in Indonesian."""


def _date(value: Any, what: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{what}: tanggal tidak valid {value!r} (gunakan format TTTT-BB-HH)") from None


def _dates(values: Any, what: str) -> tuple[date, ...]:
    if not isinstance(values, list):
        raise InputError(f"{what}: harus berupa daftar tanggal")
    return tuple(_date(v, what) for v in values)


def parse_history(data: dict) -> dict:
    """Keyword arguments of :class:`siklus.rules.due.Person` (except birth and sex) from the JSON."""
    if not isinstance(data, dict):
        raise InputError("berkas riwayat harus berisi objek JSON")
    known = {"immunizations", "td", "services", "conditions", "pregnancy", "delivered_on", "school_class", "je_endemic"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InputError(f"kunci tidak dikenal di berkas riwayat: {', '.join(unknown)}")

    raw = data.get("immunizations", {})
    if isinstance(raw, dict):
        immunizations = tuple((name, _date(day, f"imunisasi {name}")) for name, day in raw.items())
    elif isinstance(raw, list):
        try:
            immunizations = tuple((item["dose"], _date(item["date"], f"imunisasi {item['dose']}")) for item in raw)
        except (KeyError, TypeError):
            raise InputError('setiap imunisasi harus berbentuk {"dose": …, "date": …}') from None
    else:
        raise InputError("immunizations harus berupa objek atau daftar")

    services_raw = data.get("services", {})
    if not isinstance(services_raw, dict):
        raise InputError("services harus berupa objek: kode layanan → daftar tanggal")
    services = {code: _dates(days, f"layanan {code}") for code, days in services_raw.items()}

    preg = None
    if data.get("pregnancy") is not None:
        p = data["pregnancy"]
        if not isinstance(p, dict) or "hpht" not in p:
            raise InputError('pregnancy harus berisi "hpht"')
        contacts = tuple(
            pregnancy.AncContact(_date(c.get("date"), "kunjungan ANC"), bool(c.get("doctor", False)),
                                 bool(c.get("usg", False)))
            for c in p.get("anc", [])
        )
        preg = engine.Pregnancy(_date(p["hpht"], "HPHT"), contacts)

    school_class = data.get("school_class")
    if school_class is not None and (not isinstance(school_class, int) or not 1 <= school_class <= 12):
        raise InputError("school_class harus angka kelas 1–12")
    conditions = data.get("conditions", [])
    if not isinstance(conditions, list):
        raise InputError("conditions harus berupa daftar")
    return dict(
        history=engine.History(immunizations=immunizations, td=_dates(data.get("td", []), "Td"), services=services),
        pregnancy=preg,
        delivered_on=_date(data["delivered_on"], "tanggal persalinan") if data.get("delivered_on") else None,
        conditions=frozenset(conditions),
        school_class=school_class,
        je_endemic=data.get("je_endemic"),
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="siklus due",
        description="Layanan dan skrining yang jatuh tempo untuk satu orang (ILP).",
    )
    parser.add_argument("--birth-date", help="tanggal lahir, TTTT-BB-HH")
    parser.add_argument("--sex", choices=("L", "P"), help="jenis kelamin: L atau P")
    parser.add_argument("--history", type=Path, help="berkas JSON riwayat imunisasi dan layanan")
    parser.add_argument("--on", help="tanggal penilaian, TTTT-BB-HH (bawaan: hari ini)")
    parser.add_argument("--school-class", type=int, help="kelas sekolah saat ini (1–12), bila diketahui")
    parser.add_argument("--je-endemic", action="store_true", default=None, help="daerah endemis JE")
    parser.add_argument("--horizon", type=int, help="jumlah hari ke depan untuk daftar 'segera'")
    parser.add_argument("--all-doses", action="store_true", help="tampilkan status semua dosis imunisasi")
    parser.add_argument("--codes", action="store_true", help="tampilkan kode layanan dan kondisi untuk berkas riwayat")
    parser.add_argument("--lang", choices=LANGUAGES, default="id", help="bahasa keluaran: id (bawaan) atau en")
    parser.add_argument("--person", help="UUID penduduk di basis data (riwayat dibaca dari catatan layanannya)")
    parser.add_argument("--export-history", type=Path,
                        help="dengan --person: tulis riwayatnya ke berkas JSON ini (format --history)")
    return parser


def _from_database(person_id: str, on: date, horizon: int | None, export: Path | None) -> engine.DueList:
    """The due list of a person in the database, as their page shows it (Django is set up here only)."""
    import os
    import uuid

    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siklus.settings")
        django.setup()
    from siklus.care import records
    from siklus.core.actors import system
    from siklus.people import services as people
    from siklus.people.models import Person

    try:
        person = Person.objects.active().get(pk=uuid.UUID(person_id))
    except (ValueError, Person.DoesNotExist):
        raise InputError(f"penduduk tidak ditemukan: {person_id}") from None
    people.view_person(system("siklus due"), person)  # a read of personal data is audited
    if export is not None:
        export.write_text(json.dumps(records.history_json(person, on), ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
    return records.due_for(person, on, horizon_days=horizon)


LANGUAGES = ("id", "en")


class Text:
    """Renders the rules' messages in one language (Indonesian needs no catalogue)."""

    def __init__(self, lang: str = "id"):
        self.lang = lang
        self.translate: Callable[[str], str] = lambda template: template
        if lang != "id":
            locale = resources.files("siklus") / "locale"
            with resources.as_file(locale) as path:
                self.translate = gettext.translation("django", localedir=str(path), languages=[lang]).gettext

    def __call__(self, value: Any) -> str:
        return render_message(value, self.translate, self.lang)

    def report(self, key: str, **params: Any) -> str:
        return self(Message(engine.REPORT[key], params))


def _wrap(text: str, indent: str, rest: str | None = None) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=rest if rest is not None else indent,
                         break_on_hyphens=False, break_long_words=False)


def _item_lines(number: int, item: engine.DueItem, t: Text) -> list[str]:
    lines = [f"{number:>2}. {t(item.title)} — {t(item.state.title)}"]
    lines.append(_wrap(t(item.why), "    "))
    where = t.report("places", places=Join(item.where))
    if item.state is State.DUE_SOON and item.due_from:
        where += t.report("from", date=item.due_from)
    elif item.due_by:
        where += t.report("by", date=item.due_by)
    lines.append(_wrap(where, "    "))
    return lines


def render(result: engine.DueList, *, all_doses: bool = False, horizon: int | None = None, lang: str = "id") -> str:
    t = Text(lang)
    person, on = result.person, result.on
    others = tuple(s for s in result.stage_titles if s != result.stage_title)
    out = [
        t.report("title", date=on),
        t.report("person", sex=Message(engine.REPORT[person.sex]), birth=person.birth,
                 age=age_of(person.birth, on), stage=result.stage_title,
                 others=Message(engine.REPORT["also"], {"stages": Join(others)}) if others else Join(())),
        "",
    ]
    now, soon = result.now, result.soon
    out.append(t.report("now") if now else t.report("nothing"))
    for number, item in enumerate(now, 1):
        out += _item_lines(number, item, t)
    horizon = config.get("due.horizon_days") if horizon is None else horizon
    if soon:
        out += ["", t.report("soon", days=horizon)]
        for number, item in enumerate(soon, len(now) + 1):
            out += _item_lines(number, item, t)

    imm = result.immunization
    if imm is not None:
        out += ["", t.report("immunization")]
        if imm.next_visit is not None:
            when = Message(engine.REPORT["today"]) if imm.next_visit == on else imm.next_visit
            out.append(_wrap(t.report("next_visit", when=when, doses=Join(imm.next_visit_doses)), "  "))
        planned: dict[date, list[str]] = {}
        for dose in imm.doses:
            if dose.state in (State.NOT_YET, State.DUE_SOON) and not dose.school and dose.earliest:
                planned.setdefault(dose.earliest, []).append(dose.code)
        if planned:
            steps = [f"{t(day)}: {', '.join(codes)}" for day, codes in sorted(planned.items())[:4]]
            out.append(_wrap(t.report("planned", steps="; ".join(steps)), "  ", "    "))
        for status in (imm.idl, imm.ibl):
            out.append(_wrap(f"{status.name} ({t(status.title)}): {t(status.why)}", "  ", "    "))
        if all_doses:
            for dose in imm.doses:
                out.append(_wrap(f"{t(dose.title)}: {t(dose.why)}", "  · ", "    "))
    if result.td is not None and "imunisasi:Td" not in {i.code for i in result.items}:
        out += ["", t.report("td"), _wrap(t(result.td.why), "  ")]

    if result.remarks:
        out += ["", t.report("notes")]
        out += [_wrap(t(note), "  - ", "    ") for note in result.remarks]
    versions = {i.rule_version for i in result.items}
    if imm is not None:
        versions |= {imm.rule_version, imm.idl.rule_version}
    listed = ", ".join(v for v in sorted(versions) if v)
    out += ["", t.report("versions", versions=listed)]
    return "\n".join(out) + "\n"


def _codes(lang: str = "id") -> str:
    t = Text(lang)
    lines = [t.report("service_codes")]
    for code in engine.service_codes():
        name = engine.SERVICES.get(code)
        lines.append(f"  {code:<22} {t(Message(name)) if name else ''}".rstrip())
    lines.append(t.report("condition_codes"))
    for code, label in engine.CONDITIONS.items():
        lines.append(f"  {code:<22} {t(Message(label))}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.codes:
        sys.stdout.write(_codes(args.lang))
        return 0
    if args.export_history is not None and not args.person:
        parser.error("--export-history hanya bersama --person")
    if args.person:
        if args.birth_date or args.sex or args.history is not None:
            parser.error("--person tidak dapat digabung dengan --birth-date, --sex atau --history")
        try:
            on = _date(args.on, "--on") if args.on else date.today()
            result = _from_database(args.person, on, args.horizon, args.export_history)
        except ValueError as error:
            sys.stderr.write(f"siklus due: {error}\n")
            return 2
        sys.stdout.write(render(result, all_doses=args.all_doses, horizon=args.horizon, lang=args.lang))
        return 0
    if not args.birth_date or not args.sex:
        parser.error("--birth-date dan --sex wajib diisi")
    try:
        birth = _date(args.birth_date, "--birth-date")
        on = _date(args.on, "--on") if args.on else date.today()
        fields: dict = {"history": engine.History()}
        if args.history is not None:
            try:
                data = json.loads(args.history.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise InputError(f"berkas riwayat tidak ditemukan: {args.history}") from None
            except json.JSONDecodeError as error:
                raise InputError(f"berkas riwayat bukan JSON yang valid: {error}") from None
            fields = parse_history(data)
        if args.school_class is not None:
            fields["school_class"] = args.school_class
        if args.je_endemic:
            fields["je_endemic"] = True
        person = engine.Person(birth=birth, sex=args.sex, **fields)
        result = engine.due(person, on, horizon_days=args.horizon)
    except ValueError as error:  # InputError and the rules' own Indonesian messages
        sys.stderr.write(f"siklus due: {error}\n")
        return 2
    sys.stdout.write(render(result, all_doses=args.all_doses, horizon=args.horizon, lang=args.lang))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
