"""One vocabulary: every code siklus stores or exchanges, with its Indonesian label (ILP issue #8 item 3).

A code is a string of one *kind*: an encounter kind, a place, a service (the history codes of the
due engine and the items of the screening schedule), an observation (with LOINC and UCUM where
they exist), an immunization dose, or a condition (with ICD-10). Care, the due engine, synth and
later monitoring and FHIR look codes up here; nothing else defines one. The strings are the ones
already stored in the database and accepted by :mod:`siklus.rules.due`, so nothing is migrated.

A code string is unique within its kind, not across kinds (``posyandu`` is a place and an
encounter kind, ``kf`` an encounter kind and a service): :func:`get` takes the kind, and without
it refuses an ambiguous code. An unknown code raises :class:`UnknownCode` (a KeyError).

Labels are Indonesian catalogue msgids marked with :func:`gettext_noop`: the interface translates
them (English in ``scripts/translations/codes.py``). Dose codes and labels are not defined here:
they come from the schedules of :mod:`siklus.rules.immunization` (every edition).

LOINC codes were checked one by one (meaning against published FHIR value sets and examples, and
the mod-10 check digit by :func:`loinc_check_digit_ok`). Where no LOINC code is known for sure —
the Indonesian instruments (SKILAS, KPSP, PUMA), SRQ-20, the modified Barthel total used by the
juknis, WHO z-scores — the field is left empty rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from siklus.rules import config
from siklus.rules import immunization as _immunization

ENCOUNTER, PLACE, SERVICE, OBSERVATION, DOSE, CONDITION = (
    "encounter", "place", "service", "observation", "dose", "condition",
)
SUPPLEMENT, QUESTIONNAIRE, NOTIFIABLE = "supplement", "questionnaire", "notifiable"
TB_DIAGNOSIS, TB_OUTCOME = "tb_diagnosis", "tb_outcome"
TASK = "task"
KINDS = (ENCOUNTER, PLACE, SERVICE, OBSERVATION, DOSE, CONDITION, SUPPLEMENT, QUESTIONNAIRE, NOTIFIABLE,
         TB_DIAGNOSIS, TB_OUTCOME, TASK)


def gettext_noop(template: str) -> str:
    """Marks a label for the translation catalogue without importing any i18n machinery."""
    return template


@dataclass(frozen=True)
class Code:
    code: str  # the stored string
    kind: str  # one of KINDS
    label: str  # Indonesian msgid
    # Observations:
    unit: str = ""  # the unit siklus stores with the value ("" for scores, counts and yes/no)
    ucum: str = ""  # the UCUM code of ``unit`` (FHIR valueQuantity.code)
    loinc: str = ""  # the LOINC code for the default method; "" when none is known for sure
    methods: tuple[tuple[str, str], ...] = ()  # (method code, Indonesian label); "" is always allowed
    loinc_by_method: tuple[tuple[str, str], ...] = ()  # a method that changes the LOINC code
    quantity: str = ""  # the unit guard's quantity (siklus.rules.units), if any
    integer: bool = False  # a count or score: whole numbers only
    # A coded result instead of a number (IVA, TCM, BTA …): (answer code, Indonesian label).
    answers: tuple[tuple[str, str], ...] = ()
    # Conditions: an ICD-10 (WHO edition, as used in Indonesia) code or block.
    icd10: str = ""
    # Conditions: the ICD-10 code or block every diagnosis of this condition falls under
    # (default: ``icd10`` itself and the codes below it).
    icd10_scope: str = ""
    note: str = ""  # why a field is what it is, where it is not obvious

    def loinc_for(self, method: str = "") -> str:
        return dict(self.loinc_by_method).get(method, self.loinc)

    @property
    def method_codes(self) -> tuple[str, ...]:
        return tuple(m for m, _ in self.methods)

    @property
    def answer_codes(self) -> tuple[str, ...]:
        return tuple(a for a, _ in self.answers)

    def answer_label(self, answer: str) -> str:
        return dict(self.answers)[answer]


class UnknownCode(KeyError):
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


# --------------------------------------------------------------------------------- encounter kinds
# The values stored in care.Encounter.kind.
_ENCOUNTERS = (
    Code("posyandu", ENCOUNTER, gettext_noop("Hari buka Posyandu")),
    Code("anc", ENCOUNTER, gettext_noop("Pemeriksaan kehamilan (ANC)")),
    Code("persalinan", ENCOUNTER, gettext_noop("Persalinan")),
    Code("kf", ENCOUNTER, gettext_noop("Kunjungan nifas (KF)")),
    Code("kn", ENCOUNTER, gettext_noop("Kunjungan neonatal (KN)")),
    Code("imunisasi", ENCOUNTER, gettext_noop("Imunisasi")),
    Code("skrining", ENCOUNTER, gettext_noop("Skrining")),
    Code("kontrol", ENCOUNTER, gettext_noop("Kontrol penyakit kronis")),
    Code("kunjungan_rumah", ENCOUNTER, gettext_noop("Kunjungan rumah")),
    Code("pengobatan", ENCOUNTER, gettext_noop("Pengobatan")),
    Code("kontrol_tbc", ENCOUNTER, gettext_noop("Kunjungan pengobatan TBC")),
    Code("gawat_darurat", ENCOUNTER, gettext_noop("Gawat darurat")),
    Code("gigi", ENCOUNTER, gettext_noop("Pemeriksaan gigi dan mulut")),
    Code("laboratorium", ENCOUNTER, gettext_noop("Pemeriksaan laboratorium")),
)

# ------------------------------------------------------------------------------------------ places
# The values stored in care.Encounter.place.
_PLACES = (
    Code("posyandu", PLACE, gettext_noop("Posyandu")),
    Code("pustu", PLACE, gettext_noop("Pustu")),
    Code("puskesmas", PLACE, gettext_noop("Puskesmas")),
    Code("rumah", PLACE, gettext_noop("Kunjungan rumah")),
    Code("sekolah", PLACE, gettext_noop("Sekolah")),
    Code("lain", PLACE, gettext_noop("Fasilitas lain")),
)

# ---------------------------------------------------------------------------------------- services
# The history codes of the due engine (siklus.rules.due.SERVICES, same strings) and the items of
# the screening schedule (siklus.rules.screening.schedule.SCREENING_ITEMS), which the due engine
# also accepts as history codes.
_SERVICES = (
    Code("penimbangan", SERVICE, gettext_noop("Penimbangan dan pengukuran (BB, PB/TB, LK, LiLA)")),
    Code("vitamin-a", SERVICE, gettext_noop("Kapsul vitamin A")),
    Code("pkat", SERVICE, gettext_noop("PKAT")),
    Code("kpsp", SERVICE, gettext_noop("KPSP")),
    Code("kn", SERVICE, gettext_noop("Kunjungan neonatal (KN)")),
    Code("kf", SERVICE, gettext_noop("Kunjungan nifas (KF)")),
    Code("ckg", SERVICE, gettext_noop("Cek Kesehatan Gratis (CKG)")),
    Code("skrining-sekolah", SERVICE, gettext_noop("Pemeriksaan kesehatan sekolah")),
    Code("skrining-ptm", SERVICE, gettext_noop("Skrining PTM tahunan")),
    Code("sadanis", SERVICE, gettext_noop("Pemeriksaan payudara klinis (SADANIS)")),
    Code("iva", SERVICE, gettext_noop("Pemeriksaan IVA (kanker leher rahim)")),
    Code("skilas", SERVICE, gettext_noop("Skrining lansia sederhana (SKILAS)")),
    Code("adl", SERVICE, gettext_noop("Penilaian aktivitas kehidupan sehari-hari (ADL/AKS)")),
    Code("kontrol-hipertensi", SERVICE, gettext_noop("Kontrol hipertensi")),
    Code("kontrol-diabetes", SERVICE, gettext_noop("Kontrol diabetes")),
    Code("kontrol-tbc", SERVICE, gettext_noop("Pemantauan pengobatan TBC")),
    Code("skrining-komplikasi", SERVICE,
         gettext_noop("Skrining komplikasi HT/DM (lipid, fungsi ginjal, funduskopi, EKG)")),
    Code("gula-darah", SERVICE, gettext_noop("Pemeriksaan gula darah (prediabetes)")),
    # Screening schedule items not named above.
    Code("tekanan_darah", SERVICE, gettext_noop("Pengukuran tekanan darah")),
    Code("gula_darah", SERVICE, gettext_noop("Pemeriksaan gula darah")),
    Code("obesitas", SERVICE, gettext_noop("Pengukuran BB, TB, IMT dan lingkar perut")),
    Code("srq20", SERVICE, gettext_noop("Skrining kesehatan jiwa (SRQ-20)")),
    Code("puma", SERVICE, gettext_noop("Skrining PPOK (PUMA)")),
    Code("tajam_penglihatan", SERVICE, gettext_noop("Pemeriksaan tajam penglihatan")),
    Code("katarak", SERVICE, gettext_noop("Pemeriksaan katarak")),
    Code("pendengaran", SERVICE, gettext_noop("Tes bisik (pendengaran)")),
    Code("hpv_dna", SERVICE, gettext_noop("Pemeriksaan HPV-DNA")),
    Code("kolorektal", SERVICE, gettext_noop("Colok dubur dan darah samar feses (kanker kolorektal)")),
    Code("kanker_paru", SERVICE, gettext_noop("Anamnesis risiko kanker paru")),
    Code("lipid", SERVICE, gettext_noop("Profil lipid puasa")),
    Code("fungsi_ginjal", SERVICE, gettext_noop("Fungsi ginjal (ureum, kreatinin, eGFR)")),
    Code("komplikasi_hipertensi", SERVICE, gettext_noop("Skrining komplikasi hipertensi")),
)

# ------------------------------------------------------------------------------------ observations
_GLUCOSE_METHODS = (("glukometer", gettext_noop("Glukometer (darah kapiler)")),
                    ("laboratorium", gettext_noop("Laboratorium (serum/plasma)")))
_Z_UCUM = "{z-score}"  # UCUM has no z-score unit: a dimensionless annotation

_OBSERVATIONS = (
    # Anthropometry (ILP.md §5; LOINC vital-sign codes as in the FHIR vital-signs/anthropometry value sets).
    Code("weight", OBSERVATION, gettext_noop("Berat badan (BB)"), unit="kg", ucum="kg", loinc="29463-7",
         quantity="weight_kg"),
    # Length lying below 24 months, height standing from then (ILP.md §5.3): the method picks the LOINC code.
    Code("length_height", OBSERVATION, gettext_noop("Panjang/tinggi badan (PB/TB)"), unit="cm", ucum="cm",
         methods=(("l", gettext_noop("Berbaring (panjang badan, PB)")),
                  ("h", gettext_noop("Berdiri (tinggi badan, TB)"))),
         loinc_by_method=(("l", "8306-3"), ("h", "8302-2")), quantity="height_cm",
         note="no LOINC code without the position: 8306-3 'Body height --lying', 8302-2 'Body height'"),
    Code("head_circumference", OBSERVATION, gettext_noop("Lingkar kepala (LK)"), unit="cm", ucum="cm",
         loinc="9843-4"),
    # 56072-2: the code used for MUAC by FHIR implementations (display "Circumference Mid upper arm");
    # its meaning is seen in third-party use, not in a LOINC release read here.
    Code("muac", OBSERVATION, gettext_noop("Lingkar lengan atas (LiLA)"), unit="cm", ucum="cm", loinc="56072-2"),
    Code("waist", OBSERVATION, gettext_noop("Lingkar perut (LP)"), unit="cm", ucum="cm", loinc="8280-0"),
    Code("bmi", OBSERVATION, gettext_noop("Indeks massa tubuh (IMT)"), unit="kg/m2", ucum="kg/m2",
         loinc="39156-5"),
    Code("oedema", OBSERVATION, gettext_noop("Edema bilateral (1 ya, 0 tidak)"), integer=True),
    Code("zwei", OBSERVATION, gettext_noop("Z-skor BB/U"), unit="z", ucum=_Z_UCUM),
    Code("zlen", OBSERVATION, gettext_noop("Z-skor PB/U atau TB/U"), unit="z", ucum=_Z_UCUM),
    Code("zwfl", OBSERVATION, gettext_noop("Z-skor BB/PB atau BB/TB"), unit="z", ucum=_Z_UCUM),
    Code("zbmi", OBSERVATION, gettext_noop("Z-skor IMT/U"), unit="z", ucum=_Z_UCUM),
    Code("zhc", OBSERVATION, gettext_noop("Z-skor LK/U"), unit="z", ucum=_Z_UCUM),
    # Blood pressure.
    Code("sbp", OBSERVATION, gettext_noop("Tekanan darah sistolik"), unit="mmHg", ucum="mm[Hg]", loinc="8480-6"),
    Code("dbp", OBSERVATION, gettext_noop("Tekanan darah diastolik"), unit="mmHg", ucum="mm[Hg]", loinc="8462-4"),
    # Glucose: a glucometer on capillary blood at the Posyandu/Pustu (the default), or the laboratory.
    # 41653-7 'Glucose [Mass/volume] in Capillary blood by Glucometer', 2345-7 '… in Serum or Plasma',
    # 1556-0 'Fasting glucose [Mass/volume] in Capillary blood', 1558-6 '… in Serum or Plasma'.
    Code("glucose_random", OBSERVATION, gettext_noop("Gula darah sewaktu (GDS)"), unit="mg/dL", ucum="mg/dL",
         loinc="41653-7", methods=_GLUCOSE_METHODS, loinc_by_method=(("laboratorium", "2345-7"),),
         quantity="glucose_mg_dl"),
    Code("glucose_fasting", OBSERVATION, gettext_noop("Gula darah puasa (GDP)"), unit="mg/dL", ucum="mg/dL",
         loinc="1556-0", methods=_GLUCOSE_METHODS, loinc_by_method=(("laboratorium", "1558-6"),),
         quantity="glucose_mg_dl"),
    # LOINC has 2-hour post-75 g codes per specimen; not one verified here, so none.
    Code("glucose_2h", OBSERVATION, gettext_noop("Gula darah 2 jam TTGO"), unit="mg/dL", ucum="mg/dL",
         methods=_GLUCOSE_METHODS, quantity="glucose_mg_dl"),
    Code("hba1c", OBSERVATION, gettext_noop("HbA1c"), unit="%", ucum="%", loinc="4548-4"),
    Code("hb", OBSERVATION, gettext_noop("Hemoglobin (Hb)"), unit="g/dL", ucum="g/dL", loinc="718-7",
         quantity="hb_g_dl"),
    Code("cholesterol_total", OBSERVATION, gettext_noop("Kolesterol total"), unit="mg/dL", ucum="mg/dL",
         loinc="2093-3"),
    Code("hdl", OBSERVATION, gettext_noop("Kolesterol HDL"), unit="mg/dL", ucum="mg/dL", loinc="2085-9"),
    # LDL is measured directly (18262-6) or calculated (13457-7) depending on the laboratory: none here.
    Code("ldl", OBSERVATION, gettext_noop("Kolesterol LDL"), unit="mg/dL", ucum="mg/dL"),
    Code("triglycerides", OBSERVATION, gettext_noop("Trigliserida"), unit="mg/dL", ucum="mg/dL", loinc="2571-8"),
    Code("creatinine", OBSERVATION, gettext_noop("Kreatinin serum"), unit="mg/dL", ucum="mg/dL", loinc="2160-0"),
    # Questionnaires and scores: no LOINC code known for sure (see the module documentation).
    Code("adl_score", OBSERVATION, gettext_noop("Skor ADL (indeks Barthel modifikasi, 0–20)"),
         methods=(("barthel", gettext_noop("Indeks Barthel modifikasi")),), ucum="{score}", integer=True),
    Code("skilas_positive_domains", OBSERVATION, gettext_noop("SKILAS: jumlah domain positif"),
         ucum="{count}", integer=True),
    Code("srq20_score", OBSERVATION, gettext_noop("Skor SRQ-20"), ucum="{score}", integer=True),
    Code("puma_score", OBSERVATION, gettext_noop("Skor PUMA"), ucum="{score}", integer=True),
    Code("kpsp_yes", OBSERVATION, gettext_noop("KPSP: jumlah jawaban 'Ya'"), ucum="{count}", integer=True),
    Code("tb_symptoms", OBSERVATION, gettext_noop("Gejala TBC (1 ada, 0 tidak ada)"), integer=True),
    # Coded results (value_code, one of ``answers``): cancer screening, TB tests, the ANC triple
    # elimination and urine protein. No LOINC code verified here for these, so none.
    Code("iva", OBSERVATION, gettext_noop("Hasil IVA (inspeksi visual asam asetat)"),
         answers=(("negatif", gettext_noop("IVA negatif")), ("positif", gettext_noop("IVA positif")),
                  ("curiga_kanker", gettext_noop("Curiga kanker")))),
    Code("sadanis", OBSERVATION, gettext_noop("Hasil SADANIS (pemeriksaan payudara klinis)"),
         answers=(("normal", gettext_noop("Normal")), ("benjolan", gettext_noop("Ada benjolan/kelainan")),
                  ("curiga_kanker", gettext_noop("Curiga kanker")))),
    Code("hpv_dna", OBSERVATION, gettext_noop("Hasil HPV-DNA"),
         answers=(("negatif", gettext_noop("Negatif")), ("positif", gettext_noop("Positif")))),
    # TB (Klaster 4): TCM = Xpert MTB/RIF; BTA = sputum smear microscopy (IUATLD grading).
    Code("tcm", OBSERVATION, gettext_noop("Hasil TCM (tes cepat molekuler)"),
         answers=(("neg", gettext_noop("MTB tidak terdeteksi")),
                  ("rif_sen", gettext_noop("MTB terdeteksi, rifampisin sensitif")),
                  ("rif_res", gettext_noop("MTB terdeteksi, rifampisin resisten")),
                  ("rif_indet", gettext_noop("MTB terdeteksi, rifampisin indeterminate")),
                  ("invalid", gettext_noop("Invalid / error / tidak ada hasil")))),
    Code("bta", OBSERVATION, gettext_noop("Hasil mikroskopis BTA"),
         answers=(("negatif", gettext_noop("Negatif")), ("scanty", gettext_noop("Scanty (1–9 BTA)")),
                  ("pos1", gettext_noop("Positif 1+")), ("pos2", gettext_noop("Positif 2+")),
                  ("pos3", gettext_noop("Positif 3+")))),
    Code("rontgen_thorax", OBSERVATION, gettext_noop("Hasil rontgen toraks"),
         answers=(("sugestif_tb", gettext_noop("Gambaran sugestif TBC")),
                  ("tidak_sugestif", gettext_noop("Tidak sugestif TBC")))),
    # ANC triple elimination (HIV, sifilis, hepatitis B) by rapid test.
    Code("hiv", OBSERVATION, gettext_noop("Tes HIV"),
         answers=(("non_reaktif", gettext_noop("Non-reaktif")), ("reaktif", gettext_noop("Reaktif")))),
    Code("sifilis", OBSERVATION, gettext_noop("Tes sifilis"),
         answers=(("non_reaktif", gettext_noop("Non-reaktif")), ("reaktif", gettext_noop("Reaktif")))),
    Code("hbsag", OBSERVATION, gettext_noop("Tes HBsAg (hepatitis B)"),
         answers=(("non_reaktif", gettext_noop("Non-reaktif")), ("reaktif", gettext_noop("Reaktif")))),
    Code("urine_protein", OBSERVATION, gettext_noop("Protein urin"),
         answers=(("negatif", gettext_noop("Negatif")), ("pos1", gettext_noop("Positif 1+")),
                  ("pos2", gettext_noop("Positif 2+")), ("pos3", gettext_noop("Positif 3+")),
                  ("pos4", gettext_noop("Positif 4+")))),
    # Dental (gigi dan mulut): caries indices as counts of teeth.
    Code("dmft", OBSERVATION, gettext_noop("Indeks DMF-T (gigi tetap berlubang, dicabut, ditambal)"),
         ucum="{count}", integer=True),
    Code("deft", OBSERVATION, gettext_noop("Indeks def-t (gigi susu berlubang, indikasi cabut, ditambal)"),
         ucum="{count}", integer=True),
    # Recorded by the cluster forms (ANC 10T, KF/KN, CKG). Vital signs with their LOINC vital-sign codes;
    # a screening result coded under the screening item's own name counts as that item done for the
    # due engine (care.records), as iva and sadanis do. No LOINC where none is known for sure.
    Code("tfu", OBSERVATION, gettext_noop("Tinggi fundus uteri (TFU)"), unit="cm", ucum="cm",
         note="LOINC 11881-0 'Uterus Fundal height by Tape measure' not verified here: none"),
    Code("djj", OBSERVATION, gettext_noop("Denyut jantung janin (DJJ)"), unit="/min", ucum="/min", integer=True),
    Code("presentasi", OBSERVATION, gettext_noop("Presentasi janin"),
         answers=(("kepala", gettext_noop("Kepala")), ("bokong", gettext_noop("Bokong (sungsang)")),
                  ("lintang", gettext_noop("Lintang")), ("belum_teraba", gettext_noop("Belum dapat ditentukan")))),
    Code("usg", OBSERVATION, gettext_noop("Hasil USG kehamilan"),
         answers=(("normal", gettext_noop("Normal")), ("kelainan", gettext_noop("Ada kelainan")))),
    Code("temperature", OBSERVATION, gettext_noop("Suhu tubuh"), unit="°C", ucum="Cel", loinc="8310-5"),
    Code("pulse", OBSERVATION, gettext_noop("Nadi"), unit="/min", ucum="/min", loinc="8867-4", integer=True),
    Code("respiratory_rate", OBSERVATION, gettext_noop("Frekuensi napas"), unit="/min", ucum="/min",
         loinc="9279-1", integer=True),
    Code("ureum", OBSERVATION, gettext_noop("Ureum serum"), unit="mg/dL", ucum="mg/dL"),
    # Visual acuity of the worse eye in the juknis bands (ILP.md §4.3 Vision).
    Code("tajam_penglihatan", OBSERVATION, gettext_noop("Tajam penglihatan (mata terburuk)"),
         answers=(("normal", gettext_noop("6/6–6/12 (normal)")), ("ringan", gettext_noop("<6/12–6/18 (gangguan ringan)")),
                  ("sedang", gettext_noop("<6/18–6/60 (gangguan sedang)")),
                  ("berat", gettext_noop("<6/60–3/60 (gangguan berat)")), ("buta", gettext_noop("<3/60 (buta)")))),
    Code("katarak", OBSERVATION, gettext_noop("Pemeriksaan katarak"),
         answers=(("tidak", gettext_noop("Tidak ada katarak")), ("curiga", gettext_noop("Curiga katarak")))),
    Code("pendengaran", OBSERVATION, gettext_noop("Tes bisik (pendengaran)"),
         answers=(("lulus", gettext_noop("Lulus (≥4 dari 5 kata)")), ("tidak_lulus", gettext_noop("Tidak lulus")))),
    Code("kolorektal", OBSERVATION, gettext_noop("Colok dubur dan darah samar feses"),
         answers=(("negatif", gettext_noop("Negatif")), ("positif", gettext_noop("Positif / ada kelainan")))),
    Code("kanker_paru", OBSERVATION, gettext_noop("Risiko kanker paru (anamnesis)"),
         answers=(("rendah", gettext_noop("Risiko rendah")), ("tinggi", gettext_noop("Risiko tinggi")))),
    Code("komplikasi_hipertensi", OBSERVATION, gettext_noop("Komplikasi hipertensi (EKG, funduskopi)"),
         answers=(("tidak_ada", gettext_noop("Tidak ada komplikasi")), ("ada", gettext_noop("Ada komplikasi")))),
    # The CKG's conclusion (ILP.md §4.2 result categories): recording it marks the birthday CKG done.
    Code("ckg", OBSERVATION, gettext_noop("Kesimpulan CKG"),
         answers=(("normal", gettext_noop("Normal, tanpa faktor risiko")),
                  ("faktor_risiko", gettext_noop("Normal dengan faktor risiko")),
                  ("pra_penyakit", gettext_noop("Pra-penyakit")),
                  ("penyakit_fktp", gettext_noop("Penyakit, ditangani di FKTP")),
                  ("rujuk_fktl", gettext_noop("Perlu rujukan ke FKTL")))),
)

# -------------------------------------------------------------------------------------- conditions
# The known conditions of siklus.rules.due.CONDITIONS (same strings) and care.Condition.code.
_CONDITIONS = (
    # A diagnosis of any hypertensive disease (I10–I15: essential, heart, kidney, secondary) is
    # followed up as hypertension by the programme; hypertension in pregnancy (O10–O16) is not.
    Code("hipertensi", CONDITION, gettext_noop("Hipertensi"), icd10="I10", icd10_scope="I10-I15"),
    # E14 'Unspecified diabetes mellitus' (WHO ICD-10, which Indonesia uses; ICD-10-CM has no E14):
    # a Posyandu/Pustu record does not say the type; adults found by screening are nearly all type 2
    # (E11), which the doctor's diagnosis records.
    # Any type of diabetes (E10–E14) is followed up; gestational diabetes (O24) is not this condition.
    Code("diabetes", CONDITION, gettext_noop("Diabetes melitus"), icd10="E14", icd10_scope="E10-E14",
         note="type not recorded: E14; E11 when the diagnosis says type 2"),
    # WHO ICD-10 R73.0 'Abnormal glucose tolerance test' includes prediabetes and impaired glucose
    # tolerance; the R73.0x subcodes are ICD-10-CM only.
    Code("prediabetes", CONDITION, gettext_noop("Prediabetes"), icd10="R73.0"),
    # A block: a person on TB treatment may be bacteriologically confirmed (A15) or not (A16), or
    # have TB elsewhere (A17–A19); the TB registry (SITB) holds the diagnosis.
    Code("tbc", CONDITION, gettext_noop("Tuberkulosis (dalam pengobatan)"), icd10="A15-A19"),
    Code("obesitas", CONDITION, gettext_noop("Obesitas / obesitas sentral"), icd10="E66"),
)

# ------------------------------------------------------------------------------------- supplements
# The values stored in care.Supplement.kind (ILP.md §1.7 service packages). [M] doses per age are
# the rules' (siklus.rules.children vitamin A); these are only what was handed over.
_SUPPLEMENTS = (
    Code("vitamin_a_biru", SUPPLEMENT, gettext_noop("Vitamin A biru (100.000 IU, bayi 6–11 bulan)")),
    Code("vitamin_a_merah", SUPPLEMENT, gettext_noop("Vitamin A merah (200.000 IU, balita 12–59 bulan, ibu nifas)")),
    Code("ttd", SUPPLEMENT, gettext_noop("Tablet tambah darah (TTD)")),
    Code("mms", SUPPLEMENT, gettext_noop("Multiple micronutrient supplement (MMS) ibu hamil")),
    Code("obat_cacing", SUPPLEMENT, gettext_noop("Obat cacing")),
    Code("pmt_lokal", SUPPLEMENT, gettext_noop("PMT lokal")),
)

# ---------------------------------------------------------------------------------- questionnaires
# The values stored in care.QuestionnaireResponse.instrument.
_QUESTIONNAIRES = (
    Code("srq20", QUESTIONNAIRE, gettext_noop("SRQ-20 (kesehatan jiwa)")),
    Code("puma", QUESTIONNAIRE, gettext_noop("PUMA (skrining PPOK)")),
    Code("skilas", QUESTIONNAIRE, gettext_noop("SKILAS (skrining lansia sederhana)")),
    Code("adl", QUESTIONNAIRE, gettext_noop("ADL / AKS (indeks Barthel modifikasi)")),
    Code("kpsp", QUESTIONNAIRE, gettext_noop("KPSP (perkembangan anak)")),
)

# ------------------------------------------------------------------------------ TB (Klaster 4)
# care.TbCase.diagnosis and .outcome (the SITB categories; the outcomes are WHO's treatment outcomes).
_TB_DIAGNOSES = (
    Code("tbc_so", TB_DIAGNOSIS, gettext_noop("TBC sensitif obat (terkonfirmasi bakteriologis)"), icd10="A15"),
    Code("tbc_ro", TB_DIAGNOSIS, gettext_noop("TBC resisten obat"), icd10="A15"),
    Code("tbc_klinis", TB_DIAGNOSIS, gettext_noop("TBC terdiagnosis klinis"), icd10="A16"),
    Code("bukan_tbc", TB_DIAGNOSIS, gettext_noop("Bukan TBC")),
)
_TB_OUTCOMES = (
    Code("sembuh", TB_OUTCOME, gettext_noop("Sembuh")),
    Code("lengkap", TB_OUTCOME, gettext_noop("Pengobatan lengkap")),
    Code("gagal", TB_OUTCOME, gettext_noop("Gagal")),
    Code("meninggal", TB_OUTCOME, gettext_noop("Meninggal")),
    Code("putus_berobat", TB_OUTCOME, gettext_noop("Putus berobat (loss to follow-up)")),
    Code("tidak_dievaluasi", TB_OUTCOME, gettext_noop("Tidak dievaluasi (pindah)")),
)

# -------------------------------------------------------------------------- notifiable diseases
# care.CaseReport.disease: diseases reported from a contact (SKDR/PD3I). [M] the list follows the
# PD3I and outbreak-prone diseases named by the surveillance programme; ICD-10 from WHO ICD-10.
_NOTIFIABLE = (
    Code("campak_rubela", NOTIFIABLE, gettext_noop("Suspek campak-rubela"), icd10="B05"),
    Code("difteri", NOTIFIABLE, gettext_noop("Difteri"), icd10="A36"),
    Code("afp", NOTIFIABLE, gettext_noop("Lumpuh layuh akut (AFP/polio)"), icd10="A80"),
    Code("pertusis", NOTIFIABLE, gettext_noop("Pertusis"), icd10="A37"),
    Code("tetanus_neonatorum", NOTIFIABLE, gettext_noop("Tetanus neonatorum"), icd10="A33"),
    Code("dbd", NOTIFIABLE, gettext_noop("Demam berdarah dengue (DBD)"), icd10="A91"),
    Code("malaria", NOTIFIABLE, gettext_noop("Malaria"), icd10="B54"),
    Code("diare_berdarah", NOTIFIABLE, gettext_noop("Diare berdarah"), icd10="A09"),
    Code("leptospirosis", NOTIFIABLE, gettext_noop("Leptospirosis"), icd10="A27"),
    Code("rabies", NOTIFIABLE, gettext_noop("Gigitan hewan penular rabies"), icd10="W54"),
)

# ------------------------------------------------------------------------------ follow-up tasks
# followup.Task.kind: why someone must be followed up (siklus.rules.followup opens them). The labels
# are plain words: a ketua RT sees them, so they name what to remind, not a diagnosis.
_TASKS = (
    Code("imunisasi_terlewat", TASK, gettext_noop("Imunisasi terlewat")),
    Code("bb_tidak_naik", TASK, gettext_noop("Berat badan anak tidak naik")),
    Code("bb_2t", TASK, gettext_noop("Berat badan anak dua kali tidak naik")),
    Code("bgm", TASK, gettext_noop("Berat badan anak di bawah garis merah")),
    Code("gizi_anak", TASK, gettext_noop("Anak perlu pemeriksaan gizi (pendek atau kurus)")),
    Code("bumil_kek", TASK, gettext_noop("Ibu hamil perlu tambahan gizi (LiLA kecil)")),
    Code("anemia", TASK, gettext_noop("Perlu pemeriksaan kurang darah")),
    Code("tekanan_darah_tinggi", TASK, gettext_noop("Tekanan darah tinggi perlu diperiksa")),
    Code("anc_terlewat", TASK, gettext_noop("Pemeriksaan kehamilan terlewat")),
    Code("kf_terlewat", TASK, gettext_noop("Kunjungan ibu nifas terlewat")),
    Code("kn_terlewat", TASK, gettext_noop("Kunjungan bayi baru lahir terlewat")),
    Code("ht_tidak_terkendali", TASK, gettext_noop("Tekanan darah belum terkendali")),
    Code("dm_tidak_terkendali", TASK, gettext_noop("Gula darah belum terkendali")),
    Code("kontrol_terlewat", TASK, gettext_noop("Kontrol bulanan terlewat")),
    Code("srq20_positif", TASK, gettext_noop("Perlu pendampingan kesehatan jiwa")),
    Code("skilas_positif", TASK, gettext_noop("Lansia perlu pemeriksaan lanjutan")),
    Code("adl_ketergantungan", TASK, gettext_noop("Lansia perlu bantuan sehari-hari")),
    Code("gejala_tbc", TASK, gettext_noop("Perlu pemeriksaan batuk (TBC)")),
    Code("tbc_kunjungan_terlewat", TASK, gettext_noop("Kunjungan pengobatan TBC terlewat")),
    Code("rujukan_belum_dijawab", TASK, gettext_noop("Rujukan belum ada kabar")),
    Code("rumah_belum_dikunjungi", TASK, gettext_noop("Keluarga belum dikunjungi tahun ini")),
)

# ------------------------------------------------------------------------------------------- doses
TD_WUS = Code("Td", DOSE, gettext_noop("Td (WUS/ibu hamil)"),
              note="Td of women of childbearing age and pregnant women; the T status counts its dates")


def _doses() -> tuple[Code, ...]:
    """Every dose of every edition of the immunization schedule, the latest edition's label."""
    found: dict[str, Code] = {}
    for edition in _immunization.SCHEDULE.editions:
        rules: tuple[_immunization.DoseRule | _immunization.SchoolDose, ...] = (
            *edition.value.doses, *edition.value.school)
        for rule in rules:
            found[rule.code] = Code(rule.code, DOSE, rule.label)
    found.setdefault(TD_WUS.code, TD_WUS)
    return tuple(found.values())


# ------------------------------------------------------------------------------------------- index
_ALL: tuple[Code, ...] = (*_ENCOUNTERS, *_PLACES, *_SERVICES, *_OBSERVATIONS, *_doses(), *_CONDITIONS,
                          *_SUPPLEMENTS, *_QUESTIONNAIRES, *_NOTIFIABLE, *_TB_DIAGNOSES, *_TB_OUTCOMES, *_TASKS)
_BY_KIND: dict[str, dict[str, Code]] = {kind: {} for kind in KINDS}
_BY_CODE: dict[str, list[Code]] = {}
for _c in _ALL:
    if _c.kind not in _BY_KIND:
        raise ValueError(f"unknown kind {_c.kind!r} of {_c.code!r}")
    if _c.code in _BY_KIND[_c.kind]:
        raise ValueError(f"{_c.kind} code {_c.code!r} defined twice")
    _BY_KIND[_c.kind][_c.code] = _c
    _BY_CODE.setdefault(_c.code, []).append(_c)


def get(code: str, kind: str | None = None) -> Code:
    """The code ``code`` of ``kind``; without a kind the code must be unique across kinds."""
    if kind is not None:
        if kind not in _BY_KIND:
            raise UnknownCode(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
        try:
            return _BY_KIND[kind][code]
        except KeyError:
            raise UnknownCode(f"unknown {kind} code {code!r}") from None
    found = _BY_CODE.get(code)
    if not found:
        raise UnknownCode(f"unknown code {code!r}")
    if len(found) > 1:
        raise UnknownCode(f"code {code!r} is of several kinds ({', '.join(c.kind for c in found)}): name the kind")
    return found[0]


def exists(code: str, kind: str) -> bool:
    return code in _BY_KIND.get(kind, {})


def of_kind(kind: str) -> tuple[Code, ...]:
    if kind not in _BY_KIND:
        raise UnknownCode(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    return tuple(_BY_KIND[kind].values())


def label(code: str, kind: str | None = None) -> str:
    """The Indonesian label (a catalogue msgid: translate it for display)."""
    return get(code, kind).label


def choices(kind: str) -> list[tuple[str, str]]:
    """(code, Indonesian label) pairs of a kind, in definition order (Django choices, translated by the caller)."""
    return [(c.code, c.label) for c in of_kind(kind)]


def every() -> tuple[Code, ...]:
    return _ALL


# ---------------------------------------------------------------------------- plausible values
# Values a person can have, in the stored unit; outside them an entry is refused. The guarded
# quantities (weight, length/height, glucose, Hb) use siklus.rules.units instead, which also
# recognises a unit slip. [M]: physiological limits, clinical practice, not a regulation.
PLAUSIBLE = config.declare(
    "codes.plausible_ranges",
    {
        "head_circumference": (20.0, 70.0),
        "muac": (5.0, 60.0),
        "waist": (30.0, 250.0),
        "bmi": (8.0, 80.0),
        "oedema": (0.0, 1.0),
        "zwei": (-10.0, 10.0), "zlen": (-10.0, 10.0), "zwfl": (-10.0, 10.0), "zbmi": (-10.0, 10.0),
        "zhc": (-10.0, 10.0),
        "sbp": (50.0, 300.0),
        "dbp": (20.0, 200.0),
        "hba1c": (2.0, 20.0),
        "cholesterol_total": (40.0, 1000.0),
        "hdl": (5.0, 200.0),
        "ldl": (10.0, 800.0),
        "triglycerides": (10.0, 5000.0),
        "creatinine": (0.1, 30.0),
        "adl_score": (0.0, 20.0),
        "skilas_positive_domains": (0.0, 6.0),
        "srq20_score": (0.0, 20.0),
        "puma_score": (0.0, 9.0),
        "kpsp_yes": (0.0, 10.0),
        "tb_symptoms": (0.0, 1.0),
        "dmft": (0.0, 32.0),
        "deft": (0.0, 20.0),
        "tfu": (5.0, 50.0), "djj": (60.0, 240.0), "temperature": (30.0, 45.0), "pulse": (20.0, 250.0),
        "respiratory_rate": (5.0, 120.0), "ureum": (2.0, 400.0),
    },
    "Per observation code without a unit guard, the inclusive range of values accepted when a value is "
    "recorded (stored unit). Scores and counts span their instrument (ADL 0–20, SRQ-20 0–20, PUMA 0–9, "
    "SKILAS 0–6 domains, KPSP 0–10); yes/no codes 0–1; DMF-T 0–32 permanent and def-t 0–20 deciduous teeth.",
    "ILP.md §4.3, §4.4 (instrument ranges); physiological limits: clinical practice [M]",
)


def plausible_range(code: str) -> tuple[float, float] | None:
    """The accepted (low, high) of an observation code without a unit guard (nor coded answers), else None."""
    get(code, OBSERVATION)
    found = config.get(PLAUSIBLE.name).get(code)
    return None if found is None else (float(found[0]), float(found[1]))


# ---------------------------------------------------------------------------------------- LOINC
_LOINC = re.compile(r"(\d{1,7})-(\d)")


def loinc_check_digit(body: str) -> int:
    """LOINC's mod-10 check digit of the part before the hyphen (the Luhn algorithm: from the
    right, every other digit starting with the last is doubled, digits of the products summed)."""
    total = 0
    for position, char in enumerate(reversed(body)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            digit = digit // 10 + digit % 10
        total += digit
    return (10 - total % 10) % 10


def loinc_check_digit_ok(code: str) -> bool:
    match = _LOINC.fullmatch(code)
    return match is not None and loinc_check_digit(match.group(1)) == int(match.group(2))


def loinc_codes() -> Iterable[tuple[str, str]]:
    """(observation code, LOINC code) for every LOINC code in the vocabulary, per method too."""
    for c in _BY_KIND[OBSERVATION].values():
        if c.loinc:
            yield c.code, c.loinc
        for _, loinc in c.loinc_by_method:
            yield c.code, loinc
