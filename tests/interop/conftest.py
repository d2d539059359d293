"""Fixtures of the interop tests: the local SATUSEHAT stand-in and a Puskesmas configured for it."""

import pytest

from tests.conftest import JOB
from tests.interop.fake_satusehat import FakeSatusehat

ORG = "10000004"


@pytest.fixture
def fake():
    from siklus.interop.client import SatusehatClient

    SatusehatClient.forget_tokens()
    server = FakeSatusehat().start()
    yield server
    server.stop()
    SatusehatClient.forget_tokens()


@pytest.fixture
def configured(world, fake):
    """Puskesmas A sends to the fake SATUSEHAT (Organization 10000004, a default practitioner)."""
    from siklus.interop import services

    return services.configure(JOB, world["A"].puskesmas, organization_id=ORG, client_id=fake.client_id,
                              secret=fake.client_secret, auth_url=fake.auth_url, base_url=fake.fhir_url,
                              default_practitioner_id="N10000001", enabled=True)
