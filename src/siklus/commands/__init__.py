"""Commands of the ``siklus`` CLI that need no database (they wrap ``siklus.rules``).

Each module has ``main(argv: list[str]) -> int``; they start fast because Django is not loaded.
"""
