"""English translations of the Indonesian interface (msgid → msgstr), applied by
``scripts/update_translations.py`` after ``makemessages``. Kept as data so reviewers can read it."""

EN = {
    "Kader Posyandu": "Posyandu kader", "Bidan/perawat Pustu": "Pustu midwife/nurse", "Nakes Puskesmas": "Puskesmas health worker",
    "Kepala Puskesmas": "Head of Puskesmas", "Dinkes kabupaten/kota": "District health office", "Dinkes provinsi": "Provincial health office",
    "Admin": "Admin", "peran": "role", "wilayah": "area", "fasilitas": "facility", "buat": "create", "ubah": "update",
    "batalkan": "void", "lihat": "view", "ekspor": "export", "masuk": "login", "gagal masuk": "failed login",
    "Provinsi": "Province", "Kabupaten/Kota": "District/City", "Kecamatan": "Subdistrict", "Desa/Kelurahan": "Village",
    "Dusun": "Hamlet (dusun)", "RW": "RW", "RT": "RT", "kode": "code", "nama": "name", "tingkat": "level", "jenis": "kind",
    "kode wilayah": "area code", "Puskesmas": "Puskesmas", "Pustu": "Pustu", "Posyandu": "Posyandu",
    "Pelayanan diorganisasi dalam klaster": "Services organised in clusters", "Pustu menjalankan ILP": "Pustu runs ILP",
    "Posyandu siklus hidup (melayani semua sasaran)": "Life-cycle Posyandu (serves every target group)",
    "kode fasilitas": "facility code", "Kode Puskesmas / SATUSEHAT, bila ada": "Puskesmas / SATUSEHAT code, if any",
    "Puskesmas induk": "Parent Puskesmas", "alamat": "address", "menjalankan ILP": "runs ILP", "ILP sejak": "ILP since",
    "aktif": "active", "wilayah layanan": "service area", "Dokter": "Doctor", "Dokter gigi": "Dentist", "Bidan": "Midwife",
    "Perawat": "Nurse", "Nutrisionis (gizi)": "Nutritionist", "Sanitarian": "Sanitarian",
    "Ahli teknologi laboratorium medik (analis)": "Medical laboratory technologist", "Apoteker / tenaga kefarmasian": "Pharmacist / pharmacy staff",
    "Penyuluh kesehatan masyarakat": "Health promotion officer", "Epidemiolog kesehatan": "Epidemiologist",
    "Tenaga administrasi": "Administrative staff", "profesi": "profession", "NIK": "NIK", "telepon": "phone", "klaster": "cluster",
    "Lintas klaster": "Cross-cluster", "tenaga kesehatan": "health worker", "Purwa": "Purwa", "Madya": "Madya", "Utama": "Utama",
    "Pengelolaan Posyandu": "Posyandu management", "Bayi dan balita": "Infants and under-fives", "Ibu hamil dan menyusui": "Pregnant and breastfeeding women",
    "Usia sekolah dan remaja": "School age and adolescents", "Usia dewasa dan lansia": "Adults and elderly",
    "kelompok kompetensi terlatih": "competency groups trained", "kader": "kader", "nomor KK": "family card number",
    "nama kepala keluarga": "head of household", "desa/kelurahan": "village", "dusun/RW/RT": "hamlet/RW/RT", "keluarga": "household",
    "Laki-laki": "Male", "Perempuan": "Female", "Kepala keluarga": "Head of household", "Suami": "Husband", "Istri": "Wife",
    "Anak": "Child", "Menantu": "Child-in-law", "Cucu": "Grandchild", "Orang tua": "Parent", "Mertua": "Parent-in-law",
    "Famili lain": "Other relative", "Lainnya": "Other", "nama lengkap": "full name", "jenis kelamin": "sex", "tanggal lahir": "birth date",
    "hubungan dalam keluarga": "relation to head of household", "nomor JKN": "JKN number", "ibu": "mother", "penduduk": "resident",
    "Terkunci sementara": "Temporarily locked", "Terlalu banyak percobaan masuk": "Too many login attempts",
    "Akun ini dikunci sementara selama 15 menit karena kata sandi salah berkali-kali. Coba lagi nanti atau hubungi admin.":
        "This account is locked for 15 minutes after repeated wrong passwords. Try again later or contact an admin.",
    "Wilayah": "Areas", "Fasilitas": "Facilities", "Cari": "Search", "Log audit": "Audit log", "Keluar": "Log out",
    "%(y)s th": "%(y)s y", "%(m)s bl": "%(m)s mo", "%(d)s hr": "%(d)s d", "sebelumnya": "previous",
    "halaman %(n)s dari %(total)s": "page %(n)s of %(total)s", "berikutnya": "next", "Nama": "Name", "Tanggal lahir": "Birth date",
    "Keluarga": "Household", "Tidak ditemukan di wilayah kerja Anda.": "Not found in your working area.",
    "Wilayah di bawahnya": "Areas below", "Tambah dusun / RW / RT": "Add hamlet / RW / RT", "Tambah": "Add",
    "Daftarkan keluarga": "Register household", "No. KK": "Family card no.", "Alamat": "Address", "Anggota": "Members",
    "Belum ada keluarga terdaftar.": "No household registered yet.", "Belum ada wilayah. Jalankan: siklus areas load": "No areas yet. Run: siklus areas load",
    "Semua": "All", "Waktu": "Time", "Pengguna": "User", "Aksi": "Action", "Data": "Record", "Alamat IP": "IP address",
    "Saluran": "Channel", "Belum ada catatan.": "No entries yet.", "Status ILP": "ILP status", "Menjalankan ILP": "Runs ILP",
    "sejak": "since", "Belum menjalankan ILP": "Not yet running ILP", "Wilayah kerja": "Working area", "Melayani": "Serves",
    "Jejaring": "Network", "Tenaga kesehatan": "Health workers", "Kader": "Kader", "Tingkat": "Level",
    "Kompetensi terlatih": "Competencies trained", "dari": "of", "Jenis": "Kind", "ya": "yes", "belum": "not yet",
    "Belum ada fasilitas.": "No facilities yet.", "Beranda": "Home", "Selamat datang, %(name)s": "Welcome, %(name)s",
    "tanpa NIK": "without NIK", "Cari NIK atau nama": "Search NIK or name", "Daftarkan keluarga baru": "Register a new household",
    "Capaian ILP di wilayah Anda": "ILP roll-out in your area", "Jumlah": "Total", "Baru didaftarkan": "Recently registered",
    "Lihat log audit": "View audit log", "Dibatalkan": "Voided", "Tambah anggota": "Add member", "Ubah": "Edit", "Batalkan": "Void",
    "Hubungan": "Relation", "Umur": "Age", "Tahap siklus hidup": "Life-cycle stage", "Belum ada anggota.": "No members yet.",
    "Ubah keluarga": "Edit household", "Simpan": "Save", "Masuk": "Log in", "Masuk ke siklus": "Log in to siklus",
    "Sistem informasi Integrasi Layanan Primer": "Information system for Integrated Primary Care (ILP)",
    "Nama pengguna atau kata sandi salah.": "Wrong username or password.", "Nama pengguna": "Username", "Kata sandi": "Password",
    "Jenis kelamin": "Sex", "Hubungan dalam keluarga": "Relation to head of household", "Nomor JKN": "JKN number", "Ibu": "Mother",
    "Telepon": "Phone", "Riwayat perubahan": "Change history", "Ubah data penduduk": "Edit resident",
    "Daftarkan anggota keluarga": "Register household member", "Mungkin sudah terdaftar": "Possibly already registered",
    "Bila orang ini berbeda, tekan Simpan sekali lagi.": "If this is a different person, press Save once more.",
    "Cari penduduk": "Search residents", "NIK atau nama": "NIK or name", "Batalkan data": "Void record",
    "Data tidak dihapus: data ditandai batal dengan alasan, dan riwayatnya tetap tersimpan.":
        "Nothing is deleted: the record is marked void with a reason, and its history is kept.",
    "Batalkan data ini": "Void this record", "Nomor KK": "Family card number", "Nama kepala keluarga": "Head of household",
    "Dusun/RW/RT": "Hamlet/RW/RT", "16 digit. Kosongkan bila belum punya (misalnya bayi baru lahir).":
        "16 digits. Leave empty if the person has none yet (e.g. a newborn).",
    "Nama lengkap": "Full name", "Tanggal tidak valid.": "Invalid date.", "Ibu (untuk bayi/anak)": "Mother (for an infant/child)",
    "Alasan pembatalan": "Reason for voiding", "Nomor": "Number", "Nama (opsional)": "Name (optional)",
    "Ditambahkan: %(name)s": "Added: %(name)s", "Keluarga tersimpan. Tambahkan anggotanya.": "Household saved. Now add its members.",
    "Perubahan tersimpan.": "Changes saved.", "%(name)s terdaftar.": "%(name)s registered.",
    "Belum ada NIK: lengkapi setelah terbit (bayi dapat dicari lewat NIK ibu).":
        "No NIK yet: complete it once issued (an infant can be found through the mother's NIK).",
    "Data dibatalkan. Riwayatnya tetap tersimpan.": "Record voided. Its history is kept.",
}

# Messages of the services and the rules (validation at the field).
EN.update({
    "NIK harus 16 digit angka.": "NIK must be 16 digits.",
    "Kode wilayah pada NIK tidak boleh 00.": "The area code in a NIK cannot be 00.",
    "Kode kecamatan %(region)s pada NIK tidak ada di data wilayah Kemendagri (mungkin kode lama sebelum pemekaran). Periksa kembali.":
        "Subdistrict code %(region)s of this NIK is not in the Kemendagri area list (perhaps a code from before a split). Please check.",
    "Digit 7–12 NIK bukan tanggal lahir yang ada (tanggal +40 untuk perempuan).": "Digits 7–12 of the NIK are not a real birth date (day +40 for women).",
    "Jenis kelamin tidak sesuai NIK: pada NIK perempuan, tanggal lahir ditambah 40.": "Sex does not match the NIK: for women the day of birth in the NIK is increased by 40.",
    "Jenis kelamin tidak sesuai NIK: tanggal lahir pada NIK ini ditambah 40 (perempuan).": "Sex does not match the NIK: this NIK's day of birth is increased by 40 (a woman).",
    "Tanggal lahir tidak sesuai NIK (NIK menunjukkan %(date)s).": "Birth date does not match the NIK (the NIK says %(date)s).",
    "Nomor urut NIK (4 digit terakhir) tidak boleh 0000.": "The NIK serial (last 4 digits) cannot be 0000.",
    "Nama kepala keluarga wajib diisi.": "Head of household is required.", "Alamat wajib diisi.": "Address is required.",
    "Nomor KK harus 16 digit angka.": "Family card number must be 16 digits.", "%(field)s harus angka 1–3 digit.": "%(field)s must be a number of 1–3 digits.",
    "Pilih desa/kelurahan.": "Choose a village.", "Desa/kelurahan ini di luar wilayah kerja Anda.": "This village is outside your working area.",
    "Dusun/RW/RT harus berada di desa yang dipilih.": "The hamlet/RW/RT must lie in the chosen village.",
    "Posyandu tidak ditemukan.": "Posyandu not found.", "Posyandu harus berada di desa yang sama.": "The Posyandu must be in the same village.",
    "Nama lengkap wajib diisi.": "Full name is required.", "Nama terlalu pendek.": "Name is too short.", "Pilih jenis kelamin.": "Choose the sex.",
    "Tanggal lahir wajib diisi (hh-bb-tttt).": "Birth date is required (dd-mm-yyyy).", "Tanggal lahir tidak boleh di masa depan.": "Birth date cannot be in the future.",
    "Tanggal lahir sebelum tahun 1900 tidak mungkin.": "A birth date before 1900 is not possible.", "Pilih hubungan dalam keluarga.": "Choose the relation to the head of household.",
    "NIK ini sudah terdaftar atas nama %(name)s.": "This NIK is already registered to %(name)s.",
    "NIK ini sudah terdaftar atas nama penduduk di wilayah lain.": "This NIK is already registered to a resident of another area.",
    "Nomor JKN (kartu BPJS Kesehatan) harus 13 digit angka.": "JKN number (BPJS Kesehatan card) must be 13 digits.",
    "Nomor telepon tidak valid (contoh: 081234567890).": "Invalid phone number (example: 081234567890).",
    "Pilih keluarga di wilayah kerja Anda.": "Choose a household in your working area.", "Ibu tidak ditemukan di wilayah kerja Anda.": "Mother not found in your working area.",
    "Ibu harus perempuan.": "The mother must be a woman.", "Ibu harus lebih tua setidaknya 10 tahun dari anak.": "The mother must be at least 10 years older than the child.",
    "Seseorang tidak dapat menjadi ibunya sendiri.": "A person cannot be their own mother.",
    "Nama mirip (%(score)d%%) dengan tanggal lahir sama di desa yang sama": "Similar name (%(score)d%%) with the same birth date in the same village",
    "Kemungkinan sudah terdaftar. Periksa data di atas; simpan lagi bila memang orang yang berbeda.": "Possibly already registered. Check the record above; save again if this is a different person.",
    "NIK ini sudah terdaftar.": "This NIK is already registered.", "Tuliskan alasan pembatalan (minimal 5 huruf).": "Give a reason for voiding (at least 5 letters).",
    "Keluarga masih punya anggota aktif; pindahkan atau batalkan anggotanya dulu.": "The household still has active members; move or void them first.",
    "Data ini sudah dibatalkan dan tidak dapat diubah.": "This record is voided and cannot be changed.",
    "Kode wilayah %(code)s tidak ada di data Kemendagri.": "Area code %(code)s is not in the Kemendagri list.",
    "Tingkat harus dusun, RW atau RT.": "Level must be hamlet, RW or RT.", "%(child)s tidak dapat ditambahkan di bawah %(parent)s.": "A %(child)s cannot be added below a %(parent)s.",
    "Nomor harus angka 1–999.": "Number must be 1–999.", "%(level)s %(number)d sudah ada di %(parent)s.": "%(level)s %(number)d already exists in %(parent)s.",
    "Jenis fasilitas harus Puskesmas, Pustu atau Posyandu.": "Facility kind must be Puskesmas, Pustu or Posyandu.", "Nama fasilitas wajib diisi.": "Facility name is required.",
    "Fasilitas harus berada di sebuah desa/kelurahan.": "A facility must stand in a village.", "Pustu dan Posyandu harus punya Puskesmas induk.": "A Pustu or Posyandu needs a parent Puskesmas.",
    "Tanggal mulai ILP hanya diisi bila fasilitas menjalankan ILP.": "An ILP start date is only given when the facility runs ILP.",
    "Posyandu melayani dusun/RW di desanya sendiri.": "A Posyandu serves hamlets/RWs of its own village.",
    "Wilayah kerja Puskesmas terdiri dari desa/kelurahan.": "A Puskesmas working area consists of villages.",
})

EN.update({
    "Capaian ILP per Puskesmas": "ILP roll-out by Puskesmas", "Pustu ILP": "Pustu running ILP",
    "Posyandu siklus hidup": "Life-cycle Posyandu", "Keluarga di Posyandu Anda": "Households of your Posyandu",
})

EN.update({
    "Isi tanggal mulai menjalankan ILP.": "Give the date ILP started.", "Tanggal mulai ILP tidak boleh di masa depan.": "The ILP start date cannot be in the future.",
    "Ubah status ILP": "Change ILP status", "Status ILP tersimpan.": "ILP status saved.",
})

EN.update({
    "Nama wajib diisi.": "Name is required.", "Posyandu tidak punya tenaga kesehatan tetap; tambahkan kader.": "A Posyandu has no permanent health workers; add kader.",
    "Pilih profesi.": "Choose a profession.", "Klaster harus 1–4 atau lintas klaster.": "Cluster must be 1–4 or cross-cluster.",
    "Kader terdaftar di Posyandu.": "Kader are registered at a Posyandu.", "Pilih tingkat kader (Purwa, Madya, Utama).": "Choose the kader level (Purwa, Madya, Utama).",
    "Kelompok kompetensi harus 1–5.": "Competency groups are 1–5.", "Profesi": "Profession", "Klaster": "Cluster",
    "Tambah kader": "Add kader", "Tambah tenaga kesehatan": "Add health worker",
})
EN["Kelompok kompetensi terlatih"] = "Competency groups trained"

# care models
EN.update({
    "Kunjungan rumah": "Home visit", "Sekolah": "School", "Fasilitas lain": "Other facility", "Hari buka Posyandu": "Posyandu open day",
    "Pemeriksaan kehamilan (ANC)": "Antenatal care (ANC)", "Persalinan": "Delivery", "Kunjungan nifas (KF)": "Postnatal visit, mother (KF)",
    "Kunjungan neonatal (KN)": "Neonatal visit (KN)", "Imunisasi": "Immunization", "Skrining": "Screening",
    "Kontrol penyakit kronis": "Chronic disease follow-up", "Pengobatan": "Treatment", "tempat": "place", "tanggal": "date",
    "nilai": "value", "satuan": "unit", "cara": "method", "klasifikasi": "classification", "dosis": "dose",
    "tanggal pemberian": "date given", "nomor batch": "batch number", "HPHT": "LMP (HPHT)", "HPL": "EDD (HPL)", "berakhir": "ended",
    "hasil": "outcome", "Lahir hidup": "Live birth", "Lahir mati": "Stillbirth", "Abortus": "Abortion/miscarriage",
    "tempat bersalin": "place of delivery", "selesai": "resolved", "tanggal meninggal": "date of death",
    "tanggal pindah keluar": "date moved out",
})
