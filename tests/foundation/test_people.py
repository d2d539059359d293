"""Registering households and persons: Indonesian messages per field, nothing half-saved,
possible duplicates shown before saving, voiding with a reason, and edits kept as history."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from siklus.audit.models import AuditEvent
from siklus.core.errors import Invalid
from siklus.people import services
from siklus.people.models import Household, Person

from ..conftest import nik_for


def person_data(world, **changes) -> services.PersonInput:
    a = world["A"]
    data = {"household": a.household, "name": "Rina Lestari", "sex": "P", "birth_date": date(1995, 3, 14),
            "relation": "anak", "nik": nik_for(a.desa.code, date(1995, 3, 14), "P", 77)}
    data.update(changes)
    return services.PersonInput(**data)


def errors_of(call):
    with pytest.raises(Invalid) as caught:
        call()
    return caught.value.errors


def test_a_valid_person_is_saved_with_the_desa_of_the_household(world):
    kader = world["A"].users["kader"]
    person = services.register_person(kader, person_data(world))
    assert person.area_code == world["A"].desa.code
    assert person.nik == nik_for(world["A"].desa.code, date(1995, 3, 14), "P", 77)
    assert AuditEvent.objects.filter(action="create", object_id=str(person.pk), user=kader).exists()


def test_every_problem_is_reported_at_its_field_in_indonesian_and_nothing_is_saved(world):
    kader = world["A"].users["kader"]
    before = Person.objects.count()
    errors = errors_of(lambda: services.register_person(kader, person_data(
        world, name="", sex="X", birth_date=timezone.localdate() + timedelta(days=1), relation="?",
        nik="12345", jkn_number="12", phone="abc")))
    assert errors == {
        "name": ["Nama lengkap wajib diisi."],
        "sex": ["Pilih jenis kelamin."],
        "birth_date": ["Tanggal lahir tidak boleh di masa depan."],
        "relation": ["Pilih hubungan dalam keluarga."],
        "nik": ["NIK harus 16 digit angka."],
        "jkn_number": ["Nomor JKN (kartu BPJS Kesehatan) harus 13 digit angka."],
        "phone": ["Nomor telepon tidak valid (contoh: 081234567890)."],
    }
    assert Person.objects.count() == before


def test_a_nik_that_contradicts_sex_and_birth_date_is_refused(world):
    kader = world["A"].users["kader"]
    errors = errors_of(lambda: services.register_person(kader, person_data(world, sex="L")))
    assert errors["nik"] == ["Jenis kelamin tidak sesuai NIK: tanggal lahir pada NIK ini ditambah 40 (perempuan)."]
    errors = errors_of(lambda: services.register_person(kader, person_data(world, birth_date=date(1995, 3, 15))))
    assert errors["nik"] == ["Tanggal lahir tidak sesuai NIK (NIK menunjukkan 14-03-1995)."]


def test_a_nik_already_registered_is_refused_naming_the_holder_only_within_scope(world):
    a, b = world["A"], world["B"]
    errors = errors_of(lambda: services.register_person(a.users["kader"], person_data(world, nik=a.mother.nik, birth_date=a.mother.birth_date)))
    assert errors["nik"] == [f"NIK ini sudah terdaftar atas nama {a.mother.name}."]
    errors = errors_of(lambda: services.register_person(a.users["kader"], person_data(world, nik=b.mother.nik, birth_date=b.mother.birth_date)))
    assert errors["nik"] == ["NIK ini sudah terdaftar atas nama penduduk di wilayah lain."]


def test_a_person_without_nik_is_allowed_and_flagged(world):
    baby = services.register_person(world["A"].users["kader"], person_data(
        world, nik="", name="Bayi Ny. Rina", birth_date=timezone.localdate(), mother=world["A"].mother))
    assert baby.nik is None and baby.without_nik and baby.mother == world["A"].mother


def test_a_similar_name_with_the_same_birth_date_in_the_desa_is_shown_before_saving(world):
    kader = world["A"].users["kader"]
    first = services.register_person(kader, person_data(world, nik=""))
    with pytest.raises(Invalid) as caught:
        services.register_person(kader, person_data(world, nik="", name="Rina Lestary"))
    duplicates = caught.value.extra["duplicates"]
    assert [d.person for d in duplicates] == [first]
    assert "Nama mirip" in duplicates[0].reason
    assert Person.objects.filter(name="Rina Lestary").count() == 0
    confirmed = services.register_person(kader, person_data(world, nik="", name="Rina Lestary"), confirm_duplicate=True)
    assert confirmed.pk != first.pk


def test_the_same_name_born_another_day_is_not_a_duplicate(world):
    kader = world["A"].users["kader"]
    first = services.register_person(kader, person_data(world, nik=""))
    other_day = date(1995, 3, 15)
    assert services.possible_duplicates(name=first.name, birth_date=other_day, desa_code=world["A"].desa.code) == []
    # Saved without confirmation: no duplicate warning stopped it.
    second = services.register_person(kader, person_data(world, nik="", birth_date=other_day))
    assert second.pk != first.pk
    assert list(Person.objects.active().filter(name="Rina Lestari").order_by("birth_date")) == [first, second]
    # The counterpart, so the check above can fail: born the same day, the same name is stopped.
    with pytest.raises(Invalid) as caught:
        services.register_person(kader, person_data(world, nik=""))
    assert [d.person for d in caught.value.extra["duplicates"]] == [first]


def test_a_mother_must_be_a_woman_at_least_ten_years_older(world):
    kader = world["A"].users["kader"]
    child = world["A"].child
    errors = errors_of(lambda: services.register_person(kader, person_data(world, nik="", mother=child)))
    assert errors["mother"] == ["Ibu harus perempuan."]
    errors = errors_of(lambda: services.register_person(kader, person_data(world, nik="", birth_date=date(1985, 1, 1), mother=world["A"].mother)))
    assert errors["mother"] == ["Ibu harus lebih tua setidaknya 10 tahun dari anak."]


def test_a_household_in_another_desa_cannot_be_used(world):
    errors = errors_of(lambda: services.register_person(world["A"].users["kader"], person_data(world, household=world["B"].household.pk)))
    assert errors["household"] == ["Pilih keluarga di wilayah kerja Anda."]
    errors = errors_of(lambda: services.register_household(world["A"].users["kader"], services.HouseholdInput(
        desa=world["B"].desa.code, head_name="X", address="Y")))
    assert errors["desa"] == ["Desa/kelurahan ini di luar wilayah kerja Anda."]


def test_household_fields_are_checked(world):
    errors = errors_of(lambda: services.register_household(world["A"].users["kader"], services.HouseholdInput(
        desa=world["A"].desa.code, head_name=" ", address="", no_kk="123", rt="ab")))
    assert errors == {"head_name": ["Nama kepala keluarga wajib diisi."], "address": ["Alamat wajib diisi."],
                      "no_kk": ["Nomor KK harus 16 digit angka."], "rt": ["RT harus angka 1–999."]}


def test_edits_keep_their_history_in_the_audit_log(world):
    kader = world["A"].users["kader"]
    person = world["A"].mother
    services.update_person(kader, person, services.PersonChanges(name="Ibu Warga A Baru", phone="081234567890"))
    event = AuditEvent.objects.filter(action="update", object_id=str(person.pk)).get()
    assert event.changes == {"name": ["Ibu Warga A", "Ibu Warga A Baru"], "phone": ["", "081234567890"]}
    assert event.user == kader


def test_a_record_is_voided_with_a_reason_never_deleted(world):
    kader = world["A"].users["kader"]
    child = world["A"].child
    errors = errors_of(lambda: services.void(kader, child, ""))
    assert errors["reason"] == ["Tuliskan alasan pembatalan (minimal 5 huruf)."]
    services.void(kader, child, "Terdaftar ganda")
    child.refresh_from_db()
    assert child.is_voided and child.void_reason == "Terdaftar ganda" and child.voided_by == kader
    assert not Person.objects.visible_to(kader).active().filter(pk=child.pk).exists()
    assert Person.objects.filter(pk=child.pk).exists()
    with pytest.raises(Invalid, match="sudah dibatalkan"):
        services.update_person(kader, child, services.PersonChanges(name="Lagi"))


def test_a_household_with_active_members_cannot_be_voided(world):
    with pytest.raises(Invalid, match="masih punya anggota aktif"):
        services.void(world["A"].users["kader"], world["A"].household, "Pindah domisili")
    assert not Household.objects.get(pk=world["A"].household.pk).is_voided


def test_a_voided_nik_can_be_registered_again(world):
    kader = world["A"].users["kader"]
    first = services.register_person(kader, person_data(world))
    services.void(kader, first, "Salah keluarga")
    again = services.register_person(kader, person_data(world), confirm_duplicate=True)
    assert again.nik == first.nik


def test_dinkes_reads_but_does_not_register(world):
    with pytest.raises(PermissionError):
        services.register_person(world["A"].users["dinkes_kab"], person_data(world))


def test_search_finds_by_nik_or_by_name_words_in_any_order(world):
    kader = world["A"].users["kader"]
    assert list(services.search_persons(kader, world["A"].mother.nik)) == [world["A"].mother]
    assert list(services.search_persons(kader, "warga ibu")) == [world["A"].mother]
    assert list(services.search_persons(kader, world["B"].mother.nik)) == []


def test_services_take_typed_inputs_and_refuse_a_loose_dict(world):
    kader = world["A"].users["kader"]
    person = world["A"].mother
    with pytest.raises(TypeError):
        services.register_person(kader, {"household": world["A"].household, "name": "Rina Lestari"})
    with pytest.raises(TypeError):
        services.update_person(kader, person, {"name": "Lain"})
    with pytest.raises(TypeError):
        services.update_household(kader, world["A"].household, {"address": "Lain"})
    with pytest.raises(TypeError):
        services.PersonChanges(nama="Lain")  # a misspelt field fails at once, not silently
    person.refresh_from_db()
    assert person.name == "Ibu Warga A"


def test_a_change_touches_only_the_fields_given_and_none_clears_a_field(world):
    kader = world["A"].users["kader"]
    child = world["A"].child
    assert child.mother == world["A"].mother
    services.update_person(kader, child, services.PersonChanges(phone="081234567890"))
    child.refresh_from_db()
    assert (child.name, child.mother, child.phone) == ("Anak Warga A", world["A"].mother, "081234567890")
    services.update_person(kader, child, services.PersonChanges(mother=None))
    child.refresh_from_db()
    assert child.mother is None and child.phone == "081234567890"
    event = AuditEvent.objects.filter(action="update", object_id=str(child.pk)).order_by("at").last()
    assert list(event.changes) == ["mother"]


def test_a_household_change_is_validated_and_its_members_move_with_it(world):
    from siklus.areas.services import add_sub_area

    kader, household = world["A"].users["kader"], world["A"].household
    rw = add_sub_area(world["A"].users["pustu"], world["A"].desa, "rw", "3", "")
    errors = errors_of(lambda: services.update_household(kader, household, services.HouseholdChanges(no_kk="12")))
    assert errors == {"no_kk": ["Nomor KK harus 16 digit angka."]}
    services.update_household(kader, household, services.HouseholdChanges(sub_area=rw.code, rw="3"))
    household.refresh_from_db()
    assert (household.area_code, household.rw, household.head_name) == (rw.code, "003", "Kepala A")
    assert set(household.members.values_list("area_code", flat=True)) == {rw.code}


def test_the_typed_inputs_name_exactly_the_fields_the_services_save_and_audit():
    from dataclasses import fields

    # ``id`` of a new record is the client's UUID (offline creates keep their ids), not a saved field.
    for kind in (services.HouseholdInput, services.HouseholdChanges):
        assert {f.name for f in fields(kind)} - {"id"} == set(services.HOUSEHOLD_FIELDS), kind
    for kind in (services.PersonInput, services.PersonChanges):
        assert {f.name for f in fields(kind)} - {"id"} == set(services.PERSON_FIELDS), kind
