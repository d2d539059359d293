"""``siklus backup`` and ``siklus restore``: their refusals, checks and reports."""

EN = {
    "Basis data %(engine)s tidak didukung: hanya SQLite dan PostgreSQL.":
        "Database %(engine)s is not supported: only SQLite and PostgreSQL.",
    "Program %(tool)s tidak ditemukan: pasang klien PostgreSQL (paket postgresql-client) "
    "dengan versi yang sama atau lebih baru dari servernya.":
        "Program %(tool)s not found: install the PostgreSQL client (package postgresql-client) "
        "of the server's version or newer.",
    "pg_dump gagal: %(error)s": "pg_dump failed: %(error)s",
    "pg_restore gagal: %(error)s": "pg_restore failed: %(error)s",
    "File cadangan %(file)s rusak atau terpotong (%(reason)s): tidak dipulihkan.":
        "Backup file %(file)s is damaged or truncated (%(reason)s): nothing restored.",
    "%(file)s bukan cadangan siklus (format %(format)s).": "%(file)s is not a siklus backup (format %(format)s).",
    "Cadangan ini dari %(backup)s, basis data tujuan %(target)s: pulihkan ke mesin basis data yang sama.":
        "This backup is from %(backup)s, the target database is %(target)s: restore into the same database engine.",
    "Cadangan dibuat oleh versi siklus yang lebih baru (migrasi %(migrations)s tidak dikenal kode ini): "
    "perbarui siklus dulu.":
        "The backup was made by a newer version of siklus (migrations %(migrations)s are unknown to this code): "
        "update siklus first.",
    "Basis data tujuan SQLite harus berupa file.": "The target SQLite database must be a file.",
    "Basis data tujuan tidak kosong (%(count)s tabel berisi, mis. %(table)s): tambahkan --replace untuk menimpanya.":
        "The target database is not empty (%(count)s tables hold rows, e.g. %(table)s): add --replace to overwrite it.",
    "Isi cadangan SQLite rusak: %(error)s": "The SQLite backup's content is damaged: %(error)s",
    "File cadangan %(file)s tidak ada.": "Backup file %(file)s does not exist.",
    "Cadangan %(engine)s ditulis ke %(file)s (%(size)s): %(tables)s tabel, %(rows)s baris, dibuat %(when)s.":
        "%(engine)s backup written to %(file)s (%(size)s): %(tables)s tables, %(rows)s rows, made %(when)s.",
    "Dipulihkan dari cadangan %(engine)s tanggal %(when)s (siklus %(version)s).":
        "Restored from the %(engine)s backup of %(when)s (siklus %(version)s).",
    "Tidak cocok: tabel %(table)s, %(what)s: cadangan %(expected)s, hasil %(actual)s":
        "Mismatch: table %(table)s, %(what)s: backup %(expected)s, restored %(actual)s",
    "Verifikasi GAGAL: %(count)s dari %(tables)s tabel tidak cocok dengan manifest.":
        "Verification FAILED: %(count)s of %(tables)s tables do not match the manifest.",
    "Terverifikasi: %(tables)s tabel, %(rows)s baris — jumlah baris dan checksum setiap tabel cocok dengan manifest.":
        "Verified: %(tables)s tables, %(rows)s rows — every table's row count and checksum match the manifest.",
    "Cadangan ini dari versi skema yang lebih lama: jalankan siklus migrate.":
        "This backup is from an older schema version: run siklus migrate.",
}
