"""FHIR R4 resources of siklus records, following SATUSEHAT's conventions (ILP.md §8.3,
:mod:`siklus.rules.satusehat`). One module per resource; each function takes a record and a
:class:`~siklus.interop.fhir.common.Context` (which answers how to refer to the person, the
encounter, the facility: inside a transaction Bundle, or by the ids SATUSEHAT gave) and returns
the resource as a plain JSON dict. The tests validate every one with the ``fhir.resources`` R4B
models; :func:`siklus.rules.satusehat.problems` checks what those models do not.
"""

from siklus.interop.fhir.common import Context
from siklus.interop.fhir.condition import condition
from siklus.interop.fhir.encounter import encounter
from siklus.interop.fhir.facility import location, organization
from siklus.interop.fhir.immunization import immunization
from siklus.interop.fhir.observation import observation
from siklus.interop.fhir.patient import patient
from siklus.interop.fhir.practitioner import practitioner
from siklus.interop.fhir.questionnaire import questionnaire_response
from siklus.interop.fhir.service_request import service_request

__all__ = ["Context", "condition", "encounter", "immunization", "location", "observation", "organization", "patient",
           "practitioner", "questionnaire_response", "service_request"]
