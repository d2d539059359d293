"""Kunjungan rumah (home visits, ILP.md §1.8): who in a household gets which checklist, the SAJI
steps, what an answer means, and what a ketua RT/RW may be told.

* :func:`stages_for` — the checklists of one member on the day of the visit: ibu hamil, ibu
  bersalin & nifas, bayi (0–6 bl), balita & prasekolah (6–71 bl), usia sekolah & remaja (≥6–18 th),
  usia dewasa (19–59 th), lansia (≥60 th) and penyakit menular (TBC) — the ASIK home-visit forms
  (ILP.md §1.8 [V:S1b, V3:S6]). A pregnant or postpartum woman gets her form instead of the one of
  her age; a person on TB treatment gets the TBC form as well.
* :data:`CHECKLISTS` — the questions of each form. Their wording is a reconstruction from the
  home-visit column of ILP.md §1.7 and the kader module [V3:S6] ([M]: confirm against the ASIK
  forms); each question says which answer is a finding and in which of the four categories of the
  weekly review at the Pustu it falls (:data:`CATEGORIES`), and what follows from it: a referral
  (danger signs), a TB symptom recorded, or a task the answer closes (given elsewhere).
* :func:`findings` — the findings of a member's answers.
* :func:`rt_reminder` — a task kind in the plain, non-clinical words a ketua RT/RW may see.

Pure: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from siklus.rules.messages import gettext_noop

RULE_VERSION = "homevisit-2026.12"
SOURCE = "ILP.md §1.7–§1.8 (Juknis ILP [V:S1b]; modul kader [V3:S6]); question wording [M]"

# SAJI, the method of a home visit (ILP.md §1.8): the kader ticks each step done.
SAJI = (
    ("salam", gettext_noop("Salam"), gettext_noop("Beri salam, perkenalkan diri dan tujuan kunjungan.")),
    ("ajak_bicara", gettext_noop("Ajak bicara"),
     gettext_noop("Tanyakan daftar tilik tiap anggota keluarga dan periksa Buku KIA.")),
    ("jelaskan_bantu", gettext_noop("Jelaskan dan bantu"),
     gettext_noop("Jelaskan temuan dan bantu keluarga mengambil keputusan (layanan, rujukan).")),
    ("ingatkan", gettext_noop("Ingatkan"), gettext_noop("Ingatkan jadwal layanan berikutnya dan janji tindak lanjut.")),
)
SAJI_CODES = tuple(code for code, _label, _hint in SAJI)

# Kinds of visit (ILP.md §1.8).
VISIT_KINDS = (
    ("rutin", gettext_noop("Rutin (setiap keluarga)")),
    ("khusus", gettext_noop("Khusus (keluarga berisiko)")),
    ("bersama_nakes", gettext_noop("Bersama tenaga kesehatan")),
)

# The four categories of the weekly review at the Pustu (ILP.md §1.8 [V3:S6]).
NOT_ACCESSING, NOT_ADHERENT, DANGER_SIGN, TB_SYMPTOM = "tidak_akses", "tidak_patuh", "tanda_bahaya", "gejala_tbc"
CATEGORIES = (
    (NOT_ACCESSING, gettext_noop("Tidak mengakses layanan")),
    (NOT_ADHERENT, gettext_noop("Tidak patuh pengobatan")),
    (DANGER_SIGN, gettext_noop("Tanda bahaya")),
    (TB_SYMPTOM, gettext_noop("Gejala TBC")),
)

STAGES = (
    ("ibu_hamil", gettext_noop("Ibu hamil")),
    ("nifas", gettext_noop("Ibu bersalin dan nifas")),
    ("bayi", gettext_noop("Bayi (0–6 bulan)")),
    ("balita", gettext_noop("Balita dan anak prasekolah (6–71 bulan)")),
    ("sekolah", gettext_noop("Usia sekolah dan remaja (6–18 tahun)")),
    ("dewasa", gettext_noop("Usia dewasa (19–59 tahun)")),
    ("lansia", gettext_noop("Lansia (60 tahun ke atas)")),
    ("tbc", gettext_noop("Penyakit menular (TBC)")),
)
STAGE_LABELS = dict(STAGES)
NIFAS_DAYS = 42  # KF ends on day 42 after delivery (ILP.md §4.5)


@dataclass(frozen=True)
class Item:
    code: str
    question: str  # Indonesian msgid
    finding_on: str = ""  # "ya" or "tidak": the answer that is a finding ("" none: education)
    category: str = ""  # one of CATEGORIES, or "" (a finding outside the four)
    refer: bool = False  # a finding refers the person to the Pustu (danger signs)
    tb_symptom: bool = False  # a finding is a positive TB symptom screening
    closes: str = ""  # the task kind this answer ("ya") answers: the service was given elsewhere
    female_from_years: int | None = None  # asked of girls/women from this age only


_TB_ITEM = Item("batuk", gettext_noop("Batuk 2 minggu atau lebih, batuk berdarah, demam, keringat malam atau berat "
                                      "badan turun tanpa sebab?"), "ya", TB_SYMPTOM, tb_symptom=True)
_IMM = (
    Item("imunisasi_sesuai", gettext_noop("Imunisasi sesuai jadwal di Buku KIA?"), "tidak", NOT_ACCESSING),
    Item("imunisasi_di_tempat_lain", gettext_noop("Imunisasi yang terlewat sudah diberikan di tempat lain "
                                                  "(lihat Buku KIA)?"), closes="imunisasi_terlewat"),
)
_MEDICINE = Item("obat_rutin", gettext_noop("Bila berobat rutin (darah tinggi, kencing manis, gangguan jiwa): minum "
                                            "obat teratur dan kontrol tiap bulan?"), "tidak", NOT_ADHERENT)

CHECKLISTS: dict[str, tuple[Item, ...]] = {
    "ibu_hamil": (
        Item("anc_sesuai", gettext_noop("Periksa kehamilan sesuai jadwal di Buku KIA?"), "tidak", NOT_ACCESSING),
        Item("anc_di_tempat_lain", gettext_noop("Pemeriksaan yang terlewat sudah dilakukan di tempat lain (bidan "
                                                "praktik, klinik)?"), closes="anc_terlewat"),
        Item("ttd", gettext_noop("Minum tablet tambah darah setiap hari?"), "tidak", NOT_ADHERENT),
        Item("tanda_bahaya_hamil", gettext_noop("Ada tanda bahaya: perdarahan, bengkak di kaki, tangan atau wajah, sakit "
                                                "kepala hebat, demam, gerak janin berkurang, air ketuban keluar?"),
             "ya", DANGER_SIGN, refer=True),
        Item("isi_piringku", gettext_noop("Makan beragam dan cukup (isi piringku)?")),
        _TB_ITEM,
    ),
    "nifas": (
        Item("kf_sesuai", gettext_noop("Sudah kunjungan nifas sesuai jadwal?"), "tidak", NOT_ACCESSING),
        Item("kf_di_tempat_lain", gettext_noop("Kunjungan nifas yang terlewat sudah dilakukan di tempat lain?"),
             closes="kf_terlewat"),
        Item("tanda_bahaya_nifas", gettext_noop("Ada tanda bahaya nifas: perdarahan banyak, demam, cairan berbau dari "
                                                "jalan lahir, payudara bengkak dan nyeri, sakit kepala hebat, sangat "
                                                "sedih?"), "ya", DANGER_SIGN, refer=True),
        Item("asi", gettext_noop("Menyusui bayinya?")),
        Item("kb", gettext_noop("Sudah merencanakan KB setelah bersalin?")),
    ),
    "bayi": (
        Item("kn_sesuai", gettext_noop("Bayi sudah diperiksa (kunjungan neonatal) sesuai jadwal?"), "tidak",
             NOT_ACCESSING),
        Item("kn_di_tempat_lain", gettext_noop("Kunjungan neonatal yang terlewat sudah dilakukan di tempat lain?"),
             closes="kn_terlewat"),
        Item("tanda_bahaya_bayi", gettext_noop("Ada tanda bahaya: tidak mau menyusu, kejang, sesak napas, demam atau badan "
                                               "dingin, kuning, diare, tali pusat merah atau bernanah?"),
             "ya", DANGER_SIGN, refer=True),
        Item("asi_saja", gettext_noop("Bayi hanya diberi ASI?")),
        *_IMM,
    ),
    "balita": (
        Item("ditimbang", gettext_noop("Ditimbang di Posyandu bulan ini?"), "tidak", NOT_ACCESSING),
        *_IMM,
        Item("vitamin_a", gettext_noop("Mendapat kapsul vitamin A pada Februari atau Agustus terakhir?"), "tidak",
             NOT_ACCESSING),
        Item("tanda_bahaya_balita", gettext_noop("Ada tanda bahaya: tidak bisa minum atau menyusu, memuntahkan semua, "
                                                 "kejang, lemas atau tidak sadar, sesak napas, diare berdarah?"),
             "ya", DANGER_SIGN, refer=True),
        Item("makan_sesuai_umur", gettext_noop("Makan sesuai umur (MP-ASI, isi piringku)?")),
    ),
    "sekolah": (
        Item("periksa_sekolah", gettext_noop("Sudah ikut pemeriksaan kesehatan di sekolah atau Posyandu tahun ini?"),
             "tidak", NOT_ACCESSING),
        Item("ttd_remaja", gettext_noop("Minum tablet tambah darah setiap minggu?"), "tidak", NOT_ADHERENT,
             female_from_years=12),
        Item("rokok", gettext_noop("Tidak merokok dan tidak terpapar asap rokok?")),
        _TB_ITEM,
    ),
    "dewasa": (
        Item("skrining", gettext_noop("Sudah diperiksa tekanan darah dan gula darah tahun ini?"), "tidak",
             NOT_ACCESSING),
        _MEDICINE,
        Item("rokok", gettext_noop("Tidak merokok?")),
        _TB_ITEM,
    ),
    "lansia": (
        Item("skrining_lansia", gettext_noop("Sudah diperiksa di Posyandu atau Pustu tahun ini (tekanan darah, gula "
                                             "darah, SKILAS)?"), "tidak", NOT_ACCESSING),
        _MEDICINE,
        Item("mandiri", gettext_noop("Bisa makan, mandi, berpakaian dan ke kamar mandi sendiri?"), "tidak"),
        Item("tanda_bahaya_lansia", gettext_noop("Ada keluhan mendadak: lemah separuh badan, bicara pelo, nyeri dada, "
                                                 "sesak napas, baru jatuh?"), "ya", DANGER_SIGN, refer=True),
        _TB_ITEM,
    ),
    "tbc": (
        Item("minum_obat_tbc", gettext_noop("Minum obat TBC setiap hari, diawasi pengawas minum obat?"), "tidak",
             NOT_ADHERENT),
        Item("kontrol_tbc", gettext_noop("Kontrol dan ambil obat sesuai jadwal?"), "tidak", NOT_ADHERENT),
        Item("efek_samping", gettext_noop("Ada efek samping berat: mata atau kulit kuning, muntah terus, ruam, gangguan "
                                          "penglihatan atau pendengaran?"), "ya", DANGER_SIGN, refer=True),
        Item("kontak_serumah", gettext_noop("Anggota keluarga serumah sudah diperiksa TBC?"), "tidak", NOT_ACCESSING),
    ),
}
ANSWERS = ("ya", "tidak")


def _months(birth: date, on: date) -> int:
    return (on.year - birth.year) * 12 + on.month - birth.month - (on.day < birth.day)


def stages_for(birth: date, sex: str, on: date, *, pregnant: bool = False, delivered_on: date | None = None,
               tb_treatment: bool = False) -> tuple[str, ...]:
    """The checklists of a member on ``on`` (ages in completed months and years)."""
    months = _months(birth, on)
    if months < 0:
        return ()
    nifas = delivered_on is not None and 0 <= (on - delivered_on).days <= NIFAS_DAYS
    if sex == "P" and pregnant:
        stages = ["ibu_hamil"]
    elif sex == "P" and nifas:
        stages = ["nifas"]
    elif months < 6:
        stages = ["bayi"]
    elif months < 72:
        stages = ["balita"]
    elif months < 19 * 12:
        stages = ["sekolah"]
    elif months < 60 * 12:
        stages = ["dewasa"]
    else:
        stages = ["lansia"]
    if tb_treatment:
        stages.append("tbc")
    return tuple(stages)


def items_for(stage: str, sex: str, years: int) -> tuple[Item, ...]:
    return tuple(i for i in CHECKLISTS[stage]
                 if i.female_from_years is None or (sex == "P" and years >= i.female_from_years))


@dataclass(frozen=True)
class Finding:
    stage: str
    item: str
    category: str  # "" outside the four review categories
    refer: bool
    tb_symptom: bool
    question: str


def findings(stage: str, answers: Mapping[str, str]) -> tuple[Finding, ...]:
    """The findings among one member's answers to one checklist (unknown items are ignored)."""
    out = []
    for item in CHECKLISTS.get(stage, ()):
        if item.finding_on and answers.get(item.code) == item.finding_on:
            out.append(Finding(stage, item.code, item.category, item.refer, item.tb_symptom, item.question))
    return tuple(out)


def closed_kinds(stage: str, answers: Mapping[str, str]) -> tuple[str, ...]:
    """Task kinds answered by a "ya" to a given-elsewhere question."""
    return tuple(i.closes for i in CHECKLISTS.get(stage, ()) if i.closes and answers.get(i.code) == "ya")


# ---------------------------------------------------------------------------- what the RT/RW sees

# A ketua RT/RW helps remind a family; it is told what to remind of, never why: no diagnosis, no
# dose, no measurement (issue #13). Mental health, TB and the like all read "periksa".
RT_CHILD, RT_MOTHER, RT_CHECK, RT_VISIT = "anak", "ibu", "periksa", "kunjungan"
RT_WORDS = {
    RT_CHILD: gettext_noop("Ajak anak ke Posyandu atau Pustu"),
    RT_MOTHER: gettext_noop("Ajak ibu ke Pustu atau Puskesmas"),
    RT_CHECK: gettext_noop("Ajak anggota keluarga ke Pustu atau Puskesmas"),
    RT_VISIT: gettext_noop("Keluarga menunggu kunjungan kader"),
}
_RT_GROUP = {
    "imunisasi_terlewat": RT_CHILD, "bb_tidak_naik": RT_CHILD, "bb_2t": RT_CHILD, "bgm": RT_CHILD,
    "gizi_anak": RT_CHILD, "kn_terlewat": RT_CHILD,
    "anc_terlewat": RT_MOTHER, "kf_terlewat": RT_MOTHER, "bumil_kek": RT_MOTHER,
    "rumah_belum_dikunjungi": RT_VISIT,
}


def rt_reminder(kind: str) -> str:
    """The reminder group of a task kind (any kind not listed is a plain "periksa")."""
    return _RT_GROUP.get(kind, RT_CHECK)


def rt_reminders(kinds: Iterable[str]) -> tuple[str, ...]:
    """The distinct reminder groups of a household's open tasks, in a fixed order."""
    groups = {rt_reminder(k) for k in kinds}
    return tuple(g for g in RT_WORDS if g in groups)
