"""The four seed districts as small synthetic kabupaten/kota (Kotawaringin Timur, Banjar and Sintang
by ``siklus synth`` at 1/200 of their population, Kota Bandung at 2,500 persons; 12 months of
history ending 31 December 2025) in four provinces, their facts, every indicator of 2025 stored by
``siklus indicators refresh``, and their facts exported — once per module, inside a transaction
rolled back afterwards."""

from datetime import date

import pytest

AS_OF = date(2025, 12, 31)
YEAR = 2025
KEY = b"national-test-secret"
KABUPATEN = {"kotim": "62.02", "banjar": "63.03", "sintang": "61.05", "bandung": "32.73"}
PERSONS = {"bandung": 2500}  # 1/200 of a city of 2.5 million would be the slowest part of the suite


@pytest.fixture(scope="module")
def four_kabupaten(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import transaction
    from django.test import override_settings

    from siklus.core.actors import system
    from siklus.monitoring import facts, refresh
    from siklus.national import export
    from siklus.synth import generator

    out = tmp_path_factory.mktemp("facts")
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        for seed, (name, code) in enumerate(KABUPATEN.items(), start=1):
            preset = generator.resolve(preset=name, scale=0.005, persons=PERSONS.get(name))
            generator.generate(preset=preset, seed=seed, as_of=AS_OF, months=12, scale=0.005,
                               password="rahasia-uji-123")
            facts.rebuild(code)
        refresh.refresh(system("test"), [YEAR])
        for code in KABUPATEN.values():
            export.export(system("test"), code, None, out, key=KEY)
        yield out
        transaction.set_rollback(True)
