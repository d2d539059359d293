"""The SATUSEHAT status page (Klaster 1): per record status scoped to the Puskesmas, the
configuration shown without its secret, the failed ones sent again."""

from django.urls import reverse

from siklus.interop.models import OutboxItem, OutboxStatus
from tests.interop.helpers import queued


def test_klaster_1_sees_its_puskesmas_records_and_why_one_failed(world, configured, fake, client_for):
    a, c = world["A"], world["C"]
    queued(a)
    queued(c)
    OutboxItem.objects.filter(person=a.mother).update(status=OutboxStatus.FAILED,
                                                       last_error="HTTP 400: error invalid: NIK tidak dikenal")
    page = client_for(a.users["nakes"]).get(reverse("satusehat_status")).content.decode()
    assert a.mother.name in page and "NIK tidak dikenal" in page and c.mother.name not in page
    assert "10000004" in page and fake.client_secret not in page and fake.client_id not in page
    assert "Kirim ulang yang gagal" in page
    failed = client_for(a.users["nakes"]).get(reverse("satusehat_status") + "?status=sent").content.decode()
    assert a.mother.name not in failed


def test_a_kader_does_not_see_it_and_dinkes_reads_without_resending(world, configured, client_for):
    a = world["A"]
    queued(a)
    assert client_for(a.users["kader"]).get(reverse("satusehat_status")).status_code == 403
    assert client_for(a.users["pustu"]).get(reverse("satusehat_status")).status_code == 403
    dinkes = client_for(a.users["dinkes_kab"])
    page = dinkes.get(reverse("satusehat_status")).content.decode()
    assert a.mother.name in page and "Kirim ulang yang gagal" not in page
    assert dinkes.post(reverse("satusehat_status"), {"config": configured.pk}).status_code == 403


def test_resend_puts_the_failed_rows_back_in_the_queue(world, configured, client_for):
    a = world["A"]
    queued(a)
    OutboxItem.objects.update(status=OutboxStatus.FAILED, attempts=8)
    response = client_for(a.users["nakes"]).post(reverse("satusehat_status"), {"config": configured.pk})
    assert response.status_code == 302
    assert list(OutboxItem.objects.values_list("status", "attempts")) == [(OutboxStatus.PENDING, 0)]
    # Another Puskesmas' configuration is not found.
    other = client_for(world["C"].users["nakes"]).post(reverse("satusehat_status"), {"config": configured.pk})
    assert other.status_code == 404


def test_the_page_fits_a_phone_and_links_from_the_menu(world, configured, client_for):
    a = world["A"]
    page = client_for(a.users["kepala"]).get(reverse("home")).content.decode()
    assert reverse("satusehat_status") in page
    assert 'class="cards"' in client_for(a.users["kepala"]).get(reverse("satusehat_status")).content.decode()
