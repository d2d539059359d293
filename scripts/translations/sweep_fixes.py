"""English found missing by the browser sweep (tests/web/test_sweep.py): the sync review pages and
their API messages, the dashboards' PWS notes."""

EN = {
    # Dashboards (PWS)
    "geometri": "geometry",
    "batas wilayah": "area boundary",
    "Capaian PWS kumulatif sampai %(month)s (%%)": "Cumulative PWS coverage up to %(month)s (%%)",
    "Belum ada nilai indikator tersimpan untuk bulan ini (siklus indicators refresh).":
        "No stored indicator values for this month yet (siklus indicators refresh).",
    "Nilai indikator tersimpan, dihitung %(when)s; warna: status PWS (baik, kurang, cukup, jelek).":
        "Stored indicator values, computed %(when)s; colours: PWS status (good, low, fair, poor).",
    "Pemantauan wilayah setempat (PWS)": "Local area monitoring (PWS)",
    "Jumlah bulan ini dihitung langsung dari catatan layanan siklus; capaian PWS dari nilai indikator tersimpan.":
        "This month's counts are computed directly from siklus's service records; PWS coverage from the "
        "stored indicator values.",
    # Sync: merging, devices, statuses
    "Tidak dapat menggabungkan orang dengan dirinya sendiri.": "A person cannot be merged with themselves.",
    "Salah satu data sudah dibatalkan.": "One of the records has been voided.",
    "Digabung ke %(name)s (%(id)s)": "Merged into %(name)s (%(id)s)",
    "nama perangkat": "device name",
    "perangkat": "device",
    "Diterapkan": "Applied",
    "Sudah ada": "Already there",
    "Menunggu pemeriksaan": "Awaiting review",
    "Ditolak": "Rejected",
    "Diputuskan": "Decided",
    "Informasi": "Information",
    "Digabung": "Merged",
    "Orang berbeda": "Different people",
    "Perangkat tanpa nama": "Unnamed device",
    "Perangkat ini sudah dicabut. Pasang ulang aplikasi.": "This device has been revoked. Reinstall the app.",
    "Silakan masuk kembali.": "Please sign in again.",
    "Perangkat ini sudah dicabut oleh Puskesmas. Data yang belum terkirim dapat diekspor.":
        "This device has been revoked by the Puskesmas. Data not yet sent can be exported.",
    "Sesi berakhir. Masukkan kata sandi lagi; data yang belum terkirim tetap tersimpan di HP.":
        "Session ended. Enter your password again; data not yet sent stays on the phone.",
    # Sync API messages
    "%(name)s harus UUID.": "%(name)s must be a UUID.",
    "Penduduk tidak ditemukan di wilayah kerja Anda.": "Resident not found in your work area.",
    "Keluarga tidak ditemukan di wilayah kerja Anda.": "Household not found in your work area.",
    "Id ini sudah dipakai untuk data lain. Buat data baru dengan id baru.":
        "This id is already used for other data. Create the new record with a new id.",
    "NIK sama": "Same NIK",
    "Data tidak ditemukan di wilayah kerja Anda.": "Record not found in your work area.",
    "Kolom ini tidak dapat diubah lewat sinkronisasi.": "This field cannot be changed through sync.",
    "Tugas tidak ditemukan di wilayah kerja Anda.": "Task not found in your work area.",
    "Setiap mutasi harus berupa objek JSON.": "Every mutation must be a JSON object.",
    "mutation_id harus UUID.": "mutation_id must be a UUID.",
    "device_seq harus bilangan bulat mulai 1.": "device_seq must be an integer starting at 1.",
    "type wajib diisi.": "type is required.",
    "Daftarkan perangkat ini dulu.": "Register this device first.",
    "Perbarui aplikasi: versi ini sudah tidak didukung.": "Update the app: this version is no longer supported.",
    "mutations harus berupa daftar.": "mutations must be a list.",
    "Terlalu banyak mutasi dalam satu kiriman (maksimal 200).": "Too many mutations in one push (at most 200).",
    "device_seq sudah lewat.": "device_seq has already passed.",
    "device_seq ini sudah dipakai untuk mutasi lain.": "This device_seq is already used for another mutation.",
    "mutation_id ini sudah dipakai untuk mutasi lain.": "This mutation_id is already used for another mutation.",
    "Jenis mutasi %(type)s tidak dikenal.": "Unknown mutation type %(type)s.",
    "Kesalahan server; data disimpan untuk diperiksa.": "Server error; the data is kept for review.",
    "scope harus kode desa/kelurahan.": "scope must be a desa/kelurahan code.",
    # Sync review pages
    "Konflik ini sudah diputuskan.": "This conflict has already been decided.",
    "Pilih nilai yang dipakai.": "Choose the value to use.",
    "Ditutup (keputusan konflik)": "Closed (conflict decision)",
    "Pasangan ini sudah diputuskan.": "This pair has already been decided.",
    "Pilih orang yang dipertahankan.": "Choose the person to keep.",
    "Pilih: gabungkan atau orang berbeda.": "Choose: merge or different people.",
    "Konflik sinkronisasi": "Sync conflicts",
    "Dua HP mengubah data yang sama saat luring. Nilai di server tetap dipakai sampai Anda memutuskan; keputusan Anda "
    "sampai ke semua HP pada sinkronisasi berikutnya.":
        "Two phones changed the same data while offline. The server's value stays in use until you decide; your "
        "decision reaches every phone at its next sync.",
    "Kemungkinan data ganda": "Possible duplicates",
    "jam HP": "phone time",
    "diterima server": "received by the server",
    "selisih jam HP %(s)s detik": "phone clock off by %(s)s seconds",
    "Sebelumnya": "Before",
    "Di server": "On the server",
    "Dari HP": "From the phone",
    "Pakai nilai server": "Use the server's value",
    "Pakai nilai dari HP": "Use the phone's value",
    "Nilai lain": "Another value",
    "Pakai nilai lain": "Use another value",
    "Tidak ada konflik yang menunggu.": "No conflicts waiting.",
    "Data dari HP yang ditolak": "Rejected data from phones",
    "Disimpan di server agar tidak hilang. Perbaiki lewat halaman orangnya, lalu tandai sudah diperiksa.":
        "Kept on the server so nothing is lost. Correct it on the person's page, then mark it reviewed.",
    "Sudah diperiksa": "Reviewed",
    "Perangkat aplikasi kader": "Kader app devices",
    "HP yang hilang dicabut di sini: tokennya tidak dapat sinkron lagi.":
        "Revoke a lost phone here: its token can no longer sync.",
    "Terakhir sinkron": "Last sync",
    "Selisih jam HP": "Phone clock offset",
    "detik": "seconds",
    "Dicabut": "Revoked",
    "Belum ada perangkat.": "No devices yet.",
    "Orang yang didaftarkan di HP saat luring dan mungkin sudah terdaftar. Gabungkan bila orangnya sama: riwayat "
    "layanannya ikut pindah ke data yang dipertahankan.":
        "People registered on a phone while offline who may already be registered. Merge them if they are the same "
        "person: their service history moves to the record kept.",
    "Pertahankan": "Keep",
    "baru dari HP": "new from the phone",
    "Gabungkan ke yang dipilih": "Merge into the chosen one",
    "Tidak ada data ganda yang menunggu.": "No duplicates waiting.",
    "Hanya bidan/perawat atau tenaga kesehatan yang dapat memutuskan.": "Only a midwife/nurse or health worker can decide.",
    "Keputusan tersimpan dan akan sampai ke HP kader.": "Decision saved; it will reach the kader's phones.",
    "Keputusan tersimpan.": "Decision saved.",
    "Perangkat %(name)s dicabut: tidak dapat sinkron lagi.": "Device %(name)s revoked: it can no longer sync.",
}
