"""English of ``siklus synth --report`` (siklus.synth.report) and of the sources of the presets'
figures (siklus.synth.presets, siklus.synth.parameters). "Penduduk", "Puskesmas", "Pustu",
"Posyandu" and "Pustu menjalankan ILP" are translated by other topics."""

EN = {
    # report rows
    'Rasio jenis kelamin (L per 100 P)': 'Sex ratio (males per 100 females)',
    'Penduduk umur 0–4 tahun': 'Residents aged 0–4 years',
    'Kelahiran hidup per 1.000 penduduk per tahun': 'Live births per 1,000 residents per year',
    'Lahir dalam periode = kelahiran hidup tercatat': 'Born in the period = recorded live births',
    'kelahiran dari riwayat': 'births of the history',
    'Lahir dalam periode tanpa catatan kelahiran': 'Born in the period without a birth record',
    'Stunting balita (TB/U)': 'Stunting, under-fives (height-for-age)',
    'profil umur SKI 2023 × angka kabupaten': 'SKI 2023 age profile × district rate',
    '  umur %(low)s–%(high)s bulan': '  aged %(low)s–%(high)s months',
    'Wasting balita (BB/TB)': 'Wasting, under-fives (weight-for-height)',
    'Underweight balita (BB/U)': 'Underweight, under-fives (weight-for-age)',
    'Imunisasi dasar lengkap (anak 12–23 bulan)': 'Complete basic immunization (children 12–23 months)',
    'Hipertensi di antara yang diskrining (≥ 18 tahun)': 'Hypertension among those screened (≥ 18 years)',
    'Diabetes di antara yang diskrining (≥ 15 tahun)': 'Diabetes among those screened (≥ 15 years)',
    'Cakupan skrining dewasa ≥ 15 tahun per tahun': 'Screening coverage of adults ≥ 15 years per year',
    'Puskesmas menjalankan ILP': 'Puskesmas runs ILP',
    'Posyandu menjalankan ILP': 'Posyandu runs ILP',
    # report frame
    'Belum ada data sintetis di %(kabupaten)s: jalankan siklus synth dahulu.':
        'No synthetic data in %(kabupaten)s yet: run siklus synth first.',
    '%(title)s (%(code)s), preset %(preset)s: %(persons)s penduduk (skala %(scale)s), '
    '%(months)s bulan sampai %(as_of)s':
        '%(title)s (%(code)s), preset %(preset)s: %(persons)s residents (scale %(scale)s), '
        '%(months)s months to %(as_of)s',
    'Angka': 'Figure',
    'Sintetis': 'Synthetic',
    'Sasaran': 'Target',
    'Toleransi': 'Tolerance',
    'Sumber': 'Source',
    'banding': 'compare',
    'sesuai': 'ok',
    'MELESET': 'OFF',
    'nasional: %(source)s': 'national: %(source)s',
    'Semua angka dalam toleransi (%(z)s galat baku).': 'Every figure within tolerance (%(z)s standard errors).',
    'Di luar toleransi: %(rows)s': 'Outside tolerance: %(rows)s',
    # sources of the figures
    'proyeksi BPS 2024 [K2]': 'BPS projection 2024 [K2]',
    'Dinkes Kotim, 229 siklus hidup [ISSUE]': 'Dinkes Kotim, 229 life-cycle [ISSUE]',
    'semua Puskesmas; percontohan Ketapang 2 (SK Kadinkes 84/2026)':
        'every Puskesmas; pilot Ketapang 2 (SK Kadinkes 84/2026)',
    '≈ pertengahan 2024 [B2] (SP2020 565.635)': '≈ mid-2024 [B2] (SP2020 565,635)',
    '[GUESS] tidak dipublikasikan': '[GUESS] not published',
    '10 Puskesmas 2024, +15 pada 29-9-2025 [B3]': '10 Puskesmas in 2024, +15 on 29 Sep 2025 [B3]',
    'SSGI 2024 [B9][B10] (SKI 2023: 30,1 %)': 'SSGI 2024 [B9][B10] (SKI 2023: 30.1 %)',
    '≈ 40 %: Kalsel 44,1 % vs nasional 34,1 % (Riskesdas 2018) [B11]':
        '≈ 40 %: Kalsel 44.1 % vs national 34.1 % (Riskesdas 2018) [B11]',
    'pertengahan 2022 [S1] (SP2020 421.306)': 'mid-2022 [S1] (SP2020 421,306)',
    '22 sejak 2019 [S4][S5]': '22 since 2019 [S4][S5]',
    'Kalbar 2022 (provinsi) [S2]': 'Kalbar 2022 (province) [S2]',
    'SSGI 2024 [S10] (SKI 2023: 24,8 %)': 'SSGI 2024 [S10] (SKI 2023: 24.8 %)',
    'satu per RW, 2019 [D7]': 'one per RW, 2019 [D7]',
    '40 dari 80 pada 17-11-2024 [D5]; semua 80 pada 23-6-2025 [D6]':
        '40 of 80 on 17 Nov 2024 [D5]; all 80 on 23 Jun 2025 [D6]',
    'Dukcapil sem. I 2023 [D2]': 'Dukcapil, first half of 2023 [D2]',
    'SP2020 (BPS), bentuk nasional': 'SP2020 (BPS), national shape',
    'Proyeksi Penduduk BPS (SP2020), 2024': 'BPS population projection (SP2020), 2024',
    'antara Susenas 2023 (63,6 %) dan laporan rutin (≈ 95 %)':
        'between Susenas 2023 (63.6 %) and routine reports (≈ 95 %)',
    'target CKG 2025': 'CKG 2025 target',
    'SKI 2023, terukur, ≥ 18 tahun': 'SKI 2023, measured, ≥ 18 years',
    'SKI 2023, GDP/TTGO, ≥ 15 tahun': 'SKI 2023, fasting glucose/OGTT, ≥ 15 years',
}
