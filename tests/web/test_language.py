"""Indonesian first, English when chosen: pages and the services' field messages alike."""


def post_bad_household(client, world):
    return client.post(f"/wilayah/{world['A'].desa.code}/keluarga/baru/", {"head_name": "Budi", "address": "Jl. Melati", "no_kk": "123"})


def test_indonesian_is_the_default_whatever_the_browser_says(world, client_for):
    client = client_for(world["A"].users["kader"])
    response = client.post(
        f"/wilayah/{world['A'].desa.code}/keluarga/baru/", {"head_name": "Budi", "address": "Jl. Melati", "no_kk": "123"},
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Nomor KK harus 16 digit angka." in response.content.decode()


def test_messages_at_the_field_follow_the_chosen_language(world, client_for):
    client = client_for(world["A"].users["kader"])
    client.post("/bahasa/", {"language": "en", "next": "/"})
    content = post_bad_household(client, world).content.decode()
    assert "Family card number must be 16 digits." in content
    assert "Register household" in content


def test_nik_findings_of_the_rules_are_translated_too(world, client_for):
    client = client_for(world["A"].users["kader"])
    client.post("/bahasa/", {"language": "en", "next": "/"})
    response = client.post(f"/keluarga/{world['A'].household.pk}/anggota/baru/", {
        "nik": "6202010504010009", "name": "Dewi", "sex": "P", "birth_date": "2001-04-05", "relation": "anak"})
    assert "Sex does not match the NIK: for women the day of birth in the NIK is increased by 40." in response.content.decode()


def test_dates_and_numbers_on_pages_follow_the_chosen_language(world, client_for, monkeypatch):
    """Indonesian writes 4.300 and 2 Januari 2024; English 4,300 and 2 January 2024 (issue #10 item 8)."""
    from siklus.people import services

    monkeypatch.setattr(services, "home_counts", lambda user: {"households": 1118, "persons": 4300, "without_nik": 12})
    client = client_for(world["A"].users["kepala"])
    facility = f"/fasilitas/{world['A'].puskesmas.pk}/"
    indonesian = client.get(facility).content.decode() + client.get("/").content.decode()
    assert " 2 Januari 2024" in indonesian and "4.300" in indonesian and "1.118" in indonesian
    client.post("/bahasa/", {"language": "en", "next": "/"})
    english = client.get(facility).content.decode() + client.get("/").content.decode()
    assert " 2 January 2024" in english and "4,300" in english and "1,118" in english
