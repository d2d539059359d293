"""English for the account pages, the audit log's new actions and filters, and sign-in throttling (issue #9)."""

EN = {
    # audit actions and page
    "daftar": "list",
    "cari": "search",
    "terkunci": "locked out",
    "ganti kata sandi": "password change",
    "atur ulang kata sandi": "password reset",
    "buat token": "token created",
    "cabut token": "token revoked",
    "Pengguna": "User",
    "ID data": "Record id",
    "%(n)s data": "%(n)s records",
    "Masuk dikunci sementara selama 15 menit karena kata sandi salah berkali-kali, untuk akun ini atau dari alamat ini. Coba lagi nanti atau hubungi admin.":
        "Signing in is locked for 15 minutes after repeated wrong passwords, for this account or from this address. Try again later or contact an admin.",
    # accounts
    "wajib ganti kata sandi": "must change password",
    "Akun saya": "My account",
    "Ganti kata sandi": "Change password",
    "Atur ulang kata sandi pengguna": "Reset a user's password",
    "Token API": "API tokens",
    "Token dipakai aplikasi lain untuk mengakses API atas nama Anda. Cabut token yang tidak dipakai lagi.":
        "Tokens let other applications use the API on your behalf. Revoke tokens no longer in use.",
    "Nama": "Name",
    "Dibuat": "Created",
    "Berlaku sampai": "Valid until",
    "Status": "Status",
    "dicabut": "revoked",
    "aktif": "active",
    "kedaluwarsa": "expired",
    "Cabut": "Revoke",
    "Belum ada token.": "No tokens yet.",
    "Nama token baru": "New token name",
    "Buat token": "Create token",
    "Kata sandi Anda diatur ulang oleh admin. Pilih kata sandi baru sebelum melanjutkan.":
        "Your password was reset by an admin. Choose a new password before continuing.",
    "Simpan kata sandi baru": "Save new password",
    "Kata sandi Anda sudah diganti.": "Your password has been changed.",
    "Token %(name)s dicabut.": "Token %(name)s revoked.",
    "Token API baru": "New API token",
    "Salin token ini sekarang. Token hanya ditampilkan sekali ini.": "Copy this token now. It is shown only this once.",
    "Berlaku sampai %(date)s.": "Valid until %(date)s.",
    "Kembali ke akun saya": "Back to my account",
    "Pengguna di wilayah Anda": "Users in your area",
    "Cari": "Search",
    "Nama pengguna": "Username",
    "Peran": "Role",
    "Tempat": "Place",
    "Atur ulang kata sandi": "Reset password",
    "Tidak ada pengguna.": "No users.",
    "Kata sandi sekali pakai (hanya ditampilkan sekali ini; sampaikan langsung kepada penggunanya):":
        "One-time password (shown only this once; give it to the user in person):",
    "Pengguna wajib menggantinya saat masuk berikutnya.": "The user must change it at the next sign-in.",
    "Kata sandi lama tidak berlaku lagi dan pengguna wajib memilih kata sandi baru saat masuk berikutnya.":
        "The old password stops working and the user must choose a new one at the next sign-in.",
    "Kembali ke daftar pengguna": "Back to the user list",
}
