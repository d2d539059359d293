"""English of the PWS, SPM and roll-out dashboards (siklus.monitoring views and templates), the
home page's links to them and the boundary import. Indicator names carry their own English in the
catalogue (``Indicator.label``)."""

EN = {
    # Boards
    "Dasbor": "Dashboards", "Dasbor PWS": "PWS dashboard", "Pemantauan (PWS)": "Monitoring (PWS)",
    "Dasbor utama": "Main dashboard", "Klaster 2: ibu, anak dan remaja": "Cluster 2: mothers, children and adolescents",
    "Klaster 3: dewasa dan lansia": "Cluster 3: adults and elderly",
    "Klaster 4: penanggulangan penyakit menular": "Cluster 4: communicable disease control",
    "SPM bidang kesehatan": "Minimum service standards (SPM), health", "Penerapan ILP": "ILP roll-out",
    "Klaster 2": "Cluster 2", "Klaster 3": "Cluster 3", "Klaster 4": "Cluster 4",
    # Filters and months
    "Tahun": "Year", "Tampilkan": "Show",
    "Jan": "Jan", "Feb": "Feb", "Mar": "Mar", "Apr": "Apr", "Mei": "May", "Jun": "Jun", "Jul": "Jul", "Agu": "Aug",
    "Sep": "Sep", "Okt": "Oct", "Nov": "Nov", "Des": "Dec",
    # Tables and figures
    "Ringkasan %(name)s": "Summary of %(name)s", "Indikator": "Indicator", "Capaian": "Achievement",
    "Target": "Target", "target": "target", "sasaran": "target population", "Pembilang": "Numerator",
    "Penyebut": "Denominator", "Pembilang / penyebut": "Numerator / denominator", "Unduh tabel": "Download table",
    "kumulatif sejak Januari": "cumulative since January", "daftar orang": "list of persons",
    "dihitung": "computed", "versi aturan": "rule versions",
    "Capaian kumulatif": "Cumulative achievement", "Capaian kumulatif dan target bulanan":
        "Cumulative achievement and monthly target",
    "Capaian per %(level)s": "Achievement by %(level)s", "Peringkat per %(level)s": "Ranking by %(level)s",
    "Semua ukuran per %(level)s": "Every measure by %(level)s",
    "Belum ada nilai pada tingkat ini.": "No values at this level yet.",
    "Belum ada nilai tersimpan. Jalankan: siklus indicators refresh":
        "No stored values yet. Run: siklus indicators refresh",
    # PWS status (ILP.md §7.2)
    "Baik": "Good", "Kurang": "At risk", "Cukup": "Fair", "Jelek": "Poor", "belum ada data": "no data yet",
    # Map
    "Peta desa": "Village map",
    "Belum ada batas wilayah resmi: desa digambar sebagai titik berkelompok per kecamatan (bukan letak sebenarnya).":
        "No official boundaries loaded: villages are drawn as points grouped by sub-district (not their real "
        "location).",
    "Batas wilayah resmi yang diimpor.": "Imported official boundaries.",
    "Berkas bukan GeoJSON FeatureCollection.": "The file is not a GeoJSON FeatureCollection.",
    # SPM
    "Capaian 12 layanan SPM tahun %(year)s": "Achievement of the 12 SPM services in %(year)s",
    "Standar yang berlaku: %(edition)s": "Standard in force: %(edition)s", "Jenis pelayanan": "Service",
    "Dilayani / sasaran": "Served / target population", "belum ada nilai tersimpan": "no stored value yet",
    "belum dihitung (indikator belum ada di katalog)": "not computed (no indicator in the catalogue yet)",
    # The persons behind a figure
    "%(n)s orang": "%(n)s persons", "Kembali ke dasbor": "Back to the dashboard",
    "Tidak ada orang dalam hitungan ini yang terlihat oleh Anda.": "No person in this count is visible to you.",
    "unduhan data pribadi dicatat di log audit": "downloads of personal data are recorded in the audit log",
}
