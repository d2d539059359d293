"""siklus facts export / siklus national run|load (issue #17)."""

EN = {
    "Isi SIKLUS_PSEUDONYM_KEY (rahasia pseudonim deployment ini) sebelum mengekspor.":
        "Set SIKLUS_PSEUDONYM_KEY (this deployment's pseudonym secret) before exporting.",
    "Wilayah %(code)s tidak dikenal.": "Area %(code)s is not known.",
    "%(path)s bukan folder.": "%(path)s is not a folder.",
    "%(path)s berversi skema %(found)s, siklus ini memakai versi %(version)s: ekspor ulang ke folder baru.":
        "%(path)s has schema version %(found)s, this siklus uses version %(version)s: export again into a new folder.",
    "Tidak ada ekspor fakta di %(path)s (manifest.json tidak ada).":
        "No fact export in %(path)s (manifest.json is missing).",
    "%(path)s tidak terbaca: %(error)s": "%(path)s cannot be read: %(error)s",
    "Tidak ada hasil siklus national run di %(path)s (values.parquet tidak ada).":
        "No siklus national run results in %(path)s (values.parquet is missing).",
    "%(facts)s fakta, %(persons)s penduduk, %(files)s berkas, %(bytes)s byte dalam %(seconds)s detik":
        "%(facts)s facts, %(persons)s residents, %(files)s files, %(bytes)s bytes in %(seconds)s s",
    "%(events)s kejadian layanan, %(values)s nilai, %(queries)s kueri dalam %(seconds)s detik (%(engine)s)":
        "%(events)s service events, %(values)s values, %(queries)s queries in %(seconds)s s (%(engine)s)",
    "indikator": "indicators",
}
