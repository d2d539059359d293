"""English of the follow-up pages (siklus.followup views, siklus.rules.homevisit): the kader
worklist and its sheet per RT, home visits with their checklists and SAJI steps, the weekly review
at the Pustu, and the ketua RT/RW's reminders."""

EN = {
    # Worklist and its PDF.
    "Tindak lanjut": "Follow-up",
    "Tindak lanjut terbuka": "Open follow-ups",
    "%(n)s tugas terbuka": "%(n)s open tasks",
    "per %(date)s": "as of %(date)s",
    "Cetak per RT (PDF)": "Print per RT (PDF)",
    "Semua RT": "All RTs",
    "Seluruh keluarga": "Whole household",
    "terlambat": "late",
    "batas %(date)s": "due %(date)s",
    "Tutup tugas": "Close task",
    "Hasil tindak lanjut": "Outcome",
    "Tutup": "Close",
    "Tugas ditutup.": "Task closed.",
    "Tidak ada tindak lanjut terbuka. Terima kasih!": "No open follow-ups. Thank you!",
    "Tidak ada tindak lanjut terbuka.": "No open follow-ups.",
    "Kunjungan rumah terakhir %(date)s": "Last home visit %(date)s",
    "Diingatkan RT/RW %(date)s": "Reminded by the RT/RW %(date)s",
    "Catat kunjungan rumah": "Record a home visit",
    "Daftar tindak lanjut": "Follow-up list",
    "Daftar tindak lanjut Posyandu": "The Posyandu's follow-up list",
    "Tindak lanjut (eskalasi)": "Follow-up (escalated)",
    "Tanpa RT/RW": "No RT/RW",
    "Daftar tindak lanjut — %(facility)s": "Follow-up list — %(facility)s",
    "%(rt)s · per %(date)s · dicetak oleh %(by)s": "%(rt)s · as of %(date)s · printed by %(by)s",
    "Anggota dan tindak lanjut": "Member and follow-up",
    "Batas": "Due",
    "Hasil kunjungan": "Result of the visit",
    " (terlambat)": " (late)",
    # Home visits.
    "Tanggal kunjungan": "Date of the visit",
    "Jenis kunjungan": "Kind of visit",
    "Langkah SAJI": "SAJI steps",
    "Tidak ada daftar tilik untuk umur ini.": "No checklist for this age.",
    "Tanda bahaya dirujuk ke Pustu; gejala TBC dicatat untuk pemeriksaan dahak.":
        "Danger signs are referred to the Pustu; TB symptoms are recorded for a sputum test.",
    "Simpan kunjungan": "Save the visit",
    "Kunjungan rumah tersimpan.": "Home visit saved.",
    "Ditemui; daftar tilik tidak diisi.": "Met; checklist not filled in.",
    "Tugas ditutup": "Task closed",
    "Dirujuk": "Referred",
    "Tindak lanjut yang masih terbuka": "Follow-ups still open",
    "Kembali ke daftar tindak lanjut": "Back to the follow-up list",
    "Salam": "Greet",
    "Beri salam, perkenalkan diri dan tujuan kunjungan.": "Greet, introduce yourself and the purpose of the visit.",
    "Ajak bicara": "Talk",
    "Tanyakan daftar tilik tiap anggota keluarga dan periksa Buku KIA.":
        "Ask each member's checklist and look at the Buku KIA.",
    "Jelaskan dan bantu": "Explain and help",
    "Jelaskan temuan dan bantu keluarga mengambil keputusan (layanan, rujukan).":
        "Explain what you found and help the family decide (services, referral).",
    "Ingatkan": "Remind",
    "Ingatkan jadwal layanan berikutnya dan janji tindak lanjut.": "Remind them of the next service and the follow-up agreed.",
    "Rutin (setiap keluarga)": "Routine (every household)",
    "Khusus (keluarga berisiko)": "Special (household at risk)",
    "Bersama tenaga kesehatan": "Together with a health worker",
    "Tidak mengakses layanan": "Not accessing services",
    "Tidak patuh pengobatan": "Not adherent to treatment",
    "Tanda bahaya": "Danger signs",
    "Gejala TBC": "TB symptoms",
    "Ibu bersalin dan nifas": "Mothers after childbirth",
    "Bayi (0–6 bulan)": "Infants (0–6 months)",
    "Balita dan anak prasekolah (6–71 bulan)": "Under-fives and preschool children (6–71 months)",
    "Usia sekolah dan remaja (6–18 tahun)": "School age and adolescents (6–18 years)",
    "Usia dewasa (19–59 tahun)": "Adults (19–59 years)",
    "Penyakit menular (TBC)": "Communicable disease (TB)",
    "Batuk 2 minggu atau lebih, batuk berdarah, demam, keringat malam atau berat badan turun tanpa sebab?":
        "Cough for 2 weeks or more, coughing blood, fever, night sweats or weight loss without reason?",
    "Imunisasi sesuai jadwal di Buku KIA?": "Immunizations on schedule in the Buku KIA?",
    "Imunisasi yang terlewat sudah diberikan di tempat lain (lihat Buku KIA)?":
        "Missed immunizations already given elsewhere (see the Buku KIA)?",
    "Bila berobat rutin (darah tinggi, kencing manis, gangguan jiwa): minum obat teratur dan kontrol tiap bulan?":
        "If on regular treatment (high blood pressure, diabetes, mental illness): medicines taken regularly and a "
        "check-up every month?",
    "Periksa kehamilan sesuai jadwal di Buku KIA?": "Pregnancy check-ups on schedule in the Buku KIA?",
    "Pemeriksaan yang terlewat sudah dilakukan di tempat lain (bidan praktik, klinik)?":
        "Missed check-ups already done elsewhere (private midwife, clinic)?",
    "Minum tablet tambah darah setiap hari?": "Takes iron tablets every day?",
    "Ada tanda bahaya: perdarahan, bengkak di kaki, tangan atau wajah, sakit kepala hebat, demam, gerak janin "
    "berkurang, air ketuban keluar?":
        "Any danger sign: bleeding, swollen feet, hands or face, severe headache, fever, less movement of the baby, "
        "waters breaking?",
    "Makan beragam dan cukup (isi piringku)?": "Eats varied and enough food (isi piringku)?",
    "Sudah kunjungan nifas sesuai jadwal?": "Postnatal visits on schedule?",
    "Kunjungan nifas yang terlewat sudah dilakukan di tempat lain?": "Missed postnatal visits already done elsewhere?",
    "Ada tanda bahaya nifas: perdarahan banyak, demam, cairan berbau dari jalan lahir, payudara bengkak dan nyeri, "
    "sakit kepala hebat, sangat sedih?":
        "Any postnatal danger sign: heavy bleeding, fever, foul-smelling discharge, swollen and painful breasts, "
        "severe headache, deep sadness?",
    "Menyusui bayinya?": "Breastfeeding her baby?",
    "Sudah merencanakan KB setelah bersalin?": "Family planning after childbirth planned?",
    "Bayi sudah diperiksa (kunjungan neonatal) sesuai jadwal?": "Baby checked (neonatal visits) on schedule?",
    "Kunjungan neonatal yang terlewat sudah dilakukan di tempat lain?": "Missed neonatal visits already done elsewhere?",
    "Ada tanda bahaya: tidak mau menyusu, kejang, sesak napas, demam atau badan dingin, kuning, diare, tali pusat "
    "merah atau bernanah?":
        "Any danger sign: not feeding, convulsions, fast or difficult breathing, fever or cold body, jaundice, "
        "diarrhoea, red or pus-filled umbilical cord?",
    "Bayi hanya diberi ASI?": "Baby given breast milk only?",
    "Ditimbang di Posyandu bulan ini?": "Weighed at the Posyandu this month?",
    "Mendapat kapsul vitamin A pada Februari atau Agustus terakhir?": "Vitamin A capsule in the last February or August?",
    "Ada tanda bahaya: tidak bisa minum atau menyusu, memuntahkan semua, kejang, lemas atau tidak sadar, sesak napas, "
    "diare berdarah?":
        "Any danger sign: unable to drink or breastfeed, vomits everything, convulsions, lethargic or unconscious, "
        "difficult breathing, bloody diarrhoea?",
    "Makan sesuai umur (MP-ASI, isi piringku)?": "Eats as fits the age (complementary feeding, isi piringku)?",
    "Sudah ikut pemeriksaan kesehatan di sekolah atau Posyandu tahun ini?":
        "Had a health check at school or the Posyandu this year?",
    "Minum tablet tambah darah setiap minggu?": "Takes an iron tablet every week?",
    "Tidak merokok dan tidak terpapar asap rokok?": "Does not smoke and is not exposed to smoke?",
    "Sudah diperiksa tekanan darah dan gula darah tahun ini?": "Blood pressure and blood sugar checked this year?",
    "Tidak merokok?": "Does not smoke?",
    "Sudah diperiksa di Posyandu atau Pustu tahun ini (tekanan darah, gula darah, SKILAS)?":
        "Checked at the Posyandu or Pustu this year (blood pressure, blood sugar, SKILAS)?",
    "Bisa makan, mandi, berpakaian dan ke kamar mandi sendiri?": "Eats, bathes, dresses and uses the toilet alone?",
    "Ada keluhan mendadak: lemah separuh badan, bicara pelo, nyeri dada, sesak napas, baru jatuh?":
        "Any sudden complaint: weakness of one side, slurred speech, chest pain, breathlessness, a recent fall?",
    "Minum obat TBC setiap hari, diawasi pengawas minum obat?": "Takes TB medicines every day, watched by a supervisor?",
    "Kontrol dan ambil obat sesuai jadwal?": "Check-ups and medicine pick-ups on schedule?",
    "Ada efek samping berat: mata atau kulit kuning, muntah terus, ruam, gangguan penglihatan atau pendengaran?":
        "Any serious side effect: yellow eyes or skin, constant vomiting, rash, trouble seeing or hearing?",
    "Anggota keluarga serumah sudah diperiksa TBC?": "Household members checked for TB?",
    "Kunjungan dengan id ini sudah tersimpan dengan isi yang berbeda. Untuk kunjungan baru gunakan id baru.":
        "A visit with this id is already saved with different content. Use a new id for a new visit.",
    "Langkah SAJI tidak dikenal.": "Unknown SAJI step.",
    "Catatan paling panjang 2.000 karakter.": "The note can be at most 2,000 characters.",
    "Pilih anggota keluarga yang ditemui.": "Choose the household members met.",
    "Anggota ini bukan anggota keluarga yang dikunjungi.": "This person is not a member of the household visited.",
    "Pertanyaan daftar tilik tidak sesuai tahap hidup %(name)s.":
        "The checklist questions do not fit the life stage of %(name)s.",
    "Jawaban harus ya atau tidak.": "The answer must be yes or no.",
    "Data keluarga ini sudah dibatalkan.": "This household's record has been voided.",
    "Kunjungan rumah: %(sign)s": "Home visit: %(sign)s",
    "Sudah diberikan di tempat lain (kunjungan rumah %(date)s).": "Already given elsewhere (home visit %(date)s).",
    # Weekly review.
    "Tinjauan mingguan": "Weekly review",
    "Tinjauan mingguan kunjungan rumah": "Weekly review of home visits",
    "Minggu sebelumnya": "Previous week",
    "Minggu berikutnya": "Next week",
    "Ditindaklanjuti oleh": "Followed up by",
    "Kunjungan minggu ini": "This week's visits",
    "Tinjauan mingguan dibuat per Pustu.": "The weekly review is per Pustu.",
    "Pilih petugas Pustu atau kader Posyandu desa ini.": "Choose a Pustu worker or a Posyandu kader of this village.",
    "Temuan ini sudah diubah orang lain. Muat ulang lalu coba lagi.":
        "Someone else changed this finding. Reload and try again.",
    "Petugas tindak lanjut tersimpan.": "Follow-up worker saved.",
    # RT/RW.
    "Ketua RT/RW": "RT/RW head",
    "Pengingat keluarga": "Household reminders",
    "Keluarga yang perlu diingatkan. Petugas kesehatan akan menjelaskan sisanya kepada keluarga.":
        "Households to remind. The health workers will explain the rest to the family.",
    "Sudah diingatkan": "Reminded",
    "Sudah diingatkan %(date)s": "Reminded %(date)s",
    "Tidak ada keluarga yang perlu diingatkan saat ini.": "No household needs a reminder now.",
    "Tercatat: keluarga sudah diingatkan.": "Recorded: the household was reminded.",
    "Id ini sudah dipakai untuk keluarga lain.": "This id is already used for another household.",
    "Keluarga ini tidak punya tindak lanjut yang terbuka.": "This household has no open follow-up.",
    "Ajak anak ke Posyandu atau Pustu": "Bring the child to the Posyandu or Pustu",
    "Ajak ibu ke Pustu atau Puskesmas": "Bring the mother to the Pustu or Puskesmas",
    "Ajak anggota keluarga ke Pustu atau Puskesmas": "Bring the family member to the Pustu or Puskesmas",
    "Keluarga menunggu kunjungan kader": "The household awaits a kader's visit",
    # Model names and fields.
    "tanggal kunjungan": "date of the visit",
    "jenis kunjungan": "kind of visit",
    "langkah SAJI": "SAJI steps",
    "kategori": "category",
    "ditindaklanjuti oleh": "followed up by",
    "temuan kunjungan rumah": "home-visit finding",
    "tanggal diingatkan": "date reminded",
    "pengingat RT/RW": "RT/RW reminder",
}
