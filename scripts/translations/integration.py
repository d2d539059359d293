"""English of strings added while integrating the helpers' work."""

EN = {
    "%(n)s nilai indikator tersimpan": "%(n)s indicator values stored",
    "%(n)s fakta layanan ditulis": "%(n)s service facts written",
    "Tim": "Team",
    "Angka capaian belum dihitung untuk wilayah dan periode ini. Hubungi admin siklus agar perhitungan indikator dijadwalkan.":
        "The figures have not been computed for this area and period yet. Ask the siklus administrator to schedule the "
        "indicator computation.",
    "Angka capaian bulan ini belum dihitung. Hubungi admin siklus agar perhitungan indikator dijadwalkan.":
        "This month's figures have not been computed yet. Ask the siklus administrator to schedule the indicator "
        "computation.",
}
