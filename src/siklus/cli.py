"""The ``siklus`` command: Django's management commands under the product's name.

``siklus migrate``, ``siklus areas load --kabupaten 62.02``, ``siklus runserver`` …
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siklus.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "siklus"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
