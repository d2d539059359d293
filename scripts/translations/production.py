"""English for the production server's pages (issue #9 item 2): the 500 page."""

EN = {
    "Terjadi kesalahan": "An error occurred",
    "Terjadi kesalahan di server": "Something went wrong on the server",
    "Permintaan Anda tidak dapat diproses dan sudah dicatat. Coba lagi sebentar lagi; bila berulang, sebutkan kode ini kepada admin:":
        "Your request could not be processed and has been logged. Try again in a moment; if it happens again, give this code to your admin:",
    "Kembali ke beranda": "Back to the home page",
}
