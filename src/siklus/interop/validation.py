"""FHIR R4B model validation (``fhir.resources``) of plain resource dicts."""

from __future__ import annotations

import importlib


def model_of(resource_type: str):
    module = importlib.import_module(f"fhir.resources.R4B.{resource_type.lower()}")
    return getattr(module, resource_type)


def validate(resource: dict) -> None:
    """Raise (pydantic's ValidationError) unless ``resource`` is a valid R4B resource."""
    model_of(resource["resourceType"]).model_validate(resource)


def invalid(resource: dict) -> str:
    """The validation error's text, "" when valid."""
    try:
        validate(resource)
    except Exception as error:  # pydantic.ValidationError and the library's own errors
        return str(error)
    return ""
