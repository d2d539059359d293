"""``siklus rules-settings``: every rule setting (facts tagged [M] in ILP.md) with its default,
source and description, so a deployment can see what it may change in SIKLUS_RULES and
SIKLUS_RULES_BY_AREA; with ``--area CODE`` the value in force there and where it comes from;
with ``--explain SIGNATURE`` the settings a stored signature stands for."""

import argparse
import json
import os
import sys

from siklus.rules import config


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="siklus rules-settings", description=__doc__)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--area", metavar="CODE", help="effective values for this area code, e.g. 35.09.01.2001")
    parser.add_argument("--explain", metavar="SIGNATURE", help="the settings a signature (e.g. s:3f9a1c2e) stands for")
    args = parser.parse_args(argv)
    try:
        _load_deployment()
    except Exception as error:  # a refused value in the deployment's settings: say which
        print(f"siklus rules-settings: {error}", file=sys.stderr)
        return 2
    if args.explain:
        return _explain(args.explain, args.json)
    try:
        rows = [config.resolve(s.name, args.area) for s in config.declared()]
    except ValueError as error:  # not an area code
        parser.error(str(error))
    settings = config.declared()
    deployment, by_area = config.configured()
    if args.json:
        print(json.dumps([_as_json(s, r, args.area, deployment, by_area) for s, r in zip(settings, rows)],
                         ensure_ascii=False, indent=2, default=str))
        return 0
    if args.area:
        print(f"Pengaturan aturan yang berlaku untuk wilayah {args.area} (tanda: {config.signature(args.area)})\n")
    for s, r in zip(settings, rows):
        if args.area:
            template, params = r.origin_label
            print(f"{s.name} = {r.value!r}  [{template % params}]")
            if r.origin != config.DEFAULT:
                print(f"    bawaan: {s.default!r}")
        else:
            print(f"{s.name} = {s.default!r}")
            if s.name in deployment:
                print(f"    server: {deployment[s.name]!r}")
            for prefix, values in by_area.items():
                if s.name in values:
                    print(f"    wilayah {prefix}: {values[s.name]!r}")
        print(f"    {s.description}\n    sumber: {s.source}")
    print(f"\n{len(settings)} pengaturan aturan.")
    if args.area:
        changed = sum(r.origin != config.DEFAULT for r in rows)
        print(f"{changed} berbeda dari bawaan di wilayah {args.area}.")
    return 0


def _load_deployment() -> None:
    """The deployment's SIKLUS_RULES and SIKLUS_RULES_BY_AREA through the one loader. Reading
    Django's settings needs no database, so this works wherever the settings module imports."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siklus.settings")
    from siklus.core import rulesettings

    # The indicator targets and PWS colours are settings too, declared with the catalogue (pure data).
    from siklus.monitoring import catalogue  # noqa: F401

    rulesettings.load()


def _explain(signature: str, as_json: bool) -> int:
    try:
        settings = config.explain(signature)
    except KeyError:
        print(f"Tanda pengaturan {signature} tidak dikenal: bukan dari pengaturan server atau wilayah yang berlaku sekarang.",
              file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(settings, ensure_ascii=False, indent=2, default=str))
    elif not settings:
        print(f"{signature}: semua pengaturan aturan bernilai bawaan.")
    else:
        print(f"{signature}:")
        for name, value in settings.items():
            print(f"    {name} = {value!r}")
    return 0


def _as_json(s: config.Setting, r: config.Resolved, area: str | None, deployment: dict, by_area: dict) -> dict:
    row = {"name": s.name, "default": s.default, "source": s.source, "description": s.description}
    if area:
        row.update(value=r.value, origin=r.origin, origin_area=r.area)
    else:
        row.update(deployment=deployment.get(s.name),
                   areas={prefix: values[s.name] for prefix, values in by_area.items() if s.name in values})
    return row
