"""A DHIS2 Web API client for aggregate data: ``POST /api/dataValueSets`` and its import summary,
``GET /api/dataValueSets`` to read back what was stored.

Basic auth (the password is never logged nor put in an exception). A timeout, a refused
connection or a 5xx is tried again with exponential backoff; 401/403 and other 4xx are not
(they need a person). DHIS2 answers an import with conflicts as HTTP 409 (2.38 and later) or 200
(earlier), its import summary wrapped in ``response`` (2.36+) or not: both are read, and every
conflict is tied to the data value it is about (by ``indexes`` where DHIS2 gives them, else by
the UIDs it names).
"""

from __future__ import annotations

import base64
import json
import time
import urllib.parse
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from siklus.interop.client import Response, Transport


class Dhis2Error(Exception):
    def __init__(self, message: str, *, status: int | None = None, retryable: bool = False):
        super().__init__(message)
        self.status = status
        self.retryable = retryable


@dataclass
class Conflict:
    object: str
    value: str  # DHIS2's message
    error_code: str = ""
    property: str = ""
    indexes: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        code = f" [{self.error_code}]" if self.error_code else ""
        return f"{self.object}: {self.value}{code}"


@dataclass
class ImportSummary:
    status: str  # SUCCESS, WARNING, ERROR
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    description: str = ""
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.status in ("SUCCESS", "OK", "WARNING") and not self.conflicts

    @classmethod
    def from_json(cls, data: dict) -> ImportSummary:
        inner = data.get("response")
        summary: dict = inner if isinstance(inner, dict) else data
        counts = summary.get("importCount") or summary.get("dataValueCount") or {}
        conflicts = []
        for item in summary.get("conflicts") or []:
            if not isinstance(item, dict):
                continue
            objects = item.get("objects") or {}
            conflicts.append(Conflict(
                object=str(item.get("object") or next(iter(objects.values()), "") or ""),
                value=str(item.get("value") or item.get("message") or ""),
                error_code=str(item.get("errorCode") or ""), property=str(item.get("property") or ""),
                indexes=[int(i) for i in item.get("indexes") or [] if isinstance(i, int)]))
        return cls(status=str(summary.get("status") or data.get("status") or ""),
                   imported=int(counts.get("imported") or 0), updated=int(counts.get("updated") or 0),
                   ignored=int(counts.get("ignored") or 0), deleted=int(counts.get("deleted") or 0),
                   conflicts=conflicts, description=str(summary.get("description") or data.get("message") or ""))


DEFAULT_COC = "HllvX50cXC0"  # DHIS2's "default" category (and attribute) option combo
VALUE_KEYS = ("dataElement", "categoryOptionCombo", "orgUnit", "period")


def conflicts_by_value(values: list[dict], summary: ImportSummary) -> list[tuple[dict | None, Conflict]]:
    """Each conflict with the data value(s) it is about: by index (DHIS2 2.38+), else every value
    naming the conflict's object as one of its UIDs; ``None`` when no value names it."""
    found: list[tuple[dict | None, Conflict]] = []
    for conflict in summary.conflicts:
        matched = [values[i] for i in conflict.indexes if 0 <= i < len(values)]
        if not matched:
            matched = [v for v in values if conflict.object and conflict.object in
                       (v.get("dataElement"), v.get("categoryOptionCombo"), v.get("orgUnit"), v.get("period"),
                        v.get("attributeOptionCombo"))]
        if matched:
            found.extend((v, conflict) for v in matched)
        else:
            found.append((None, conflict))
    return found


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return Decimal(a) == Decimal(b)  # DHIS2 may write 12.50 as 12.5
    except (InvalidOperation, TypeError):
        return False


def compare(sent: list[dict], stored: list[dict]) -> list[str]:
    """Differences between the data values sent and those DHIS2 returns: every value sent must
    be stored, with the same value. A value sent without an attribute option combo is stored
    under the default one (DHIS2 names it in what it returns)."""
    back: dict[tuple, dict[str, str]] = {}
    for v in stored:
        back.setdefault(tuple(v.get(k) for k in VALUE_KEYS), {})[v.get("attributeOptionCombo") or DEFAULT_COC] = \
            str(v.get("value"))
    differences = []
    for value in sent:
        key = tuple(value.get(k) for k in VALUE_KEYS)
        combos = back.get(key, {})
        aoc = value.get("attributeOptionCombo")
        found = combos.get(aoc or DEFAULT_COC, next(iter(combos.values())) if not aoc and len(combos) == 1 else None)
        label = "/".join(str(x) for x in key)
        if found is None:
            differences.append(_("%(value)s: tidak tersimpan di DHIS2") % {"value": label})
        elif not _same(found, str(value["value"])):
            differences.append(_("%(value)s: dikirim %(sent)s, tersimpan %(stored)s")
                               % {"value": label, "sent": value["value"], "stored": found})
    return differences


def check_url(url: str) -> str | None:
    """Why a server URL is refused (basic auth sends the password with every request), or None."""
    local = url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))
    if not (url.startswith("https://") or local):
        return _("Alamat DHIS2 harus https:// (kata sandi dikirim di setiap permintaan).")
    return None


class Dhis2Client:
    def __init__(self, url: str, username: str, password: str, *, transport: Transport | None = None,
                 timeout: float = 60.0, attempts: int = 4, backoff: float = 2.0, sleep=time.sleep):
        problem = check_url(url)
        if problem:
            raise Dhis2Error(problem)
        base = url.rstrip("/")
        self.api = base if base.endswith("/api") else base + "/api"
        self.username = username
        self._auth = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        self.transport = transport or Transport()
        self.timeout, self.attempts, self.backoff, self.sleep = timeout, attempts, backoff, sleep
        self.requests = 0

    def _request(self, method: str, path: str, params: list[tuple[str, str]] | None = None,
                 body: dict | None = None) -> Response:
        url = f"{self.api}/{path}" + ("?" + urllib.parse.urlencode(params) if params else "")
        headers = {"Authorization": self._auth, "Accept": "application/json"}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        last = ""
        for attempt in range(1, self.attempts + 1):
            self.requests += 1
            try:
                answer = self.transport.send(method, url, headers, data, self.timeout)
            except (TimeoutError, ConnectionError) as error:
                last = str(error)
            else:
                if answer.status < 500:
                    return self._checked(answer)
                last = f"HTTP {answer.status}: {_message(answer)}"
            if attempt < self.attempts:
                self.sleep(min(self.backoff * 2 ** (attempt - 1), 60.0))
        raise Dhis2Error(_("DHIS2 tidak menjawab dengan benar setelah %(n)s percobaan: %(last)s")
                         % {"n": self.attempts, "last": last}, retryable=True)

    def _checked(self, answer: Response) -> Response:
        if answer.status == 401:
            raise Dhis2Error(_("DHIS2 menolak nama pengguna atau kata sandi %(user)s (HTTP 401).")
                             % {"user": self.username}, status=401)
        if answer.status == 403:
            raise Dhis2Error(_("Pengguna DHIS2 %(user)s tidak berhak melakukan ini (HTTP 403): %(message)s")
                             % {"user": self.username, "message": _message(answer)}, status=403)
        if answer.status == 409 and answer.json():
            return answer  # an import summary with conflicts: read by the caller
        if not 200 <= answer.status < 300:
            raise Dhis2Error(f"HTTP {answer.status}: {_message(answer)}", status=answer.status)
        return answer

    def post_data_values(self, payload: dict, *, dry_run: bool = False) -> ImportSummary:
        params = [("dryRun", "true")] if dry_run else []
        answer = self._request("POST", "dataValueSets", params, payload)
        data = answer.json()
        if not data:
            raise Dhis2Error(_("DHIS2 tidak mengirim ringkasan impor (HTTP %(status)s).") % {"status": answer.status},
                             status=answer.status)
        summary = ImportSummary.from_json(data)
        summary.dry_run = dry_run
        return summary

    def get_data_values(self, *, period: str, org_units: list[str], data_set: str = "",
                        data_elements: list[str] | None = None) -> list[dict]:
        params = [("period", period), *(("orgUnit", ou) for ou in sorted(set(org_units)))]
        if data_set:
            params.append(("dataSet", data_set))
        params.extend(("dataElement", de) for de in sorted(set(data_elements or ())))
        answer = self._request("GET", "dataValueSets", params)
        return list(answer.json().get("dataValues") or [])


def _message(answer: Response) -> str:
    data = answer.json()
    text = data.get("message") or data.get("description") or ""
    if not text:
        text = answer.body.decode(errors="replace")[:300]
    return str(text).strip() or _("(tanpa pesan)")
