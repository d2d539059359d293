"""English of issue #10 items 1, 2 and 7: error pages, history and audit lines in words, the ILP
status form."""

EN = {
    # Error pages (siklus.core.errorpages, templates 400/403/404.html) and the API's JSON errors.
    "Halaman tidak ditemukan": "Page not found",
    "Halaman atau data ini tidak ada, sudah dipindahkan, atau berada di luar wilayah kerja Anda.":
        "This page or record does not exist, has moved, or lies outside your working area.",
    "Tidak diizinkan": "Not allowed",
    "Halaman atau tindakan ini di luar wewenang atau wilayah kerja Anda. Bila Anda seharusnya dapat membukanya, hubungi admin.":
        "This page or action is outside your role or working area. If you should be able to open it, contact the admin.",
    "Permintaan tidak dapat dibaca": "The request could not be read",
    "Permintaan tidak dapat dibaca.": "The request could not be read.",
    "Alamat atau isian yang dikirim tidak dapat diproses. Periksa alamatnya, atau kembali dan coba lagi.":
        "The address or the data sent could not be processed. Check the address, or go back and try again.",
    "Kembali ke halaman sebelumnya": "Back to the previous page",
    "Di luar wewenang atau wilayah kerja Anda.": "Outside your role or working area.",
    "Data tidak ditemukan.": "Not found.",
    # History and audit lines in words (siklus.audit.history).
    "alasan": "reason",
    "di wilayah lain": "in another area",
    "tidak": "no",
    "Penduduk": "Residents",
    "Anggota keluarga": "Household members",
    "Tenaga kesehatan dan kader": "Health workers and kader",
    "Formulir penduduk": "Resident form",
    "Formulir keluarga": "Household form",
    "Formulir pembatalan": "Void form",
    # The ILP status form (item 7).
    "Status ILP tersimpan: tidak menjalankan ILP, tanggal mulai dikosongkan.":
        "ILP status saved: not running ILP, start date cleared.",
}
