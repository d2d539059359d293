"""TB symptom screening outcome (ILP.md §4.3 "TB" [V:S1b]).

The symptom/risk interview is asked at every contact. Its outcome is one of *terduga TBC*
(presumptive TB: symptoms present), *kontak erat* (a close contact of a TB patient without
symptoms) or *bukan terduga*. A presumptive case gives two sputum specimens (sewaktu–pagi, or
sewaktu–sewaktu at least one hour apart) for TCM (molecular test) or microscopy.

Which symptoms count is the interview form's business (the juknis lists the priority groups, not
a symptom score): the rule takes whether the interview found TB symptoms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from siklus.rules.screening.result import ASSESSMENT, REFER_PUSKESMAS, ROUTINE, Classification, FollowUp
from siklus.rules.versioning import JUKNIS_ILP, JUKNIS_ILP_FROM, Edition, Versioned

PRESUMPTIVE, CLOSE_CONTACT, NOT_PRESUMPTIVE = "terduga_tbc", "kontak_erat", "bukan_terduga"


def gettext_noop(template: str) -> str:
    """Marks a label for the translation catalogue without importing any i18n machinery."""
    return template


@dataclass(frozen=True)
class Outcome:
    code: str
    label: str  # Indonesian msgid
    follow_up: FollowUp


TB_SYMPTOMS = Versioned(
    Edition(JUKNIS_ILP, JUKNIS_ILP_FROM, {
        PRESUMPTIVE: Outcome(PRESUMPTIVE, gettext_noop("Terduga TBC (ada gejala)"), FollowUp(
            REFER_PUSKESMAS,
            gettext_noop("Periksa 2 spesimen dahak (sewaktu–pagi atau sewaktu–sewaktu berjarak ≥ 1 jam) "
                         "dengan TCM atau mikroskopis"))),
        CLOSE_CONTACT: Outcome(CLOSE_CONTACT, gettext_noop("Kontak erat TBC (tanpa gejala)"), FollowUp(
            ASSESSMENT, gettext_noop("Investigasi kontak oleh tenaga kesehatan; tanyakan gejala pada setiap kunjungan"))),
        NOT_PRESUMPTIVE: Outcome(NOT_PRESUMPTIVE, gettext_noop("Bukan terduga TBC (tidak ada gejala)"), FollowUp(
            ROUTINE, gettext_noop("Tanyakan gejala TBC pada setiap kunjungan"))),
    }),
)


def classify_tb_symptoms(symptoms: bool, *, close_contact: bool = False, on: date | None = None) -> Classification:
    """*terduga TBC* when the interview found symptoms (a contact with symptoms is presumptive too),
    *kontak erat* for a close contact without symptoms, else *bukan terduga*."""
    edition = TB_SYMPTOMS.at(on)
    code = PRESUMPTIVE if symptoms else CLOSE_CONTACT if close_contact else NOT_PRESUMPTIVE
    outcome: Outcome = edition.value[code]
    return Classification(outcome.code, outcome.label, outcome.follow_up, edition.version)
