"""The audit log page and its CSV export."""

EN = {
    "catatan audit": "audit event",
    "Dari": "From",
    "Sampai": "To",
    "Saring": "Filter",
    "Unduh CSV": "Download CSV",
}
