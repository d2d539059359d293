"""Versions over HTTP: a record's ``ETag`` and the version an edit names in ``If-Match``.

A record's version (see :meth:`siklus.core.models.Record.write_changes`) travels as the weak
entity tag ``W/"<version>"``. An edit sends it back in ``If-Match`` (or as ``version`` in the
body); ``*`` or nothing means "whatever is current": then only the fields sent are changed.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from siklus.core.errors import Invalid

_TAG = re.compile(r'\s*(?:W/)?"?([0-9]+)"?\s*')


def etag(version: int) -> str:
    return f'W/"{version}"'


def expected_version(request, body_version: int | None = None) -> int | None:
    """The version an edit was based on: ``If-Match`` first, then the body's ``version``; None
    when neither names one (``If-Match: *`` included)."""
    header = (request.headers.get("If-Match") or "").strip()
    if header and header != "*":
        match = _TAG.fullmatch(header)
        if match is None:
            raise Invalid.field("version", _('If-Match harus berisi satu versi, misalnya W/"3".'))
        return int(match.group(1))
    return body_version
