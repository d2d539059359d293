"""Demo logins never reach a real database (issue #9 item 4).

`siklus demo` used to reset an existing `admin`'s password to the public demo password, and
`siklus synth` always made seven accounts with it, one a whole-country admin. Now the public
password exists only in a database `siklus demo` created itself, `siklus synth` makes logins
only with --logins (random passwords, shown once), and no existing account is ever reset.
"""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from siklus.accounts.models import DemoDatabase, Role, User
from siklus.synth import generator
from siklus.synth.users import PASSWORD, SYSTEM_USERNAME
from tests.conftest import make_user

REAL = "kata-sandi-nyata-123"


def _generate(**kwargs):
    preset = generator.resolve(kabupaten="62.02", persons=60)
    return generator.generate(preset=preset, seed=3, as_of=date(2025, 10, 1), prefix="", **kwargs)


@pytest.mark.django_db
def test_the_demo_command_leaves_an_existing_admins_password_alone():
    admin = make_user("admin", Role.ADMIN, password=REAL)
    with pytest.raises(CommandError, match="bukan basis data demo"):
        call_command("demo", no_serve=True)
    admin.refresh_from_db()
    assert admin.check_password(REAL) and not admin.check_password(PASSWORD)
    assert not DemoDatabase.here() and list(User.objects.values_list("username", flat=True)) == ["admin"]


@pytest.mark.django_db
def test_synth_makes_no_logins_unless_asked():
    result = _generate()
    assert result.users == [] and result.passwords == {}
    assert list(User.objects.values_list("username", flat=True)) == [SYSTEM_USERNAME]


@pytest.mark.django_db
def test_synth_logins_outside_a_demo_database_get_random_passwords_and_spare_existing_accounts():
    admin = make_user("admin", Role.ADMIN, password=REAL)
    result = _generate(logins=True)
    made = {u.username for u in result.users}
    assert "admin" not in made and {"kader", "dinkes"} <= made  # the existing admin is left alone
    assert set(result.passwords) == made
    assert len(set(result.passwords.values())) == len(made) and PASSWORD not in result.passwords.values()
    for user in result.users:
        assert user.check_password(result.passwords[user.username]) and not user.check_password(PASSWORD)
    admin.refresh_from_db()
    assert admin.check_password(REAL) and admin.facility_id is None and admin.area_id is None


@pytest.mark.django_db
def test_inside_a_demo_database_new_logins_get_the_demo_password_and_existing_ones_keep_theirs():
    DemoDatabase.objects.create()
    admin = make_user("admin", Role.ADMIN, password=REAL)
    result = _generate(logins=True)
    kader = User.objects.get(username="kader")
    assert kader.check_password(PASSWORD) and result.passwords["kader"] == PASSWORD
    admin.refresh_from_db()
    assert admin.check_password(REAL) and "admin" not in result.passwords


def test_the_synth_command_prints_each_new_password_once(tmp_path):
    """Through the command line, as an operator runs it (its own database file)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    run = [sys.executable, "-m", "siklus.cli"]
    subprocess.run([*run, "migrate", "-v0"], env=env, check=True)
    out = subprocess.run([*run, "synth", "--kabupaten", "62.02", "--persons", "60", "--months", "0", "--logins",
                          "--prefix", "uji", "--no-progress"], env=env, check=True, capture_output=True, text=True).stdout
    assert "uji.kader" in out and PASSWORD not in out
