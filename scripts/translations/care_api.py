"""English for the care API (siklus.care.api): references in a body that name nothing visible."""

EN = {
    "Data yang dirujuk tidak ditemukan.": "The referenced record was not found.",
    "Fasilitas tidak ditemukan.": "Facility not found.",
    "Petugas tidak ditemukan.": "Health worker not found.",
    "Kirim ulang dengan kode peringatan di confirm (%(codes)s) bila nilainya memang benar.":
        "Send again with the warning codes in confirm (%(codes)s) if the values are right.",
}
