"""SATUSEHAT's FHIR R4 conventions (ILP.md §8.3): identifier systems, extensions, code systems,
and the checks SATUSEHAT applies that the FHIR R4 models do not.

Pure: the mapping in :mod:`siklus.interop.fhir` asks this module which system, class or vaccine
code to use, and :func:`problems` checks a finished resource (a plain dict) before it is exported
or sent. What ILP.md verifies ([V:S18]: the NIK, nik-ibu, IHS, KK systems, the Organization and
Location local-id systems, the administrativeCode and citizenshipStatus extensions, the API base)
is a constant here. What it does not — the identifier systems of other resources by analogy, the
vaccine codes, the encounter class per place, the interpretation codes, the questionnaire URLs —
is a setting with its default tagged [M], which a deployment corrects in ``SIKLUS_RULES`` once
SATUSEHAT's playbook confirms it (``siklus rules-settings`` lists them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from siklus.rules import codes, config
from siklus.rules import immunization as _immunization


def gettext_noop(template: str) -> str:
    return template


# ------------------------------------------------------------------------------ verified [V:S18]
NIK = "https://fhir.kemkes.go.id/id/nik"
NIK_IBU = "https://fhir.kemkes.go.id/id/nik-ibu"
IHS = "https://fhir.kemkes.go.id/id/ihs-number"
KK = "https://fhir.kemkes.go.id/id/kk"
PASPOR = "https://fhir.kemkes.go.id/id/paspor"
ADMINISTRATIVE_CODE = "https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode"
CITIZENSHIP = "https://fhir.kemkes.go.id/r4/StructureDefinition/citizenshipStatus"
ADMINISTRATIVE_PARTS = ("province", "city", "district", "village", "rt", "rw")
# SATUSEHAT's undotted Kemendagri codes: province 2, city 4, district 6, village 10 digits.
ADMINISTRATIVE_LENGTHS = {"province": 2, "city": 4, "district": 6, "village": 10}
FHIR_BASE = "https://api-satusehat.kemkes.go.id/fhir-r4/v1"

# Standard FHIR / HL7 systems.
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
SNOMED = "http://snomed.info/sct"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
LOCATION_PHYSICAL_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type"

# ------------------------------------------------------------------------------ settings [M]
IDENTIFIER_SYSTEMS = config.declare(
    "satusehat.identifier_systems",
    {
        "organization": "http://sys-ids.kemkes.go.id/organization/{org}",
        "location": "http://sys-ids.kemkes.go.id/location/{org}",
        "encounter": "http://sys-ids.kemkes.go.id/encounter/{org}",
        "observation": "http://sys-ids.kemkes.go.id/observation/{org}",
        "immunization": "http://sys-ids.kemkes.go.id/immunization/{org}",
        "condition": "http://sys-ids.kemkes.go.id/condition/{org}",
        "questionnaireresponse": "http://sys-ids.kemkes.go.id/questionnaireresponse/{org}",
        "servicerequest": "http://sys-ids.kemkes.go.id/servicerequest/{org}",
    },
    "The identifier system of siklus's records in SATUSEHAT per resource, {org} standing for the "
    "Puskesmas' SATUSEHAT Organization id. The value is the record's UUID.",
    "ILP.md §8.3: organization and location [V:S18]; the other resources by the same pattern [M]",
)
LOCAL_SYSTEM = config.declare(
    "satusehat.local_system",
    "urn:siklus:{kind}",
    "Identifier and code system of siklus's own identifiers and codes where SATUSEHAT has none and no "
    "Organization id is configured ({kind}: the resource or the vocabulary kind, e.g. dose).",
    "siklus convention",
)
VACCINE_SYSTEM = config.declare(
    "satusehat.vaccine_system",
    "http://sys-ids.kemkes.go.id/kfa",
    "Code system of Immunization.vaccineCode in SATUSEHAT (Kamus Farmasi dan Alat Kesehatan, KFA).",
    "ILP.md §8.3 (Kemenkes KFA vaccine codes) [M]",
)
def _dose_codes() -> dict[str, str]:
    """Every dose code of the vocabulary with its KFA code. Only Td's is seen in a public
    implementation guide (third party); every other code stays empty until verified: an
    immunization whose dose has no code is not sent (the status page says why)."""
    found = {c.code: "" for c in codes.of_kind(codes.DOSE)}
    for dose in found:
        if dose.startswith("Td"):
            found[dose] = "VG139"
    return found


VACCINE_CODES = config.declare(
    "satusehat.vaccine_codes",
    _dose_codes(),
    "Per dose code (siklus vocabulary), the vaccine's KFA code sent as Immunization.vaccineCode. A dose "
    "without a code here is exported with siklus's own coding and refused for SATUSEHAT.",
    "Td VG139: third-party ANC implementation guide (http://sys-ids.kemkes.go.id/kfa) [M]; others unknown [M]",
)
ENCOUNTER_CLASS = config.declare(
    "satusehat.encounter_class",
    {"puskesmas": "AMB", "pustu": "AMB", "posyandu": "FLD", "sekolah": "FLD", "rumah": "HH", "lain": "AMB"},
    "Per place of the contact, the HL7 v3 ActCode of Encounter.class (AMB ambulatory, FLD field, HH home health).",
    "HL7 v3 ActCode; choice per place [M]",
)
INTERPRETATIONS = config.declare(
    "satusehat.interpretations",
    {
        # Child anthropometry: the stored category codes of siklus.rules.anthropometry.status.
        "severely_underweight": "LL", "underweight": "L", "risk_of_overweight": "H",
        "severely_stunted": "LL", "stunted": "L", "tall": "H",
        "severely_wasted": "LL", "wasted": "L", "possible_risk_of_overweight": "H", "overweight": "H",
        "obese": "HH", "severely_thin": "LL", "thin": "L", "microcephaly": "L", "macrocephaly": "H",
        "severe_acute_malnutrition": "LL", "moderate_acute_malnutrition": "L", "normal": "N",
        # LiLA of a pregnant woman / WUS.
        "kek": "L", "tidak_kek": "N",
    },
    "Per stored classification (Observation.category), the HL7 v3 ObservationInterpretation code sent "
    "beside siklus's own coding of the category (L/LL low, N normal, H/HH high). Unmapped categories "
    "go with siklus's coding and label only.",
    "HL7 v3 ObservationInterpretation; mapping of the categories [M]",
)
QUESTIONNAIRES = config.declare(
    "satusehat.questionnaires",
    {"srq20": "", "puma": "", "skilas": "", "adl": "", "kpsp": ""},
    "Per instrument, the canonical URL of SATUSEHAT's Questionnaire. Empty: siklus's own "
    "(urn:siklus:questionnaire-<instrument>); SATUSEHAT then refuses the response.",
    "unknown [M]",
)
REFERRAL_CODE = config.declare(
    "satusehat.referral_code",
    {"system": SNOMED, "code": "3457005", "display": "Patient referral"},
    "ServiceRequest.code of a referral (rujukan).",
    "SNOMED CT 3457005 'Patient referral (procedure)' [M]",
)
RESOURCES = config.declare(
    "satusehat.resources",
    ("Location", "Encounter", "Observation", "Immunization", "Condition", "QuestionnaireResponse",
     "ServiceRequest"),
    "The resource types siklus sends to SATUSEHAT.",
    "siklus choice; which SATUSEHAT accepts from a Puskesmas system [M]",
)


def setting(name: str, area: str | None = None) -> Any:
    return config.get(name, area)


def identifier_system(resource: str, org: str) -> str:
    """The identifier system of a record of ``resource`` for the Puskesmas whose SATUSEHAT
    Organization id is ``org``; siklus's own system when none is configured."""
    if org:
        pattern = config.get(IDENTIFIER_SYSTEMS.name).get(resource.lower())
        if pattern:
            return str(pattern).format(org=org)
    return local_system(resource.lower())


def local_system(kind: str) -> str:
    return str(config.get(LOCAL_SYSTEM.name)).format(kind=kind)


def undotted(code: str) -> str:
    return code.replace(".", "")


def administrative_codes(area_code: str, rt: str = "", rw: str = "") -> dict[str, str]:
    """SATUSEHAT's address codes of a desa (or a code below it) and RT/RW: province "62", city
    "6202", district "620201", village "6202012003" (ILP.md §8.3)."""
    parts = area_code.split(".")[:4]
    found = {name: undotted(".".join(parts[:i + 1])) for i, name in enumerate(("province", "city", "district", "village"))
             if len(parts) > i}
    for name, value in (("rt", rt), ("rw", rw)):
        value = (value or "").strip()
        if value:
            found[name] = value
    return found


def dose_number(dose: str) -> int:
    """The dose's number in its series (HB0 → 0, BCG → 1, DPT-HB-Hib3 → 3, Td2 → 2)."""
    for edition in _immunization.SCHEDULE.editions:
        for rule in edition.value.doses:
            if rule.code == dose:
                return int(rule.number)
    match = re.search(r"(\d+)$", dose)
    return int(match.group(1)) if match else 1


def dose_antigen(dose: str) -> str:
    for edition in reversed(_immunization.SCHEDULE.editions):
        rules: tuple[Any, ...] = (*edition.value.doses, *edition.value.school)
        for rule in rules:
            if rule.code == dose:
                return str(rule.antigen)
    return re.sub(r"\d+$", "", dose)


def vaccine_code(dose: str, area: str | None = None) -> str:
    return str(config.get(VACCINE_CODES.name, area).get(dose, "") or "")


def encounter_class(place: str, area: str | None = None) -> str:
    return str(config.get(ENCOUNTER_CLASS.name, area).get(place, "AMB"))


def interpretation(category: str, area: str | None = None) -> str:
    return str(config.get(INTERPRETATIONS.name, area).get(category, "") or "")


# ------------------------------------------------------------------------------ the checks
ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    path: str  # where in the resource, e.g. "identifier", "address[0].extension"
    template: str  # Indonesian msgid; the interface translates
    params: tuple[tuple[str, str], ...] = ()
    severity: str = ERROR

    @property
    def message(self) -> str:
        return self.template % dict(self.params) if self.params else self.template


def _codings(concept: Any) -> list[dict]:
    return list((concept or {}).get("coding") or []) if isinstance(concept, dict) else []


def _has_coding(concept: Any, system: str) -> bool:
    return any(c.get("system") == system and c.get("code") for c in _codings(concept))


def _reference(value: Any) -> str:
    return str((value or {}).get("reference") or "") if isinstance(value, dict) else ""


_ICD10_CODE = re.compile(r"[A-Z]\d{2}(\.\d{1,2})?")
_DIGITS = re.compile(r"\d+")


def _identifiers(resource: dict) -> list[dict]:
    found = resource.get("identifier") or []
    return [found] if isinstance(found, dict) else list(found)


def _check_patient(resource: dict, out: list[Problem]) -> None:
    ids = {i.get("system"): str(i.get("value") or "") for i in _identifiers(resource)}
    nik, nik_ibu = ids.get(NIK), ids.get(NIK_IBU)
    if not nik and not nik_ibu:
        out.append(Problem("identifier", gettext_noop("Pasien tanpa NIK (atau NIK ibu untuk bayi baru lahir).")))
    for system, value in ((NIK, nik), (NIK_IBU, nik_ibu)):
        if value and not (len(value) == 16 and _DIGITS.fullmatch(value)):
            out.append(Problem("identifier", gettext_noop("%(system)s harus 16 digit angka."), (("system", system),)))
    if nik_ibu and not nik and not resource.get("birthDate"):
        out.append(Problem("birthDate", gettext_noop("Bayi dengan NIK ibu wajib punya tanggal lahir.")))
    if resource.get("gender") not in ("male", "female"):
        out.append(Problem("gender", gettext_noop("Jenis kelamin wajib diisi.")))
    addresses = resource.get("address") or []
    codes = _admin_codes(addresses[0]) if addresses else {}
    for part, length in ADMINISTRATIVE_LENGTHS.items():
        value = codes.get(part, "")
        if not (len(value) == length and _DIGITS.fullmatch(value)):
            out.append(Problem("address[0].extension", gettext_noop(
                "Alamat tanpa kode wilayah %(part)s (%(length)s digit) pada ekstensi administrativeCode."),
                (("part", part), ("length", str(length)))))


def _admin_codes(address: dict) -> dict[str, str]:
    for extension in address.get("extension") or []:
        if extension.get("url") == ADMINISTRATIVE_CODE:
            return {e.get("url"): str(e.get("valueCode") or "") for e in extension.get("extension") or []}
    return {}


def _check_identifier(resource: dict, kind: str, out: list[Problem]) -> None:
    prefix = "http://sys-ids.kemkes.go.id/" + kind + "/"
    if not any(str(i.get("system") or "").startswith(prefix) and i.get("value") for i in _identifiers(resource)):
        out.append(Problem("identifier", gettext_noop(
            "Pengenal %(kind)s di sistem sys-ids.kemkes.go.id belum ada: ID Organisasi SATUSEHAT Puskesmas belum diatur."),
            (("kind", kind),)))


def _check_subject(resource: dict, field: str, out: list[Problem]) -> None:
    if not _reference(resource.get(field)).startswith(("Patient/", "Patient?", "urn:uuid:")):
        out.append(Problem(field, gettext_noop("Rujukan ke pasien (Patient) belum ada.")))


def problems(resource: dict) -> list[Problem]:
    """What SATUSEHAT would refuse (``ERROR``) or may refuse (``WARNING``) in a resource that is
    already valid FHIR R4: identifier systems, the address extension, required codes."""
    out: list[Problem] = []
    kind = resource.get("resourceType")
    if kind == "Patient":
        _check_patient(resource, out)
    elif kind == "Practitioner":
        if not any(i.get("system") == NIK and i.get("value") for i in _identifiers(resource)):
            out.append(Problem("identifier", gettext_noop("Tenaga kesehatan tanpa NIK.")))
    elif kind == "Organization":
        _check_identifier(resource, "organization", out)
        if not resource.get("name"):
            out.append(Problem("name", gettext_noop("Nama wajib diisi.")))
    elif kind == "Location":
        _check_identifier(resource, "location", out)
        if not _reference(resource.get("managingOrganization")).startswith("Organization/"):
            out.append(Problem("managingOrganization", gettext_noop("Organisasi pengelola (Puskesmas) belum diatur.")))
    elif kind == "Encounter":
        _check_identifier(resource, "encounter", out)
        _check_subject(resource, "subject", out)
        if not _has_coding({"coding": [resource.get("class") or {}]}, ACT_CODE):
            out.append(Problem("class", gettext_noop("Kelas kunjungan (v3 ActCode) wajib diisi.")))
        if not (resource.get("period") or {}).get("start"):
            out.append(Problem("period", gettext_noop("Tanggal kunjungan wajib diisi.")))
        if not _reference(resource.get("serviceProvider")).startswith("Organization/"):
            out.append(Problem("serviceProvider", gettext_noop("Organisasi pemberi layanan (Puskesmas) belum diatur.")))
        if not resource.get("statusHistory"):
            out.append(Problem("statusHistory", gettext_noop("Riwayat status kunjungan wajib diisi.")))
        if not any(_reference(p.get("individual")).startswith("Practitioner/") for p in resource.get("participant") or []):
            out.append(Problem("participant", gettext_noop(
                "Tenaga kesehatan (Practitioner) kunjungan belum diketahui: atur tenaga kesehatan bawaan Puskesmas."),
                severity=WARNING))
    elif kind == "Observation":
        _check_identifier(resource, "observation", out)
        _check_subject(resource, "subject", out)
        if not _has_coding(resource.get("code"), LOINC):
            out.append(Problem("code", gettext_noop("Pemeriksaan tanpa kode LOINC tidak diterima SATUSEHAT.")))
        if not resource.get("category"):
            out.append(Problem("category", gettext_noop("Kategori pemeriksaan wajib diisi.")))
        quantity = resource.get("valueQuantity")
        if quantity is not None and not (quantity.get("system") == UCUM and quantity.get("code")):
            out.append(Problem("valueQuantity", gettext_noop("Satuan harus berkode UCUM.")))
        if not resource.get("encounter"):
            out.append(Problem("encounter", gettext_noop("Pemeriksaan tanpa kunjungan (Encounter)."), severity=WARNING))
    elif kind == "Immunization":
        _check_identifier(resource, "immunization", out)
        _check_subject(resource, "patient", out)
        system = str(config.get(VACCINE_SYSTEM.name))
        if not _has_coding(resource.get("vaccineCode"), system):
            out.append(Problem("vaccineCode", gettext_noop(
                "Kode vaksin (%(system)s) untuk dosis ini belum diatur (pengaturan satusehat.vaccine_codes)."),
                (("system", system),)))
        applied = resource.get("protocolApplied") or []
        if not applied or not any(k.startswith("doseNumber") for k in applied[0]):
            out.append(Problem("protocolApplied", gettext_noop("Dosis ke- wajib diisi.")))
        if not resource.get("occurrenceDateTime"):
            out.append(Problem("occurrenceDateTime", gettext_noop("Tanggal pemberian wajib diisi.")))
    elif kind == "Condition":
        _check_identifier(resource, "condition", out)
        _check_subject(resource, "subject", out)
        icd = [c for c in _codings(resource.get("code")) if c.get("system") == ICD10]
        if not icd:
            out.append(Problem("code", gettext_noop("Diagnosis tanpa kode ICD-10.")))
        elif not all(_ICD10_CODE.fullmatch(str(c.get("code") or "")) for c in icd):
            out.append(Problem("code", gettext_noop("Kode ICD-10 harus satu kode (mis. I10, E11.9), bukan blok.")))
        if not _has_coding(resource.get("clinicalStatus"), CONDITION_CLINICAL):
            out.append(Problem("clinicalStatus", gettext_noop("Status klinis wajib diisi.")))
        if not resource.get("category"):
            out.append(Problem("category", gettext_noop("Kategori diagnosis wajib diisi.")))
    elif kind == "QuestionnaireResponse":
        _check_identifier(resource, "questionnaireresponse", out)
        _check_subject(resource, "subject", out)
        if str(resource.get("questionnaire") or "").startswith("urn:siklus:"):
            out.append(Problem("questionnaire", gettext_noop(
                "Kuesioner %(instrument)s belum punya URL SATUSEHAT (pengaturan satusehat.questionnaires)."),
                (("instrument", str(resource.get("questionnaire")).rsplit("-", 1)[-1]),)))
        if not resource.get("item"):
            out.append(Problem("item", gettext_noop("Jawaban kuesioner kosong.")))
    elif kind == "ServiceRequest":
        _check_identifier(resource, "servicerequest", out)
        _check_subject(resource, "subject", out)
        if not _codings(resource.get("code")):
            out.append(Problem("code", gettext_noop("Kode layanan rujukan wajib diisi.")))
        if not resource.get("requester"):
            out.append(Problem("requester", gettext_noop("Perujuk wajib diisi.")))
    return out


def errors(resource: dict) -> list[Problem]:
    return [p for p in problems(resource) if p.severity == ERROR]
