"""A local stand-in for SATUSEHAT that implements the contract siklus relies on, since the real
service is not reachable from the test machines:

- ``POST /oauth2/v1/accesstoken?grant_type=client_credentials`` with form ``client_id`` and
  ``client_secret`` → ``{"access_token", "expires_in", …}`` (``expires_in`` as a string, as
  SATUSEHAT sends it); wrong credentials → 401;
- ``GET /fhir-r4/v1/<Type>?identifier=<system>|<value>`` → a searchset Bundle (Patient by NIK or
  nik-ibu, any resource by its identifier);
- ``POST /fhir-r4/v1/<Type>`` → 201 with the stored resource and its new ``id``;
  ``PUT /fhir-r4/v1/<Type>/<id>`` → 200 (404 for an unknown id);
- errors as SATUSEHAT gives them: an OperationOutcome with issues and 400 for a resource the
  test declares invalid, 401 for a missing, unknown or expired token, 5xx and slow answers
  (timeouts) on demand.

It counts what it stores: ``created[(type, identifier)]`` is how often a record was created —
the done-when test asserts it is 1 for every record.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

NIK = "https://fhir.kemkes.go.id/id/nik"


def outcome(code: str, text: str, expression: str = "") -> dict:
    issue = {"severity": "error", "code": code, "details": {"text": text}}
    if expression:
        issue["expression"] = [expression]
    return {"resourceType": "OperationOutcome", "issue": [issue]}


class FakeSatusehat:
    def __init__(self, client_id: str = "klien-uji", client_secret: str = "rahasia-klien", token_lifetime: int = 3600):
        self.client_id, self.client_secret, self.token_lifetime = client_id, client_secret, token_lifetime
        self.tokens: dict[str, float] = {}  # token -> expiry (monotonic)
        self.resources: dict[str, dict[str, dict]] = {}  # type -> id -> resource
        self.created: Counter = Counter()  # (type, "system|value") -> creations
        self.updated: Counter = Counter()
        self.requests: list[tuple[str, str]] = []  # (method, path) in order
        self.token_requests = 0
        self.lock = threading.Lock()
        self._failures: list[tuple[int, str]] = []  # (status or 0 for "no answer", resource type or "")
        self.delay = 0.0
        self.invalid: dict[str, str] = {}  # identifier value -> text of the 400 it gets
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # ------------------------------------------------------------------ control
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def auth_url(self) -> str:
        return self.url + "/oauth2/v1"

    @property
    def fhir_url(self) -> str:
        return self.url + "/fhir-r4/v1"

    def start(self) -> FakeSatusehat:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add_patient(self, nik: str, ihs: str | None = None, **fields) -> str:
        ihs = ihs or f"P{uuid.uuid4().int % 10**11:011d}"
        with self.lock:
            self.resources.setdefault("Patient", {})[ihs] = {
                "resourceType": "Patient", "id": ihs, "identifier": [{"system": NIK, "value": nik}], **fields}
        return ihs

    def fail_next(self, count: int, status: int = 503, resource_type: str = "") -> None:
        """The next ``count`` FHIR requests (of ``resource_type``, or any) answer ``status``; 0 = no answer in time."""
        with self.lock:
            self._failures.extend([(status, resource_type)] * count)

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()

    def all(self, resource_type: str) -> list[dict]:
        return list(self.resources.get(resource_type, {}).values())

    def writes(self) -> int:
        return sum(1 for method, _path in self.requests if method in ("POST", "PUT") and "/fhir-r4/" in _path)

    # ------------------------------------------------------------------ HTTP
    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: dict | None = None, headers: dict | None = None):
                data = json.dumps(body or {}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/fhir+json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def do_POST(self):
                fake._dispatch(self, "POST")

            def do_GET(self):
                fake._dispatch(self, "GET")

            def do_PUT(self):
                fake._dispatch(self, "PUT")

        return Handler

    def _dispatch(self, handler, method: str) -> None:
        url = urlsplit(handler.path)
        body = handler._body()
        with self.lock:
            self.requests.append((method, url.path))
        if url.path == "/oauth2/v1/accesstoken":
            return self._token(handler, method, url, body)
        if not url.path.startswith("/fhir-r4/v1/"):
            return handler._send(404, outcome("not-found", "unknown path"))
        token = (handler.headers.get("Authorization") or "").removeprefix("Bearer ")
        with self.lock:
            expiry = self.tokens.get(token)
        if expiry is None or expiry < time.monotonic():
            return handler._send(401, outcome("login", "Access token expired or invalid"))
        parts = url.path.removeprefix("/fhir-r4/v1/").strip("/").split("/")
        resource_type = parts[0]
        with self.lock:
            failure = next((f for f in self._failures if not f[1] or f[1] == resource_type), None)
            if failure is not None:
                self._failures.remove(failure)
        if failure is not None:
            if failure[0] == 0:
                time.sleep(self.delay or 2.0)  # longer than the client waits: a timeout
                return handler._send(503, outcome("timeout", "too late"))
            return handler._send(failure[0], outcome("exception", f"Service unavailable ({failure[0]})"))
        if method == "GET":
            return self._search(handler, resource_type, parse_qs(url.query))
        try:
            resource = json.loads(body or b"{}")
        except json.JSONDecodeError:
            return handler._send(400, outcome("structure", "body is not JSON"))
        if resource.get("resourceType") != resource_type:
            return handler._send(400, outcome("invalid", "resourceType does not match the URL", "resourceType"))
        key = self._key(resource)
        value = key.rsplit("|", 1)[-1]
        if value in self.invalid:
            return handler._send(400, outcome("invalid", self.invalid[value], f"{resource_type}.code"))
        with self.lock:
            if method == "POST":
                new_id = str(uuid.uuid4())
                resource["id"] = new_id
                self.resources.setdefault(resource_type, {})[new_id] = resource
                self.created[(resource_type, key)] += 1
                return handler._send(201, resource, {"Location": f"{self.fhir_url}/{resource_type}/{new_id}/_history/1"})
            if len(parts) != 2 or parts[1] not in self.resources.get(resource_type, {}):
                return handler._send(404, outcome("not-found", f"{resource_type}/{parts[-1]} not found"))
            resource["id"] = parts[1]
            self.resources[resource_type][parts[1]] = resource
            self.updated[(resource_type, key)] += 1
            return handler._send(200, resource)

    @staticmethod
    def _key(resource: dict) -> str:
        found = resource.get("identifier") or []
        first = found if isinstance(found, dict) else (found[0] if found else {})
        return f"{first.get('system')}|{first.get('value')}"

    def _token(self, handler, method, url, body) -> None:
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if method != "POST" or parse_qs(url.query).get("grant_type") != ["client_credentials"]:
            return handler._send(400, {"error": "unsupported_grant_type"})
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return handler._send(401, {"error": "invalid_client", "error_description": "Invalid client credentials"})
        token = uuid.uuid4().hex
        with self.lock:
            self.token_requests += 1
            self.tokens[token] = time.monotonic() + self.token_lifetime
        handler._send(200, {"access_token": token, "expires_in": str(self.token_lifetime), "token_type": "BearerToken",
                            "issued_at": str(int(time.time() * 1000)), "client_id": self.client_id})

    def _search(self, handler, resource_type: str, query: dict) -> None:
        wanted = (query.get("identifier") or [""])[0]
        system, _, value = wanted.partition("|")
        with self.lock:
            found = [r for r in self.resources.get(resource_type, {}).values()
                     if any(i.get("system") == system and i.get("value") == value
                            for i in ([r["identifier"]] if isinstance(r.get("identifier"), dict)
                                      else r.get("identifier") or []))]
        handler._send(200, {"resourceType": "Bundle", "type": "searchset", "total": len(found),
                            "entry": [{"fullUrl": f"{self.fhir_url}/{resource_type}/{r['id']}", "resource": r}
                                      for r in found]})
