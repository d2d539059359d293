"""One small synthetic Kotawaringin Timur (``siklus synth --preset kotim --scale 0.01`` with 12
months of history ending 31 December 2025), its fact table and every indicator of 2025 computed
once per module, inside a transaction rolled back afterwards."""

from datetime import date

import pytest

AS_OF = date(2025, 12, 31)
YEAR = 2025
SEED = 20250929


@pytest.fixture(scope="module")
def kotim(django_db_setup, django_db_blocker):
    from django.db import transaction
    from django.test import override_settings

    from siklus.core.actors import system
    from siklus.monitoring import facts, refresh
    from siklus.synth import generator

    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        preset = generator.resolve(preset="kotim", scale=0.01)
        result = generator.generate(preset=preset, seed=SEED, as_of=AS_OF, months=12, scale=0.01,
                                    password="rahasia-uji-123")
        facts.rebuild("62.02")
        refresh.refresh(system("test"), [YEAR])
        yield result
        transaction.set_rollback(True)
