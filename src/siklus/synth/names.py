"""Indonesian name pools, national and regional, and how a full name is put together.

[GUESS] Pools compiled from common knowledge of Indonesian naming, not from a registry: given
names by sex; "second names" (the last word many Indonesians carry — Saputra, Lestari …), which
are not inherited family names except in some families; regional flavour for Kalimantan (Dayak,
Banjar, Sampit) and Sunda (Bandung). No name is taken from a real person's record.
"""

from __future__ import annotations

import numpy as np

from siklus.synth import parameters as P

NATIONAL = {
    "L": (
        "Ahmad", "Muhammad", "Budi", "Agus", "Rudi", "Hendra", "Yusuf", "Rahmat", "Fajar", "Dedi", "Eko", "Arif",
        "Slamet", "Joko", "Bambang", "Andi", "Dian", "Rizki", "Rizal", "Fikri", "Ilham", "Ikhsan", "Aditya",
        "Bayu", "Dimas", "Galih", "Hadi", "Irfan", "Kurnia", "Lukman", "Mulyadi", "Nanda", "Putra", "Reza",
        "Rian", "Sandi", "Taufik", "Teguh", "Wahyu", "Yoga", "Zainal", "Hasan", "Husein", "Ali", "Umar",
        "Ridwan", "Sugeng", "Suparman", "Sutrisno", "Supriyadi", "Haryanto", "Heri", "Indra", "Iwan", "Gilang",
        "Farhan", "Daffa", "Rafi", "Alif", "Arya", "Bagas", "Dwi", "Satria", "Hafiz", "Naufal", "Akbar",
        "Firman", "Gunawan", "Hidayat", "Imam", "Junaidi", "Krisna", "Maulana", "Nur", "Syahrul", "Yudi",
    ),
    "P": (
        "Siti", "Nur", "Dewi", "Rina", "Sri", "Wati", "Ani", "Lestari", "Yuni", "Fitri", "Rahma", "Intan",
        "Ayu", "Dian", "Eka", "Fatimah", "Aisyah", "Nurul", "Putri", "Ratna", "Sari", "Indah", "Kartika",
        "Lia", "Maya", "Mega", "Nadia", "Novi", "Puji", "Rani", "Rika", "Rini", "Sinta", "Tuti", "Umi",
        "Wulan", "Yanti", "Yuli", "Zahra", "Anisa", "Aulia", "Citra", "Desi", "Dwi", "Endang", "Erna",
        "Fitria", "Hana", "Ika", "Irma", "Juwita", "Khadijah", "Lina", "Mariam", "Nina", "Nining", "Okta",
        "Salsabila", "Nabila", "Keysha", "Alya", "Azzahra", "Naila", "Zaskia", "Syifa", "Kirana", "Suminah",
        "Sumiati", "Suryani", "Hartini", "Murni", "Ningsih", "Rohani", "Tri", "Winarti", "Yulia", "Zulaikha",
    ),
}
# Last words carried by many Indonesians; by sex because most are gendered (Saputra / Saputri).
SECOND = {
    "L": (
        "Saputra", "Pratama", "Hidayat", "Ramadhan", "Kurniawan", "Setiawan", "Nugroho", "Firmansyah",
        "Syahputra", "Wibowo", "Santoso", "Wijaya", "Gunawan", "Permana", "Prasetyo", "Hakim", "Rahman",
        "Fauzi", "Maulana", "Kusuma", "Harahap", "Lubis", "Siregar", "Nasution", "Purnomo", "Susanto",
        "Hermawan", "Rahmadi", "Anwar", "Iskandar", "Effendi", "Sutanto", "Hartono", "Setiadi", "Hasibuan",
    ),
    "P": (
        "Lestari", "Rahmawati", "Safitri", "Handayani", "Wulandari", "Puspitasari", "Anggraini", "Sari",
        "Putri", "Maharani", "Saputri", "Kurniasih", "Fitriani", "Hidayati", "Susanti", "Ningsih", "Yulianti",
        "Permatasari", "Oktaviani", "Purnamasari", "Novitasari", "Ramadhani", "Rahayu", "Utami", "Pertiwi",
        "Amelia", "Agustina", "Kusumawati", "Nurhayati", "Setiawati", "Astuti", "Hasanah", "Aprilia",
    ),
}
MIDDLE = {
    "L": ("Muhammad", "Ahmad", "Abdul", "Rizky", "Dwi", "Tri", "Adi", "Nur", "Agung", "Budi", "Dani", "Eka"),
    "P": ("Nur", "Dwi", "Tri", "Sri", "Ayu", "Dewi", "Putri", "Siti", "Eka", "Ratu", "Fitri", "Indah"),
}

REGIONAL = {
    # Kalimantan Tengah: Dayak (often Christian) and Banjar/Sampit Malay names.
    "kalimantan_tengah": {
        "L": ("Yohanes", "Agustinus", "Fransiskus", "Tingang", "Dambung", "Rusdiansyah", "Jumadi", "Anang",
              "Bahrun", "Darmawan", "Ibnu", "Kardiansyah", "Norhadi", "Riduan", "Saprudin", "Tambun", "Yosef"),
        "P": ("Maria", "Veronika", "Lusia", "Norhayati", "Mahrita", "Aluh", "Galuh", "Rusmini", "Jamilah",
              "Hamidah", "Misnah", "Noorjanah", "Rahmah", "Sumiyati", "Yuliana", "Elisabeth", "Theresia"),
        "second_L": ("Rangkap", "Bungai", "Sahari", "Riwut", "Ilham", "Arsyad", "Ardiansyah", "Rahmadani"),
        "second_P": ("Noor", "Hayati", "Mulyani", "Saidah", "Riana", "Agustini", "Marlina", "Rosalina"),
    },
    # Kalimantan Selatan: Banjar names.
    "kalimantan_selatan": {
        "L": ("Anang", "Utuh", "Akhmad", "Muhammad", "Abdurrahman", "Rusdi", "Syahrani", "Mahfuz", "Gusti",
              "Rahmadi", "Jailani", "Husaini", "Khairil", "Syarifuddin", "Fahrurrazi", "Noor", "Zainuddin"),
        "P": ("Aluh", "Galuh", "Norhayati", "Mahdalena", "Noorjannah", "Rusmini", "Jamilah", "Hamidah",
              "Salamah", "Masitah", "Rabiatul", "Mardiana", "Syarifah", "Fauziah", "Normala", "Hafizah"),
        "second_L": ("Noor", "Rahman", "Arsyad", "Hakim", "Syahrani", "Fahmi", "Rahmadi", "Fadillah"),
        "second_P": ("Adawiyah", "Hayati", "Rahmah", "Maulidah", "Sa'diah", "Yanti", "Noorlaila", "Aulia"),
    },
    # Kalimantan Barat (Sintang): Dayak and Melayu names.
    "kalimantan_barat": {
        "L": ("Yohanes", "Antonius", "Stefanus", "Paulus", "Petrus", "Yakobus", "Markus", "Benediktus",
              "Ignatius", "Kristianus", "Syarif", "Uray", "Abang", "Jumadi", "Rudiansyah", "Hermanus"),
        "P": ("Maria", "Theresia", "Yuliana", "Veronika", "Agnes", "Katarina", "Monika", "Lusia", "Sesilia",
              "Rosalia", "Dayang", "Syarifah", "Norma", "Marselina", "Florentina", "Yosefina"),
        "second_L": ("Daud", "Ajun", "Lanting", "Munte", "Sanggau", "Kapuas", "Melawi", "Apui"),
        "second_P": ("Dayang", "Lestari", "Rosa", "Ningsih", "Juliana", "Natalia", "Kristina", "Margaretha"),
    },
    # Sunda (Kota Bandung).
    "sunda": {
        "L": ("Asep", "Ujang", "Dadang", "Cecep", "Dede", "Encep", "Ade", "Deden", "Yayat", "Aceng", "Didin",
              "Jajang", "Oman", "Iwan", "Endang", "Kusnadi", "Wawan", "Yana", "Ruhiyat", "Engkus"),
        "P": ("Euis", "Neneng", "Iis", "Enung", "Cucu", "Imas", "Nining", "Lilis", "Tati", "Entin", "Neng",
              "Ai", "Ela", "Yeti", "Popon", "Dedeh", "Nani", "Elis", "Rita", "Wiwin"),
        "second_L": ("Sutisna", "Suryana", "Sumarna", "Permana", "Ramdani", "Nugraha", "Hidayat", "Sobari",
                     "Mulyana", "Supriatna", "Kurniadi", "Sukmana"),
        "second_P": ("Nurjanah", "Komalasari", "Rohayati", "Sukaesih", "Juariah", "Mulyati", "Kurniasih",
                     "Hermawati", "Nurlaela", "Sumiati", "Rosita", "Handayani"),
    },
}

STREETS = (
    "Merdeka", "Sudirman", "Ahmad Yani", "Diponegoro", "Kartini", "Pelita", "Cempaka", "Mawar", "Melati",
    "Pramuka", "Veteran", "Pahlawan", "Gatot Subroto", "Hasanuddin", "Imam Bonjol", "Pattimura", "Kenanga",
    "Teratai", "Seroja", "Anggrek", "Suprapto", "Yos Sudarso", "Padat Karya", "Poros Desa", "Mesjid",
    "Pasar", "Sekolah", "Pemuda", "Kemuning", "Flamboyan", "Garuda", "Rajawali", "Nusantara", "Bhayangkara",
)
REGIONAL_STREETS = {
    "kalimantan_tengah": ("Tjilik Riwut", "HM Arsyad", "Cilik Riwut", "Baamang", "Mentaya", "Tidar", "DI Panjaitan"),
    "kalimantan_selatan": ("Pangeran Antasari", "A. Yani", "Martapura Lama", "Sultan Adam", "Datu Kalampayan"),
    "kalimantan_barat": ("Lintas Melawi", "Kapuas", "MT Haryono", "Oevang Oeray", "Dharma Putra", "Sintang Raya"),
    "sunda": ("Asia Afrika", "Dago", "Cihampelas", "Pasteur", "Soekarno-Hatta", "Buah Batu", "Cibaduyut", "Antapani"),
}

POSYANDU = (
    "Mawar", "Melati", "Anggrek", "Kenanga", "Cempaka", "Dahlia", "Flamboyan", "Teratai", "Kemuning", "Seroja",
    "Bougenville", "Kamboja", "Tulip", "Lavender", "Matahari", "Kasih Ibu", "Sehati", "Harapan Bunda",
    "Tunas Harapan", "Bina Sehat", "Sejahtera", "Bunga Tanjung", "Asoka", "Nusa Indah", "Sakura", "Soka",
    "Kartini", "Pelita", "Permata", "Lily",
)

# Common spelling variants for duplicate registrations (old spelling, doubled letters).
VARIANTS = (
    ("Muhammad", "Muhamad"), ("Mohammad", "Muhammad"), ("Ahmad", "Achmad"), ("Siti", "Sity"),
    ("Nurul", "Nurrul"), ("Yusuf", "Yusup"), ("Rizki", "Rizky"), ("Fitri", "Fitry"), ("Dewi", "Dwi"),
    ("Aisyah", "Aisah"), ("Fatimah", "Fatima"), ("Saputra", "Saputera"), ("Hidayat", "Hidayah"),
    ("Lestari", "Lestary"), ("Sri", "Sry"), ("Yuni", "Yuny"), ("Rahmat", "Rachmat"), ("Taufik", "Taufiq"),
)


class NamePools:
    """Arrays to draw names from, for one region (None: the national pools only)."""

    def __init__(self, region: str | None):
        self.region = region
        regional = REGIONAL.get(region or "", {})
        self.given = {s: np.array(NATIONAL[s]) for s in "LP"}
        self.second = {s: np.array(SECOND[s]) for s in "LP"}
        self.middle = {s: np.array(MIDDLE[s]) for s in "LP"}
        self.regional_given = {s: np.array(regional.get(s, NATIONAL[s])) for s in "LP"}
        self.regional_second = {s: np.array(regional.get(f"second_{s}", SECOND[s])) for s in "LP"}
        self.streets = np.array(STREETS + REGIONAL_STREETS.get(region or "", ()))

    def draw(self, rng: np.random.Generator, sexes: np.ndarray, ages: np.ndarray) -> list[list[str]]:
        """One name per person, as a list of words. ``sexes`` holds "L"/"P"."""
        n = len(sexes)
        words = np.empty(n, dtype=np.int8)
        single = np.zeros(n)
        previous = -1
        for upper, share in P.SINGLE_WORD_NAME_BY_AGE:
            single[(ages > previous) & (ages <= upper - 1)] = share
            previous = upper - 1
        u = rng.random(n)
        words[:] = 2
        words[u < single] = 1
        words[(u >= single) & (u < single + P.THREE_WORD_NAME_SHARE * (1 - single))] = 3
        regional_given = rng.random(n) < P.REGIONAL_NAME_SHARE
        regional_second = rng.random(n) < P.REGIONAL_NAME_SHARE
        r_given, r_middle, r_second = rng.random(n), rng.random(n), rng.random(n)
        names = []
        for i in range(n):
            s = sexes[i]
            pool = self.regional_given[s] if regional_given[i] else self.given[s]
            given = pool[int(r_given[i] * len(pool))]
            if words[i] == 1:
                names.append([str(given)])
                continue
            pool = self.regional_second[s] if regional_second[i] else self.second[s]
            second = pool[int(r_second[i] * len(pool))]
            if words[i] == 3:
                middle_pool = self.middle[s]
                middle = middle_pool[int(r_middle[i] * len(middle_pool))]
                if middle == given:
                    names.append([str(given), str(second)])
                else:
                    names.append([str(middle), str(given), str(second)])
            else:
                names.append([str(given), str(second)])
        return names


def misspell(name: str, rng: np.random.Generator) -> str:
    """The same name as a clerk might type it a second time: a known variant, or one letter
    doubled, dropped or swapped — always still recognisably the same name."""
    for right, wrong in VARIANTS:
        if right in name.split() and rng.random() < 0.6:
            return " ".join(wrong if w == right else w for w in name.split())
    letters = list(name)
    positions = [i for i in range(1, len(letters) - 1) if letters[i].isalpha() and letters[i - 1].isalpha()]
    if not positions:
        return name + "h" if not name.endswith("h") else name[:-1]
    i = positions[int(rng.integers(len(positions)))]
    kind = int(rng.integers(3))
    if kind == 0:  # doubled letter
        letters.insert(i, letters[i])
    elif kind == 1 and len(name.replace(" ", "")) > 6:  # dropped letter
        del letters[i]
    else:  # swapped neighbours
        letters[i - 1], letters[i] = letters[i], letters[i - 1]
        if "".join(letters) == name:
            letters.insert(i, letters[i])
    return "".join(letters)
