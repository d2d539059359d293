"""English of the strings added for pages whose cost does not grow with the area (issue 9, item 8)."""

EN = {
    "Kursor halaman tidak valid; mulai lagi dari halaman pertama.": "Invalid page cursor; start again from the first page.",
}
