"""English of the delivery team (SPM 2) that care records for the monitoring catalogue."""

EN = {
    "tim penolong": "birth attendant team",
    "Tim penolong: pilih 1–6 tenaga dari daftar.": "Birth attendant team: choose 1–6 attendants from the list.",
    "Penolong utama harus termasuk dalam tim penolong.": "The lead attendant must be part of the attendant team.",
}
