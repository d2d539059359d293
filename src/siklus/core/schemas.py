"""Shared API input types."""

from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, StringConstraints


def _no_control_characters(value: str) -> str:
    # PostgreSQL cannot store NUL, and no field of ours has a use for control characters.
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise ValueError("teks berisi karakter kontrol yang tidak diizinkan")
    return value


def Text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=max_length, min_length=min_length),
        AfterValidator(_no_control_characters),
    ]


class Pages(LimitOffsetPagination):
    """Limit/offset pagination with bounds: no page bigger than 500, no offset past 10^9."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=10**9)
