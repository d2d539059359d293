"""Regenerate the English catalogue: makemessages, fill in scripts/translations/*.py, compile.

Run from the repository root: ``.venv/bin/python scripts/update_translations.py`` (needs GNU
gettext and polib, developer tools only). The compiled .mo is committed, so installs need neither.
"""

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "src" / "siklus"
sys.path.insert(0, str(Path(__file__).parent))
from translations import EN  # noqa: E402

# The rules mark user-facing messages with a local gettext_noop() (no i18n import in the pure layer).
subprocess.run([str(ROOT / ".venv/bin/django-admin"), "makemessages", "-l", "en", "--no-location",
                "--ignore", "static/*", "--ignore", "commands/*"], cwd=APP, check=True,
               env={**os.environ, "DJANGO_SETTINGS_MODULE": "siklus.settings"})
po = polib.pofile(str(APP / "locale/en/LC_MESSAGES/django.po"))
for entry in po.obsolete_entries():  # strings no longer in the code: not carried along
    po.remove(entry)
missing = []
for entry in po:
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    if entry.msgid in EN:
        entry.msgstr = EN[entry.msgid]
    else:
        missing.append(entry.msgid)
po.save()
po.save_as_mofile(str(APP / "locale/en/LC_MESSAGES/django.mo"))
print(f"{len(po) - len(missing)} translated; missing: {missing}")
