"""English of the labels that say where a rule setting's value comes from
(``siklus.rules.config.ORIGIN_LABELS``, shown by the interface beside a setting)."""

EN = {
    "bawaan aturan": "rule default",
    "pengaturan server (SIKLUS_RULES)": "server setting (SIKLUS_RULES)",
    "pengaturan wilayah %(area)s": "area setting %(area)s",
    "diubah sementara (uji/simulasi)": "temporarily changed (test/what-if)",
}
