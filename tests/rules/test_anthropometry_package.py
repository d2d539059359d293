"""The anthropometry package: pure rules, declared settings, tables from installed packages."""

import subprocess
import sys

from siklus.rules import config
from siklus.rules.anthropometry import settings
from siklus.rules.anthropometry.tables import ALL_TABLES, table


def test_rules_import_neither_django_nor_pandas_nor_other_siklus_packages():
    # ARCHITECTURE.md: siklus.rules is pure; pandas would also cost a third of a second.
    code = (
        "import sys\n"
        "from siklus.rules import anthropometry as a\n"
        "a.compute([1], age_days=[100], weight=[6], lenhei=[60], headc=[40], muac=[13])\n"
        "a.compute([1], age_months=[100], weight=[25], lenhei=[128])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'pandas') or\n"
        "       (m.startswith('siklus.') and not m.startswith('siklus.rules'))]\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_every_setting_is_declared_with_its_source():
    declared = [v for v in vars(settings).values() if isinstance(v, config.Setting)]
    names = {s.name: s for s in declared}
    assert all(name.startswith("anthropometry.") for name in names)
    assert all(config.get(name) == s.default for name, s in names.items())
    assert {
        "anthropometry.who2006_upper_age_months",
        "anthropometry.standing_under_9_months",
        "anthropometry.kbm.buku_kia_2023",
        "anthropometry.referral_rule",
        "anthropometry.lku_cutoffs",
        "anthropometry.muac_cutoffs_cm",
    } <= names.keys()
    assert all(s.source and s.description for s in names.values())


def test_every_lms_table_loads_with_both_sexes():
    for name in ALL_TABLES:
        t = table(name)
        assert t.l.shape[0] == 2 and (t.m > 0)[~(t.m != t.m)].all()
