"""The SATUSEHAT API client: OAuth2 client credentials, FHIR reads and writes, and what its
errors mean for the sender.

The access token is cached per Puskesmas configuration until shortly before it expires and
fetched again on a 401 (once per request). Errors come back as :class:`SatusehatError`: a
timeout, a refused connection, a 5xx or a 429 is ``retryable`` (the sender backs off and tries
again); a 4xx with an OperationOutcome is not (the record is marked failed with the outcome's
text until someone fixes the data). The client secret is never logged, never in an exception.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict = field(default_factory=dict)

    def json(self) -> dict:
        try:
            data = json.loads(self.body.decode() or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) else {}


class Transport:
    """Sends one HTTP request. Raises ``TimeoutError`` or ``ConnectionError`` when no answer came."""

    def send(self, method: str, url: str, headers: dict, body: bytes | None, timeout: float) -> Response:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return Response(answer.status, answer.read(), dict(answer.headers))
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read() or b"", dict(error.headers or {}))
        except TimeoutError as error:
            raise TimeoutError(f"{method} {_safe(url)}: no answer in {timeout:g} s") from error
        except (urllib.error.URLError, OSError) as error:
            raise ConnectionError(f"{method} {_safe(url)}: {getattr(error, 'reason', error)}") from error


def _safe(url: str) -> str:
    """A URL as it may be logged: without its query (a NIK may be in it)."""
    return url.split("?", 1)[0]


class SatusehatError(Exception):
    def __init__(self, message: str, *, status: int | None = None, retryable: bool = False):
        super().__init__(message)
        self.status = status
        self.retryable = retryable


class TokenError(SatusehatError):
    """No access token: the credentials are refused or the authentication server does not answer."""


def outcome_text(data: dict) -> str:
    """The readable text of an OperationOutcome: each issue's severity, code, details and where."""
    if data.get("resourceType") != "OperationOutcome":
        return ""
    parts = []
    for issue in data.get("issue") or []:
        details = (issue.get("details") or {}).get("text") or issue.get("diagnostics") or ""
        where = ", ".join(issue.get("expression") or issue.get("location") or [])
        text = f"{issue.get('severity', 'error')} {issue.get('code', '')}: {details}".strip()
        parts.append(f"{text} ({where})" if where else text)
    return "; ".join(parts)


_tokens: dict[tuple, tuple[str, float]] = {}
_tokens_lock = threading.Lock()
TOKEN_MARGIN = 60.0  # seconds before expiry a token is no longer used
TIMEOUT = 20.0  # seconds to wait for an answer (settings.SIKLUS_SATUSEHAT_TIMEOUT)


class SatusehatClient:
    def __init__(self, config, transport: Transport | None = None, *, timeout: float | None = None,
                 clock=time.monotonic):
        from django.conf import settings

        self.config = config
        self.transport = transport or Transport()
        self.timeout = timeout or float(getattr(settings, "SIKLUS_SATUSEHAT_TIMEOUT", TIMEOUT))
        self.clock = clock
        self.requests = 0

    # ------------------------------------------------------------------ token
    @property
    def _token_key(self) -> tuple:
        return (self.config.pk, self.config.client_id, self.config.auth_url)

    def token(self, *, fresh: bool = False) -> str:
        with _tokens_lock:
            cached = _tokens.get(self._token_key)
            if cached and not fresh and cached[1] > self.clock():
                return cached[0]
        url = self.config.auth_url.rstrip("/") + "/accesstoken?grant_type=client_credentials"
        form = urllib.parse.urlencode({"client_id": self.config.client_id,
                                       "client_secret": self.config.secret()}).encode()
        try:
            answer = self._send("POST", url, {"Content-Type": "application/x-www-form-urlencoded"}, form)
        except SatusehatError as error:
            raise TokenError(f"token: {error}", retryable=True) from None
        if answer.status != 200:
            raise TokenError(f"token ditolak (HTTP {answer.status}): {outcome_text(answer.json()) or 'periksa client ID/secret'}",
                                 status=answer.status, retryable=answer.status >= 500 or answer.status == 429)
        data = answer.json()
        token = str(data.get("access_token") or "")
        if not token:
            raise TokenError("token kosong dari server otentikasi", status=answer.status, retryable=True)
        try:
            lifetime = float(data.get("expires_in") or 0)
        except (TypeError, ValueError):
            lifetime = 0.0
        with _tokens_lock:
            _tokens[self._token_key] = (token, self.clock() + max(lifetime - TOKEN_MARGIN, 0.0))
        return token

    @staticmethod
    def forget_tokens() -> None:
        with _tokens_lock:
            _tokens.clear()

    # ------------------------------------------------------------------ requests
    def _send(self, method: str, url: str, headers: dict, body: bytes | None) -> Response:
        self.requests += 1
        try:
            return self.transport.send(method, url, headers, body, self.timeout)
        except TimeoutError as error:
            raise SatusehatError(f"waktu habis: {error}", retryable=True) from None
        except ConnectionError as error:
            raise SatusehatError(f"tidak tersambung: {error}", retryable=True) from None

    def request(self, method: str, path: str, resource: dict | None = None) -> dict:
        url = self.config.base_url.rstrip("/") + "/" + path.lstrip("/")
        body = json.dumps(resource).encode() if resource is not None else None
        for attempt in (1, 2):
            headers = {"Authorization": f"Bearer {self.token(fresh=attempt == 2)}", "Accept": "application/fhir+json"}
            if body is not None:
                headers["Content-Type"] = "application/fhir+json"
            answer = self._send(method, url, headers, body)
            if answer.status == 401 and attempt == 1:
                continue  # the token expired early or was revoked: fetch a new one, once
            break
        data = answer.json()
        if 200 <= answer.status < 300:
            if not data and answer.headers.get("Location"):
                data = {"id": _id_from_location(answer.headers["Location"])}
            return data
        text = outcome_text(data) or answer.body.decode(errors="replace")[:500] or f"HTTP {answer.status}"
        retryable = answer.status >= 500 or answer.status in (401, 408, 429)
        raise SatusehatError(f"HTTP {answer.status}: {text}", status=answer.status, retryable=retryable)

    def search(self, resource_type: str, **params: str) -> list[dict]:
        query = urllib.parse.urlencode(params, safe="|:/")
        data = self.request("GET", f"{resource_type}?{query}")
        return [e.get("resource") or {} for e in data.get("entry") or []]

    def create(self, resource: dict) -> str:
        data = self.request("POST", resource["resourceType"], resource)
        return str(data.get("id") or "")

    def update(self, resource: dict) -> str:
        data = self.request("PUT", f"{resource['resourceType']}/{resource['id']}", resource)
        return str(data.get("id") or resource["id"])


def _id_from_location(location: str) -> str:
    parts = location.rstrip("/").split("/")
    if "_history" in parts:
        parts = parts[: parts.index("_history")]
    return parts[-1]
