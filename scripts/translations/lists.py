"""English for the searchable lists (issue #10 items 3 and 4): facility list and desa households."""

EN = {
    "Cari nama atau desa": "Search name or village",
    "Hapus saringan": "Clear filters",
    "%(n)s fasilitas": "%(n)s facilities",
    "Desa": "Village",
    "Tidak ada fasilitas yang cocok.": "No matching facility.",
    "Cari kepala keluarga, No. KK atau alamat": "Search head of household, family card no. or address",
    "Tidak ada keluarga yang cocok.": "No matching household.",
}
