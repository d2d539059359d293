"""The ``siklus`` command.

It fronts Django's management commands under the product's name (``siklus migrate``,
``siklus areas load --kabupaten 62.02``, ``siklus serve`` — the production server — …). Commands that only wrap the
pure rules (``siklus anthro``, ``siklus due``) run without loading Django or a database.
"""

import importlib
import os
import sys

STANDALONE = {
    "anthro": "siklus.commands.anthro",
    "due": "siklus.commands.due",
    "rules-settings": "siklus.commands.rules_settings",
    "national": "siklus.commands.national",  # loads Django itself
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "siklus"
    if len(argv) > 1 and argv[1] in STANDALONE:
        module = importlib.import_module(STANDALONE[argv[1]])
        sys.exit(module.main(argv[2:]))
    if len(argv) > 1 and argv[1] == "facts":  # siklus facts export (siklus.commands.national)
        from siklus.commands import national

        sys.exit(national.facts_main(argv[2:]))

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siklus.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
