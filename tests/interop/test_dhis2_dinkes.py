"""DHIS2 reporting by the district health office: a Dinkes kabupaten user pushes its own
kabupaten's figures (Perm.INTEROP_DHIS2), not another kabupaten's, and still sets up no
Puskesmas' SATUSEHAT access (Perm.INTEROP_MANAGE)."""

import pytest

from siklus.accounts.policies import Perm, may
from siklus.audit.models import AuditEvent
from siklus.interop import dhis2, dhis2_mapping, services
from tests.interop.test_dhis2 import KAB, client_for, mapping_data, server, values  # noqa: F401 (fixtures)


def test_dinkes_pushes_its_own_kabupatens_figures(values, server):  # noqa: F811
    dinkes = values["A"].users["dinkes_kab"]
    mapping = dhis2_mapping.parse(mapping_data())
    result = dhis2.export(dinkes, mapping, KAB, "202511")
    pushed = dhis2.push(dinkes, mapping, KAB, result.payload, client_for(server))
    assert pushed.summary.ok and pushed.summary.imported == len(result.values)
    event = AuditEvent.objects.get(action="export", changes__what="dhis2-push")
    assert (event.user_id, event.area_code) == (dinkes.pk, KAB)


def test_dinkes_of_another_kabupaten_and_field_staff_may_not_push(values, server):  # noqa: F811
    mapping = dhis2_mapping.parse(mapping_data())
    payload = dhis2.export(values["A"].users["dinkes_kab"], mapping, KAB, "202511").payload
    for user in (values["C"].users["dinkes_kab"], values["A"].users["kader"], values["A"].users["nakes"]):
        with pytest.raises(PermissionError):
            dhis2.push(user, mapping, KAB, payload, client_for(server))
    assert not server.posts and not server.values
    assert not AuditEvent.objects.filter(action="export", changes__what="dhis2-push").exists()


def test_dinkes_still_sets_up_no_satusehat_access(values):  # noqa: F811
    a = values["A"]
    assert not may(a.users["dinkes_kab"], Perm.INTEROP_MANAGE, a.puskesmas)
    with pytest.raises(PermissionError):
        services.configure(a.users["dinkes_kab"], a.puskesmas, organization_id="10000004")
    assert may(a.users["kepala"], Perm.INTEROP_MANAGE, a.puskesmas)
