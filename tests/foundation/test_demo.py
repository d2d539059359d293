"""`siklus demo` prepares a demo that can be explored from every seat, and reuses it next time."""

import subprocess
import sys


def test_demo_prepares_once_and_prints_a_login_per_role(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}", "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "siklus.cli", "demo", "--no-serve", "--port", "8123"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    assert "Data contoh (buatan tangan, bukan data nyata) dibuat." in first
    assert "http://127.0.0.1:8123/" in first
    for username in ("kader", "bidan", "nakes", "kapus", "dinkes", "dinkesprov", "admin"):
        assert f"\n  {username} " in first
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    assert "dibuat" not in second and "kapus" in second


def test_demo_data_is_valid_data(tmp_path, db):
    """The hand-made residents pass the same NIK rules as registrations through the services."""
    from siklus.areas.services import known_kecamatan, load
    from siklus.core import demo
    from siklus.people.models import Person
    from siklus.rules import nik

    load(demo.KABUPATEN)
    demo.build()
    people = list(Person.objects.all())
    assert len(people) > 50
    for person in people:
        if person.nik:
            assert nik.check(person.nik, sex=person.sex, birth_date=person.birth_date, known_region=known_kecamatan).valid, person.nik
