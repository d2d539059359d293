"""English of the delivery team on the persalinan form and the API (SPM 2 counts the team)."""

EN = {
    "Penolong utama": "Lead birth attendant",
    "Tim penolong": "Birth attendant team",
    "Centang semua tenaga yang menolong; penolong utama sudah termasuk.":
        "Tick everyone who attended the birth; the lead attendant is already included.",
}
