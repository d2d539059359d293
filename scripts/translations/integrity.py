"""English for the strings of issue #9 items 1 and 5: versions and conflicts, ASCII digits,
names, the out-of-area mother."""

EN = {
    "versi": "version",
    "Data ini sudah diubah oleh %(user)s pada %(at)s setelah Anda membukanya. Periksa nilai yang tersimpan; "
    "simpan lagi bila Anda tetap memilih nilai Anda.":
        "%(user)s changed this record at %(at)s after you opened it. Check the saved values; save again if you "
        "still choose yours.",
    "Data ini sudah diubah setelah Anda membukanya. Periksa nilai yang tersimpan; simpan lagi bila Anda tetap "
    "memilih nilai Anda.":
        "This record was changed after you opened it. Check the saved values; save again if you still choose yours.",
    "Nilai Anda: %(yours)s. Nilai yang disimpan sementara itu oleh %(user)s pada %(at)s: %(current)s.":
        "Your value: %(yours)s. Saved meanwhile by %(user)s at %(at)s: %(current)s.",
    'If-Match harus berisi satu versi, misalnya W/"3".': 'If-Match must hold one version, e.g. W/"3".',
    "Gunakan angka 0–9 biasa (bukan angka lebar penuh, Arab, atau Dewanagari).":
        "Use the plain digits 0–9 (not fullwidth, Arabic-Indic or Devanagari digits).",
    "Nama harus berisi huruf.": "A name must contain letters.",
    "Ibu terdaftar di wilayah lain": "Mother registered in another area",
}
