"""English of the worklist page for a busy Posyandu (the most urgent families first, a page per
RT, the families only due their yearly home visit listed apart)."""

EN = {
    "Paling mendesak": "Most urgent",
    "Daftarnya panjang: %(n)s keluarga paling mendesak ditampilkan lebih dulu. Pilih RT untuk melihat semua "
    "keluarganya.": "A long list: the %(n)s most urgent families are shown first. Choose an RT to see all of its "
                    "families.",
    "Per RT": "By RT",
    "Keluarga dengan tugas": "Families with tasks",
    "Terlambat": "Late",
    "Belum dikunjungi": "Not visited",
}
