"""English of the indicator catalogue's numerator, denominator and note texts
(siklus.monitoring.catalogue), shown on the dashboards and the lists of persons behind a figure."""

_DOSES = ("HB0", "BCG", "OPV1", "OPV4", "DPT-HB-Hib1", "DPT-HB-Hib3", "PCV1", "PCV2", "PCV3", "RV1", "RV3", "IPV1",
          "IPV2", "MR1", "DPT-HB-Hib4", "MR2")
_SCREENINGS = {"hipertensi": "hypertension", "diabetes (gula darah puasa)": "diabetes (fasting blood glucose)",
               "kanker leher rahim (IVA)": "cervical cancer (VIA)", "kanker payudara (SADANIS)": "breast cancer (CBE)",
               "PPOK (PUMA)": "COPD (PUMA)", "tajam penglihatan": "visual acuity", "pendengaran": "hearing",
               "HIV": "HIV", "hepatitis B": "hepatitis B", "sifilis": "syphilis"}
_CKG_BANDS = {"balita dan prasekolah (0–6 tahun)": "under-fives and preschool children (0–6 years)",
              "usia sekolah (7–17 tahun)": "of school age (7–17 years)", "dewasa (18–59 tahun)": "adults (18–59 years)",
              "lansia (≥ 60 tahun)": "elderly (≥ 60 years)"}

EN = {
    # KIA
    "Ibu hamil dengan kunjungan ANC pertama kehamilannya": "Pregnant women with the first ANC visit of the pregnancy",
    "Sasaran ibu hamil": "Target pregnant women",
    "Ibu hamil dengan kunjungan ANC pertama pada trimester 1":
        "Pregnant women with the first ANC visit in the first trimester",
    "Ibu hamil dengan ≥ 4 kunjungan ANC (1-1-2 per trimester)": "Pregnant women with ≥ 4 ANC visits (1-1-2 by trimester)",
    "Ibu hamil dengan ≥ 6 kunjungan ANC (1-2-3 per trimester, 2 kali dokter dengan USG)":
        "Pregnant women with ≥ 6 ANC visits (1-2-3 by trimester, 2 with a doctor and ultrasound)",
    "Persalinan di fasilitas pelayanan kesehatan": "Deliveries at a health facility",
    "Sasaran ibu bersalin": "Target women giving birth",
    "Ibu nifas dengan KF1–KF4": "Postpartum women with KF1–KF4",
    "Sasaran ibu nifas": "Target postpartum women",
    "Neonatus dengan KN1": "Newborns with KN1",
    "Neonatus dengan KN1–KN3": "Newborns with KN1–KN3",
    # immunization
    **{f"Anak yang mendapat {dose}": f"Children given {dose}" for dose in _DOSES},
    "Sasaran bayi / baduta": "Target infants / children under two",
    "Bayi dengan semua dosis IDL sebelum umur 1 tahun": "Infants with every IDL dose before the age of 1 year",
    "Sasaran bayi": "Target infants",
    "Baduta dengan dosis lanjutan lengkap": "Children under two with complete booster doses",
    "Sasaran baduta": "Target children under two",
    "Anak dengan DPT-HB-Hib1 tanpa DPT-HB-Hib3": "Children with DPT-HB-Hib1 without DPT-HB-Hib3",
    "Anak dengan DPT-HB-Hib1": "Children with DPT-HB-Hib1",
    "Anak dengan DPT-HB-Hib1 tanpa MR1": "Children with DPT-HB-Hib1 without MR1",
    "Desa dengan IDL ≥ 80 %": "Villages with IDL ≥ 80 %",
    "Seluruh desa": "All villages",
    # nutrition
    "Balita terdaftar (S)": "Registered under-fives (S)",
    "Balita ditimbang yang naik berat badannya (N)": "Weighed under-fives whose weight went up (N)",
    "Balita ditimbang yang tidak naik berat badannya (T)": "Weighed under-fives whose weight did not go up (T)",
    "Balita dengan T dua bulan berturut-turut (2T)": "Under-fives with T two months in a row (2T)",
    "Balita ditimbang dengan BB/U < −3 SD (BGM)": "Weighed under-fives with weight-for-age < −3 SD (BGM)",
    "Balita BB/U < −2 SD (pengukuran terakhir)": "Under-fives with weight-for-age < −2 SD (latest measurement)",
    "Balita ditimbang": "Under-fives weighed",
    "Balita PB/U atau TB/U < −2 SD (terakhir)": "Under-fives with length/height-for-age < −2 SD (latest)",
    "Balita diukur": "Under-fives measured",
    "Balita BB/PB atau BB/TB < −2 SD (terakhir)": "Under-fives with weight-for-length/height < −2 SD (latest)",
    "Balita dengan BB/PB atau BB/TB": "Under-fives with a weight-for-length/height",
    "Balita BB/PB atau BB/TB < −3 SD (terakhir)": "Under-fives with weight-for-length/height < −3 SD (latest)",
    "Balita 6–59 bulan yang mendapat kapsul vitamin A": "Children 6–59 months given a vitamin A capsule",
    "Balita 6–59 bulan": "Children 6–59 months",
    # Klaster 3
    "Penduduk ≥ 15 tahun yang diukur tekanan darah": "Residents ≥ 15 years whose blood pressure was measured",
    "Penduduk ≥ 15 tahun": "Residents ≥ 15 years",
    "Orang dengan hipertensi tercatat (sejak)": "Persons with hypertension recorded (since)",
    "Orang dengan diabetes tercatat (sejak)": "Persons with diabetes recorded (since)",
    "Penderita hipertensi dengan tekanan darah terakhir terkendali":
        "Hypertension patients whose latest blood pressure is controlled",
    "Penderita hipertensi yang diukur": "Hypertension patients measured",
    "Penderita DM dengan gula darah terakhir terkendali": "Diabetes patients whose latest blood glucose is controlled",
    "Penderita DM yang diperiksa": "Diabetes patients tested",
    "Dewasa dengan IMT obesitas (terakhir)": "Adults with an obese BMI (latest)",
    "Dewasa diukur IMT": "Adults with a BMI measured",
    "Dewasa diskrining SRQ-20": "Adults screened with SRQ-20",
    "Penduduk 18–59 tahun": "Residents 18–59 years",
    "Lansia dengan SKILAS": "Elderly with SKILAS",
    "Penduduk ≥ 60 tahun": "Residents ≥ 60 years",
    "Lansia dengan penilaian ADL": "Elderly with an ADL assessment",
    # TB
    "Orang diskrining gejala TBC": "Persons screened for TB symptoms",
    "Seluruh penduduk": "All residents",
    "Orang dengan gejala TBC pada skrining": "Persons with TB symptoms at screening",
    "Orang terduga TBC": "Presumptive TB persons",
    "Terduga TBC dengan pemeriksaan": "Presumptive TB persons examined",
    "Kasus TBC mulai diobati": "TB cases started on treatment",
    "Kasus TBC terdiagnosis": "TB cases diagnosed",
    # screening and CKG
    **{f"Sasaran yang diskrining {id_}": f"Target persons screened for {en}" for id_, en in _SCREENINGS.items()},
    "Penduduk sasaran": "Target residents",
    **{f"Penduduk {id_} dengan CKG": f"Residents {en} with a CKG" for id_, en in _CKG_BANDS.items()},
    **{f"Penduduk {id_}": f"Residents {en}" for id_, en in _CKG_BANDS.items()},
    # JKN
    "Penduduk dengan nomor JKN": "Residents with a JKN number",
    "Seluruh penduduk terdaftar": "All registered residents",
    # SPM
    "Ibu hamil dengan ANC lengkap sesuai standar edisi SPM (4/2019: 1-1-2; 6/2024: 1-2-3 dengan 2 kali dokter dan USG),"
    " lengkap pada tahun ini":
        "Pregnant women with complete ANC by the standard of the SPM edition (4/2019: 1-1-2; 6/2024: 1-2-3 with"
        " 2 doctor visits and ultrasound), completed this year",
    "Persalinan di fasyankes oleh tim penolong sesuai standar":
        "Deliveries at a health facility by a standard team of birth attendants",
    "Bayi lahir hidup dengan pelayanan esensial (IMD, vitamin K1, salep mata, HB0) dan KN lengkap":
        "Live-born babies with essential care (early breastfeeding, vitamin K1, eye ointment, HB0) and complete KN",
    "Balita ditimbang ≥ 8 kali, diukur PB/TB ≥ 2 kali, dipantau perkembangannya ≥ 2 kali, vitamin A tiap"
    " Februari/Agustus, IDL":
        "Under-fives weighed ≥ 8 times, length/height measured ≥ 2 times, development monitored ≥ 2 times,"
        " vitamin A every February/August, IDL",
    "Balita 0–59 bulan": "Children 0–59 months",
    "Anak 7–15 tahun dengan skrining status gizi, tanda vital, gigi-mulut, penglihatan dan pendengaran":
        "Children 7–15 years screened for nutritional status, vital signs, teeth and mouth, vision and hearing",
    "Anak usia 7–15 tahun": "Children aged 7–15 years",
    "Penduduk 15–59 tahun dengan skrining obesitas, tekanan darah, gula darah, kesehatan jiwa (perempuan 30–50 tahun"
    " juga IVA dan SADANIS)":
        "Residents 15–59 years screened for obesity, blood pressure, blood glucose, mental health (women 30–50 years"
        " also VIA and CBE)",
    "Penduduk usia 15–59 tahun": "Residents aged 15–59 years",
    "Lansia dengan skrining tekanan darah, gula darah, kolesterol, kesehatan jiwa, kognitif, ADL (6/2024 juga SKILAS)":
        "Elderly screened for blood pressure, blood glucose, cholesterol, mental health, cognition, ADL (6/2024 also"
        " SKILAS)",
    "Penderita hipertensi diukur tekanan darah setiap bulan": "Hypertension patients with blood pressure measured every month",
    "Penderita hipertensi ≥ 15 tahun": "Hypertension patients ≥ 15 years",
    "Penderita DM diperiksa gula darah setiap bulan": "Diabetes patients with blood glucose tested every month",
    "Penderita DM ≥ 15 tahun": "Diabetes patients ≥ 15 years",
    "ODGJ berat yang mendapat layanan (kontrol, pengobatan, kunjungan rumah)":
        "Persons with severe mental illness who received care (check-up, treatment, home visit)",
    "Orang dengan gangguan jiwa berat tercatat": "Persons with severe mental illness recorded",
    "Terduga TBC dengan pemeriksaan klinis dan bakteriologis (TCM/BTA)":
        "Presumptive TB persons with a clinical and a bacteriological examination (TCM/smear)",
    "Ibu hamil dengan tes HIV": "Pregnant women tested for HIV",
    # ILP roll-out
    "Puskesmas dengan klaster ILP": "Puskesmas organised in ILP clusters",
    "Seluruh Puskesmas": "All Puskesmas",
    "Pustu yang menjalankan ILP": "Pustu running ILP",
    "Seluruh Pustu": "All Pustu",
    "Posyandu yang melayani semua sasaran": "Posyandu serving every target group",
    "Seluruh Posyandu": "All Posyandu",
    "Desa/kelurahan dengan Pustu": "Villages with a Pustu",
    "Seluruh desa/kelurahan": "All villages",
    # notes
    "siklus synth mencatat penimbangan, PB/TB, vitamin A dan imunisasi, belum pemantauan perkembangan (KPSP): pada data"
    " sintetis capaian ini 0.":
        "siklus synth records weighings, length/height, vitamin A and immunization but not yet developmental"
        " monitoring (KPSP): on synthetic data this figure is 0.",
    "siklus synth belum mencatat skrining anak sekolah: pada data sintetis capaian ini 0.":
        "siklus synth does not yet record school-child screening: on synthetic data this figure is 0.",
    "siklus synth mencatat tekanan darah dan gula darah, belum IMT dan SRQ-20: pada data sintetis capaian ini 0.":
        "siklus synth records blood pressure and blood glucose but not yet BMI and SRQ-20: on synthetic data this"
        " figure is 0.",
    "siklus synth belum mencatat kolesterol: pada data sintetis capaian ini 0.":
        "siklus synth does not yet record cholesterol: on synthetic data this figure is 0.",
    "siklus synth belum mencatat ODGJ berat.": "siklus synth does not yet record severe mental illness (ODGJ berat).",
    "Pemeriksaan klinis: hasil dengan diagnosis (termasuk bukan TBC) atau pemeriksaan klinis.":
        "Clinical examination: a result with a diagnosis (including not TB) or a clinical examination.",
}
