"""English for the length, RT/RW and plausibility messages (issue #10 items 5, 6)."""

EN = {
    "%(field)s terlalu panjang (maksimal %(max)d huruf).": "%(field)s is too long (at most %(max)d characters).",
    "%(field)s harus angka 1–999.": "%(field)s must be a number from 1 to 999.",
    "Kepala keluarga berumur %(age)d tahun (di bawah %(min)d tahun). Periksa tanggal lahir dan hubungan dalam keluarga.":
        "The head of household is %(age)d years old (under %(min)d). Check the date of birth and the family relation.",
    "Ibu harus lebih tua setidaknya %(min)d tahun dari anak.": "The mother must be at least %(min)d years older than the child.",
    "Ibu berumur %(age)d tahun saat anak lahir (wajar %(low)d–%(high)d tahun). Periksa tanggal lahir ibu dan anak.":
        "The mother was %(age)d at the birth (plausible: %(low)d–%(high)d). Check the dates of birth of mother and child.",
    "Kepala keluarga/suami berumur %(age)d tahun saat anak lahir (di bawah %(min)d tahun). Periksa tanggal lahir dan hubungan dalam keluarga.":
        "The head of household/husband was %(age)d at the child's birth (under %(min)d). Check the dates of birth and the family relation.",
    'Periksa peringatan di bawah; tekan "Simpan juga" bila data memang benar.':
        'Check the warnings below; press "Save anyway" if the data are correct.',
    "Simpan juga": "Save anyway",
    "Kirim ulang dengan confirm_warnings=true bila data memang benar.": "Send again with confirm_warnings=true if the data are correct.",
}
