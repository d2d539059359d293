"""English for the screening, unit-guard and child-growth rule messages (siklus.rules.screening,
siklus.rules.units, siklus.rules.anthropometry): ILP.md §0.1 C5, C6, C8, C9."""

EN = {
    # C5: random glucose 100–199 is "belum pasti DM" (PERKENI)
    "Belum pasti DM (GDS 100–199 mg/dL)": "Diabetes not certain (random glucose 100–199 mg/dL)",
    "Periksa gula darah puasa (GDP) atau TTGO untuk memastikan; edukasi gaya hidup sehat":
        "Check fasting glucose or an OGTT to confirm; healthy-lifestyle education",
    # C6: unit guard
    "Gula darah %(value)s terlalu rendah untuk mg/dL — apakah ini mmol/L? (%(value)s mmol/L ≈ %(converted)s mg/dL)":
        "Blood glucose %(value)s is too low for mg/dL — is it mmol/L? (%(value)s mmol/L ≈ %(converted)s mg/dL)",
    "Gula darah %(value)s mg/dL di luar rentang wajar (%(low)s–%(high)s mg/dL).":
        "Blood glucose %(value)s mg/dL is outside the plausible range (%(low)s–%(high)s mg/dL).",
    "Hb %(value)s terlalu tinggi untuk g/dL — apakah ini g/L? (%(value)s g/L = %(converted)s g/dL)":
        "Hb %(value)s is too high for g/dL — is it g/L? (%(value)s g/L = %(converted)s g/dL)",
    "Hb %(value)s g/dL di luar rentang wajar (%(low)s–%(high)s g/dL).":
        "Hb %(value)s g/dL is outside the plausible range (%(low)s–%(high)s g/dL).",
    "Tinggi/panjang badan %(value)s terlalu kecil untuk cm — apakah ini meter? (%(value)s m = %(converted)s cm)":
        "Height/length %(value)s is too small for cm — is it metres? (%(value)s m = %(converted)s cm)",
    "Tinggi/panjang badan %(value)s cm di luar rentang wajar (%(low)s–%(high)s cm).":
        "Height/length %(value)s cm is outside the plausible range (%(low)s–%(high)s cm).",
    "Berat badan %(value)s terlalu besar untuk kg — apakah ini gram? (%(value)s g = %(converted)s kg)":
        "Weight %(value)s is too large for kg — is it grams? (%(value)s g = %(converted)s kg)",
    "Berat badan %(value)s kg di luar rentang wajar (%(low)s–%(high)s kg).":
        "Weight %(value)s kg is outside the plausible range (%(low)s–%(high)s kg).",
    # C9: under 9 months measured standing
    "Anak di bawah 9 bulan diukur berdiri: ukur ulang panjang badannya sambil berbaring (telentang).":
        "A child under 9 months was measured standing: measure the length again lying down (on the back).",
}
