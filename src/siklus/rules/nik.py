"""NIK, the 16-digit Indonesian population number (ILP.md §8.3).

``PP KK CC DDMMYY SSSS``: province, kabupaten/kota and kecamatan of registration, the day of
birth (+40 for women), month, two-digit year, serial. NIK carries no check digit, so validation
is structural: 16 digits, a real date, and — when the person's sex and birth date are known —
consistency with them. Region codes change with *pemekaran* and a NIK keeps the code it was
issued with, so an unknown region prefix is a warning, never a rejection.

Modelled on python-stdnum: :func:`compact`, :func:`validate`, :func:`format`, plus
:func:`check` which returns every finding with an Indonesian message for the form field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

_SEPARATORS = re.compile(r"[\s.\-]")


def gettext_noop(template: str) -> str:
    """Marks a message for translation catalogues without importing any i18n machinery."""
    return template


@dataclass(frozen=True)
class Finding:
    code: str
    template: str  # Indonesian, with %(name)s placeholders; the web layer may translate it
    params: dict = field(default_factory=dict, compare=False)

    @property
    def message(self) -> str:
        return self.template % self.params


@dataclass(frozen=True)
class NikCheck:
    nik: str | None  # the 16 digits, None when the input is not 16 digits
    errors: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()
    sex: str | None = None  # "L" or "P"
    birth_date: date | None = None
    region_code: str | None = None  # kecamatan of registration, dotted "62.02.01"
    serial: str | None = None

    @property
    def valid(self) -> bool:
        return not self.errors


class InvalidNik(ValueError):
    def __init__(self, findings: tuple[Finding, ...]):
        super().__init__("; ".join(f.message for f in findings))
        self.findings = findings


# Identifiers (NIK, No. KK, RT/RW, JKN, phone) are ASCII digits only. Python's ``str.isdigit`` and
# ``\d`` also accept fullwidth ６, Arabic-Indic ٦, Devanagari ६ …, which would let one NIK be
# stored several times in different digit scripts; they are refused here, in one place.
_ASCII_DIGITS = "0123456789"


def foreign_digits(value: str) -> Finding | None:
    """A finding when ``value`` holds a digit other than ASCII 0–9, else None."""
    if any(ch.isdigit() and ch not in _ASCII_DIGITS for ch in str(value)):
        return Finding("foreign_digits", gettext_noop(
            "Gunakan angka 0–9 biasa (bukan angka lebar penuh, Arab, atau Dewanagari)."))
    return None


def ascii_digits(value: str, minimum: int, maximum: int | None = None) -> bool:
    """``value`` is between ``minimum`` and ``maximum`` (default: exactly ``minimum``) ASCII digits."""
    maximum = minimum if maximum is None else maximum
    return minimum <= len(value) <= maximum and all(ch in _ASCII_DIGITS for ch in value)


def is_phone(value: str) -> bool:
    """An Indonesian phone number, separators removed: ``0`` or ``+62`` and 8–13 ASCII digits."""
    rest = value[3:] if value.startswith("+62") else value[1:] if value.startswith("0") else None
    return rest is not None and ascii_digits(rest, 8, 13)


def compact(value: str) -> str:
    """Strip spaces, dots and dashes that people type or copy with a NIK."""
    return _SEPARATORS.sub("", str(value))


def format(value: str) -> str:
    """``6202014107900003`` → ``62.02.01.410790.0003`` (the grouping of ILP.md §8.3)."""
    v = compact(value)
    return f"{v[0:2]}.{v[2:4]}.{v[4:6]}.{v[6:12]}.{v[12:16]}"


def _infer_century(yy: int, month: int, day: int, reference: date) -> int:
    """The latest year ending in ``yy`` whose birthday is not after ``reference``."""
    year = reference.year - (reference.year - yy) % 100
    try:
        if date(year, month, day) > reference:
            year -= 100
    except ValueError:
        pass  # an impossible day is reported by the caller
    return year


def check(
    value: str,
    *,
    sex: str | None = None,
    birth_date: date | None = None,
    today: date | None = None,
    known_region: Callable[[str], bool] | None = None,
) -> NikCheck:
    """Every finding about a NIK, given what else was entered for the person.

    ``known_region(code)`` answers whether a dotted kecamatan code exists; without it the
    region is not looked up.
    """
    digits = compact(value)
    foreign = foreign_digits(digits)
    if foreign is not None:
        return NikCheck(None, errors=(foreign,))
    if not ascii_digits(digits, 16):
        return NikCheck(None, errors=(Finding("format", gettext_noop("NIK harus 16 digit angka.")),))

    errors: list[Finding] = []
    warnings: list[Finding] = []
    region = f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}"
    if digits[0:2] == "00" or digits[2:4] == "00" or digits[4:6] == "00":
        errors.append(Finding("region_zero", gettext_noop("Kode wilayah pada NIK tidak boleh 00.")))
    elif known_region is not None and not known_region(region):
        warnings.append(
            Finding(
                "region_unknown",
                gettext_noop("Kode kecamatan %(region)s pada NIK tidak ada di data wilayah Kemendagri "
                   "(mungkin kode lama sebelum pemekaran). Periksa kembali."),
                {"region": region},
            )
        )

    day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    nik_sex = "P" if day > 40 else "L"
    if day > 40:
        day -= 40

    nik_birth: date | None = None
    if birth_date is not None:
        year = birth_date.year if birth_date.year % 100 == yy else _infer_century(yy, month, day, today or date.today())
    else:
        year = _infer_century(yy, month, day, today or date.today())
    try:
        nik_birth = date(year, month, day)
    except ValueError:
        errors.append(
            Finding("date", gettext_noop("Digit 7–12 NIK bukan tanggal lahir yang ada (tanggal +40 untuk perempuan)."))
        )

    if sex is not None and sex != nik_sex:
        errors.append(
            Finding(
                "sex_mismatch",
                gettext_noop("Jenis kelamin tidak sesuai NIK: pada NIK perempuan, tanggal lahir ditambah 40.")
                if sex == "P"
                else gettext_noop("Jenis kelamin tidak sesuai NIK: tanggal lahir pada NIK ini ditambah 40 (perempuan)."),
            )
        )
    if nik_birth is not None and birth_date is not None and nik_birth != birth_date:
        errors.append(
            Finding(
                "birth_date_mismatch",
                gettext_noop("Tanggal lahir tidak sesuai NIK (NIK menunjukkan %(date)s)."),
                {"date": f"{nik_birth:%d-%m-%Y}"},
            )
        )
    if digits[12:16] == "0000":
        errors.append(Finding("serial_zero", gettext_noop("Nomor urut NIK (4 digit terakhir) tidak boleh 0000.")))

    return NikCheck(
        digits,
        errors=tuple(errors),
        warnings=tuple(warnings),
        sex=nik_sex,
        birth_date=nik_birth,
        region_code=region,
        serial=digits[12:16],
    )


def validate(value: str, **context) -> str:
    """The compact NIK, or :class:`InvalidNik` with the Indonesian messages."""
    result = check(value, **context)
    if result.errors:
        raise InvalidNik(result.errors)
    return result.nik  # type: ignore[return-value]


def is_valid(value: str, **context) -> bool:
    return check(value, **context).valid
