"""``siklus rules-settings``: every rule setting (facts tagged [M] in ILP.md) with its default,
source and description, so a deployment can see what it may change in SIKLUS_RULES."""

import argparse
import json

from siklus.rules import config


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="siklus rules-settings", description=__doc__)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    settings = config.declared()
    if args.json:
        print(json.dumps([{"name": s.name, "default": s.default, "source": s.source, "description": s.description}
                          for s in settings], ensure_ascii=False, indent=2, default=str))
        return 0
    for s in settings:
        print(f"{s.name} = {s.default!r}\n    {s.description}\n    sumber: {s.source}")
    print(f"\n{len(settings)} pengaturan aturan.")
    return 0
