"""English translations of the Indonesian interface (msgid → msgstr), one module per topic so
several people can add strings without editing the same file. Every module defines ``EN``;
``scripts/update_translations.py`` merges them (a msgid defined twice must agree)."""

import importlib
import pkgutil

EN: dict[str, str] = {}
for _module in pkgutil.iter_modules(__path__):
    for _msgid, _msgstr in importlib.import_module(f"{__name__}.{_module.name}").EN.items():
        if EN.get(_msgid, _msgstr) != _msgstr:
            raise ValueError(f"two translations of {_msgid!r}: {EN[_msgid]!r} and {_msgstr!r}")
        EN[_msgid] = _msgstr
