"""English for the monitoring app (issue #14): levels, sasaran sources, PWS statuses and the
fields of sasaran estimates. Indicator names carry their English in the catalogue itself
(``Indicator.name_en``, shown by ``Indicator.label``)."""

EN = {
    "Pemantauan": "Monitoring",
    "Kabupaten/Kota": "District/City",
    "Penduduk terdaftar": "Registered residents",
    "Estimasi resmi kabupaten/kota": "Official district estimate",
    "Orang yang dilayani": "Persons served",
    "Fasilitas terdaftar": "Registered facilities",
    "Tanpa penyebut": "No denominator",
    "kabupaten/kota": "district/city",
    "tahun": "year",
    "kelompok sasaran": "target group",
    "jumlah": "number",
    "sumber": "source",
    "estimasi sasaran": "target population estimate",
    "baik": "good",
    "kurang": "at risk",
    "cukup": "fair",
    "jelek": "poor",
}
