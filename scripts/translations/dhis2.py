"""English for the DHIS2 export and push (issue #15 item 4): the mapping loader, the payload's
reports of what was not sent, and the client's errors."""

EN = {
    # payload
    "Periode harus YYYYMM (bulan, mis. 202511) atau YYYY (tahun).":
        "The period must be YYYYMM (a month, e.g. 202511) or YYYY (a year).",
    "Tidak ada orgUnit terpetakan di wilayah %(area)s.": "No org unit is mapped inside area %(area)s.",
    "orgUnit %(uids)s bukan bagian wilayah %(area)s dalam pemetaan.":
        "Org unit %(uids)s is not part of area %(area)s in the mapping.",
    "Fasilitas dengan kode %(code)s (orgUnit %(uid)s) tidak ada di siklus.":
        "No facility with code %(code)s (org unit %(uid)s) exists in siklus.",
    "%(indicator)s %(unit)s: belum ada nilai tersimpan untuk %(period)s (jalankan siklus indicators refresh).":
        "%(indicator)s %(unit)s: no stored value for %(period)s yet (run siklus indicators refresh).",
    "%(indicator)s %(unit)s: %(part)s kosong (penyebut nol), tidak dikirim.":
        "%(indicator)s %(unit)s: %(part)s is empty (zero denominator), not sent.",
    "%(indicator)s %(unit)s: nilai %(previous)s tidak ada, angka bulan ini tidak bisa dihitung.":
        "%(indicator)s %(unit)s: no value for %(previous)s, so the month's own figure cannot be computed.",
    "%(indicator)s %(unit)s: %(part)s bulan ini negatif (%(n)s); hitung ulang indikator tahun ini.":
        "%(indicator)s %(unit)s: this month's %(part)s is negative (%(n)s); recompute this year's indicators.",
    # client
    "Alamat DHIS2 harus https:// (kata sandi dikirim di setiap permintaan).":
        "The DHIS2 address must be https:// (the password is sent with every request).",
    "(tanpa pesan)": "(no message)",
    "DHIS2 tidak menjawab dengan benar setelah %(n)s percobaan: %(last)s":
        "DHIS2 did not answer properly after %(n)s attempts: %(last)s",
    "%(value)s: tidak tersimpan di DHIS2": "%(value)s: not stored in DHIS2",
    "DHIS2 menolak nama pengguna atau kata sandi %(user)s (HTTP 401).":
        "DHIS2 refused the user name or password of %(user)s (HTTP 401).",
    "Pengguna DHIS2 %(user)s tidak berhak melakukan ini (HTTP 403): %(message)s":
        "DHIS2 user %(user)s may not do this (HTTP 403): %(message)s",
    "DHIS2 tidak mengirim ringkasan impor (HTTP %(status)s).": "DHIS2 sent no import summary (HTTP %(status)s).",
    "%(value)s: dikirim %(sent)s, tersimpan %(stored)s": "%(value)s: sent %(sent)s, stored %(stored)s",
    # mapping
    "version wajib diisi (label versi pemetaan)": "version is required (the mapping's version label)",
    "decimals harus bilangan bulat 0–6": "decimals must be a whole number 0–6",
    "orgUnits: tidak ada wilayah atau fasilitas yang dipetakan": "orgUnits: no area or facility is mapped",
    "indicators: tidak ada indikator yang dipetakan": "indicators: no indicator is mapped",
    "%(where)s: UID DHIS2 tidak valid: %(value)r (11 karakter, diawali huruf)":
        "%(where)s: not a valid DHIS2 UID: %(value)r (11 characters, starting with a letter)",
    "Pemetaan DHIS2 harus berupa objek JSON.": "The DHIS2 mapping must be a JSON object.",
    'format harus "%(format)s"': 'format must be "%(format)s"',
    "dataSet: jenis periode %(type)r tidak dikenal (month, year)": "dataSet: unknown period type %(type)r (month, year)",
    "orgUnits.areas: kode wilayah %(code)r tidak valid": "orgUnits.areas: invalid area code %(code)r",
    "orgUnit %(uid)s dipetakan dua kali (%(a)s, %(b)s)": "org unit %(uid)s is mapped twice (%(a)s, %(b)s)",
    "indikator %(code)r tidak ada di katalog siklus": "indicator %(code)r is not in the siklus catalogue",
    'indicators.%(code)s.period: %(period)r tidak bisa dipakai (indikator tahunan hanya "year")':
        'indicators.%(code)s.period: %(period)r cannot be used (a yearly indicator only "year")',
    "indicators.%(code)s: numerator wajib dipetakan": "indicators.%(code)s: the numerator must be mapped",
    "%(where)s: bagian tidak dikenal (numerator, denominator, value)":
        "%(where)s: unknown part (numerator, denominator, value)",
    "%(where)s: indikator ini tidak punya penyebut": "%(where)s: this indicator has no denominator",
    "%(where)s: mode %(mode)r tidak bisa dipakai": "%(where)s: mode %(mode)r cannot be used",
    "%(where)s: dataElement dan categoryOptionCombo sudah dipakai oleh %(other)s":
        "%(where)s: the dataElement and categoryOptionCombo are already used by %(other)s",
    "Berkas pemetaan tidak bisa dibaca: %(error)s": "The mapping file cannot be read: %(error)s",
    "Berkas pemetaan bukan JSON yang valid: %(error)s": "The mapping file is not valid JSON: %(error)s",
}
