"""Which siklus records become which FHIR resources, in which order, and whether SATUSEHAT takes them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from siklus.care.models import Condition, Encounter, Immunization, Observation, QuestionnaireResponse, Referral
from siklus.facilities.models import Facility
from siklus.interop import fhir
from siklus.interop.fhir.condition import icd10_of
from siklus.interop.fhir.observation import loinc_of


@dataclass(frozen=True)
class Kind:
    model: Any  # a Django model class
    resource_type: str
    mapper: Callable[[Any, fhir.Context], dict]
    priority: int  # dependency order: Locations, then Encounter, then what refers to an encounter
    date_field: str | None  # the service date (status page, "send from")
    # Why SATUSEHAT cannot take a record of this kind ("" when it can): such records are exported to
    # files but never queued for SATUSEHAT.
    unsendable: Callable[[Any], str] = lambda record: ""

    @property
    def label(self) -> str:
        return f"{self.model._meta.app_label}.{self.model._meta.model_name}"


def _observation_unsendable(record) -> str:
    return "" if loinc_of(record) else "no LOINC code"


def _condition_unsendable(record) -> str:
    return "" if icd10_of(record) else "no single ICD-10 code"


def _location(facility, ctx):
    return fhir.location(facility, ctx)


KINDS: tuple[Kind, ...] = (
    Kind(Facility, "Location", _location, 0, None),
    Kind(Encounter, "Encounter", fhir.encounter, 2, "on"),
    Kind(Observation, "Observation", fhir.observation, 3, "on", _observation_unsendable),
    Kind(Immunization, "Immunization", fhir.immunization, 3, "given_on"),
    Kind(Condition, "Condition", fhir.condition, 3, "since", _condition_unsendable),
    Kind(QuestionnaireResponse, "QuestionnaireResponse", fhir.questionnaire_response, 3, "on"),
    Kind(Referral, "ServiceRequest", fhir.service_request, 3, "on"),
)


def priority_of(record) -> int:
    """A Pustu's or Posyandu's Location is part of the Puskesmas' one: it goes after it."""
    kind = kind_of(record)
    if kind.resource_type == "Location" and record.kind != "puskesmas":
        return kind.priority + 1
    return kind.priority
BY_LABEL = {k.label: k for k in KINDS}
BY_MODEL = {k.model: k for k in KINDS}


def kind_of(record) -> Kind:
    return BY_MODEL[type(record)]


def person_of(record):
    return getattr(record, "person", None)


def service_date(record):
    field = kind_of(record).date_field
    return getattr(record, field) if field else None
