"""English for follow-up tasks (issue #13): the task kinds, the rules' reasons, the model's fields,
the services' messages and the ``siklus followup`` command."""

EN = {
    # task kinds (siklus.rules.codes, kind "task"): plain words, an RT/RW head sees them
    "Imunisasi terlewat": "Missed immunization",
    "Berat badan anak tidak naik": "Child's weight did not go up",
    "Berat badan anak dua kali tidak naik": "Child's weight did not go up twice",
    "Berat badan anak di bawah garis merah": "Child's weight below the red line",
    "Anak perlu pemeriksaan gizi (pendek atau kurus)": "Child needs a nutrition check (short or thin)",
    "Ibu hamil perlu tambahan gizi (LiLA kecil)": "Pregnant woman needs extra nutrition (small arm circumference)",
    "Perlu pemeriksaan kurang darah": "Needs a check for low blood (anaemia)",
    "Tekanan darah tinggi perlu diperiksa": "High blood pressure needs a check",
    "Pemeriksaan kehamilan terlewat": "Missed pregnancy check-up",
    "Kunjungan ibu nifas terlewat": "Missed visit after childbirth",
    "Kunjungan bayi baru lahir terlewat": "Missed newborn visit",
    "Tekanan darah belum terkendali": "Blood pressure not yet under control",
    "Gula darah belum terkendali": "Blood sugar not yet under control",
    "Kontrol bulanan terlewat": "Missed monthly check-up",
    "Perlu pendampingan kesehatan jiwa": "Needs mental health support",
    "Lansia perlu pemeriksaan lanjutan": "Older person needs a further check",
    "Lansia perlu bantuan sehari-hari": "Older person needs help with daily activities",
    "Perlu pemeriksaan batuk (TBC)": "Needs a cough check (TB)",
    "Kunjungan pengobatan TBC terlewat": "Missed TB treatment visit",
    "Rujukan belum ada kabar": "No news of the referral yet",
    "Keluarga belum dikunjungi tahun ini": "Family not visited this year",
    # reasons (siklus.rules.followup)
    "Imunisasi %(dose)s belum diberikan; seharusnya paling lambat %(by)s.":
        "Immunization %(dose)s not given; it was due by %(by)s.",
    "Penimbangan %(date)s: berat badan tidak naik (T). Rujuk ke Pustu/Puskesmas.":
        "Weighing of %(date)s: weight did not go up (T). Refer to the Pustu/Puskesmas.",
    "Penimbangan %(date)s: berat badan dua kali berturut-turut tidak naik (2T). Rujuk ke Puskesmas.":
        "Weighing of %(date)s: weight did not go up twice in a row (2T). Refer to the Puskesmas.",
    "Penimbangan %(date)s: berat badan di bawah garis merah (BGM). Rujuk ke Puskesmas.":
        "Weighing of %(date)s: weight below the red line (BGM). Refer to the Puskesmas.",
    "%(what)s sejak %(date)s, belum ditindaklanjuti di Pustu/Puskesmas.":
        "%(what)s since %(date)s, not yet followed up at the Pustu/Puskesmas.",
    "Kontak ANC %(slots)s terlewat (HPHT %(hpht)s); ajak ke Pustu/Puskesmas.":
        "ANC contact %(slots)s missed (LMP %(hpht)s); bring her to the Pustu/Puskesmas.",
    "Kunjungan nifas %(visit)s terlewat (bersalin %(date)s).": "Postnatal visit %(visit)s missed (delivered %(date)s).",
    "Kunjungan neonatal %(visit)s terlewat (lahir %(date)s).": "Neonatal visit %(visit)s missed (born %(date)s).",
    "Kontrol %(what)s bulanan terlewat; terakhir %(last)s.": "Monthly %(what)s check-up missed; last on %(last)s.",
    "Kontrol %(what)s bulanan belum pernah tercatat (sejak %(since)s).":
        "No monthly %(what)s check-up recorded yet (since %(since)s).",
    "Kunjungan pengobatan TBC terlewat; terakhir %(last)s.": "TB treatment visit missed; last on %(last)s.",
    "Terduga TBC sejak %(date)s; belum ada hasil pemeriksaan dahak.":
        "Presumptive TB since %(date)s; no sputum test result yet.",
    "Rujukan %(date)s (%(to)s) belum ada jawaban.": "Referral of %(date)s (%(to)s) not answered yet.",
    "Keluarga belum dikunjungi kader pada tahun %(year)s.": "Family not visited by a kader in %(year)s.",
    "Anak pendek (stunting) atau kurus (wasting)": "Child stunted or wasted",
    "Ibu hamil KEK (LiLA < 23,5 cm)": "Pregnant woman with chronic energy deficiency (MUAC < 23.5 cm)",
    "Anemia (Hb rendah)": "Anaemia (low Hb)",
    "Tekanan darah tinggi": "High blood pressure",
    "Hipertensi tidak terkendali": "Uncontrolled hypertension",
    "Diabetes tidak terkendali": "Diabetes not controlled",
    "SRQ-20 tidak normal": "SRQ-20 abnormal",
    "SKILAS positif": "SKILAS positive",
    "Ketergantungan dalam aktivitas sehari-hari (ADL)": "Dependence in activities of daily living (ADL)",
    "hipertensi": "hypertension",
    "diabetes": "diabetes",
    # model (siklus.followup.models)
    "Terbuka": "Open",
    "Selesai (layanan tercatat)": "Done (service recorded)",
    "Ditutup petugas": "Closed by staff",
    "Batal (meninggal, pindah atau data dibatalkan)": "Cancelled (died, moved out or record voided)",
    "Kader Posyandu": "Posyandu kader",
    "Bidan/perawat Pustu": "Pustu midwife/nurse",
    "Tim Puskesmas": "Puskesmas team",
    "alasan": "reason",
    "dibuka": "opened",
    "batas waktu": "due",
    "tingkat kepentingan": "urgency",
    "perlu tenaga kesehatan": "needs a health worker",
    "ditutup": "closed",
    "hasil tindak lanjut": "follow-up outcome",
    "ditutup oleh": "closed by",
    "ditangani oleh": "handled by",
    "fasilitas": "facility",
    "eskalasi": "escalation",
    "tanggal eskalasi": "escalation date",
    "tugas tindak lanjut": "follow-up task",
    "Tindak lanjut": "Follow-up",
    # services
    "Tuliskan hasil tindak lanjutnya.": "Write the outcome of the follow-up.",
    "Hasil tindak lanjut paling panjang 500 karakter.": "The outcome is at most 500 characters.",
    "Tugas ini sudah tidak terbuka (%(status)s).": "This task is no longer open (%(status)s).",
    "Tugas ini sudah diubah orang lain. Muat ulang lalu coba lagi.":
        "Someone else changed this task. Reload and try again.",
    # command
    "Tanggal harus berbentuk TTTT-BB-HH: %(value)s": "A date must be YYYY-MM-DD: %(value)s",
    "%(count)s tugas dinaikkan.": "%(count)s tasks escalated.",
    " penduduk": " residents",
    "Selesai dalam %(seconds)s detik: %(persons)s penduduk dan %(households)s keluarga dievaluasi; "
    "%(opened)s tugas dibuka, %(done)s selesai, %(cancelled)s dibatalkan, %(escalated)s dinaikkan.":
        "Done in %(seconds)s seconds: %(persons)s residents and %(households)s families evaluated; "
        "%(opened)s tasks opened, %(done)s done, %(cancelled)s cancelled, %(escalated)s escalated.",
}
