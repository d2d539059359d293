"""English of strings added while integrating the helpers' work."""

EN = {
    "%(n)s nilai indikator tersimpan": "%(n)s indicator values stored",
    "%(n)s fakta layanan ditulis": "%(n)s service facts written",
    "Tim": "Team",
}
