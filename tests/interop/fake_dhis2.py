"""A local stand-in for a DHIS2 server's aggregate data API (2.38+ behaviour), since no DHIS2
instance is reachable from the test machines:

- ``POST /api/dataValueSets[?dryRun=true]`` with basic auth and a JSON payload → the import
  summary wrapped as DHIS2 2.38+ wraps it (``{"httpStatus", "status", "response": {"responseType":
  "ImportSummary", "importCount": {imported, updated, ignored, deleted}, "conflicts": [...]}}``):
  HTTP 200 without conflicts, 409 with them. A value naming an unknown data element, category
  option combo or org unit, or a value that is not a number, is ignored with a conflict carrying
  DHIS2's error code and the value's index. ``dryRun`` counts and stores nothing;
- ``GET /api/dataValueSets?dataSet=…&period=…&orgUnit=…`` (or ``dataElement=…``) → what is stored;
- 401 for a missing or wrong password; 5xx on demand (``fail_next``).
"""

from __future__ import annotations

import base64
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

DEFAULT_COC = "HllvX50cXC0"
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class FakeDhis2:
    def __init__(self, users: dict[str, str] | None = None):
        self.users = users or {"admin": "district"}
        self.data_sets: dict[str, set[str]] = {}  # uid -> data elements
        self.data_elements: set[str] = set()
        self.category_option_combos: set[str] = {DEFAULT_COC}
        self.org_units: set[str] = set()
        self.values: dict[tuple, str] = {}  # (de, period, ou, coc, aoc) -> value
        self.posts: list[dict] = []  # the bodies received, in order
        self.requests: list[tuple[str, str, int]] = []  # (method, path, status answered)
        self._failures: list[int] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeDhis2:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add_metadata(self, *, data_set: str, data_elements=(), category_option_combos=(), org_units=()) -> None:
        self.data_sets.setdefault(data_set, set()).update(data_elements)
        self.data_elements.update(data_elements)
        self.category_option_combos.update(category_option_combos)
        self.org_units.update(org_units)

    def fail_next(self, *statuses: int) -> None:
        self._failures.extend(statuses)

    # ------------------------------------------------------------------ the API
    def _import(self, payload: dict, dry_run: bool) -> tuple[int, dict]:
        counts = {"imported": 0, "updated": 0, "ignored": 0, "deleted": 0}
        conflicts: list[dict] = []

        def conflict(uid, prop, code, message, index):
            conflicts.append({"object": uid, "objects": {prop: uid}, "value": message, "errorCode": code,
                              "property": prop, "indexes": [index]})

        for index, value in enumerate(payload.get("dataValues") or []):
            de = value.get("dataElement")
            period = value.get("period") or payload.get("period")
            ou = value.get("orgUnit") or payload.get("orgUnit")
            coc = value.get("categoryOptionCombo") or DEFAULT_COC
            aoc = value.get("attributeOptionCombo") or payload.get("attributeOptionCombo") or DEFAULT_COC
            text = value.get("value")
            if de not in self.data_elements:
                conflict(de, "dataElement", "E7610", f"Data element not found or not accessible: `{de}`", index)
            elif ou not in self.org_units:
                conflict(ou, "orgUnit", "E7612", f"Organisation unit not found or not accessible: `{ou}`", index)
            elif coc not in self.category_option_combos:
                conflict(coc, "categoryOptionCombo", "E7613",
                         f"Category option combo not found or not accessible for writing data: `{coc}`", index)
            elif not isinstance(text, str) or not NUMBER.match(text):
                conflict(str(text), "value", "E7619", f"Value must be numeric: `{text}`", index)
            else:
                key = (de, period, ou, coc, aoc)
                counts["updated" if key in self.values else "imported"] += 1
                if not dry_run:
                    self.values[key] = text
                continue
            counts["ignored"] += 1
        status = "WARNING" if conflicts else "SUCCESS"
        summary = {"responseType": "ImportSummary", "status": status, "importCount": counts, "conflicts": conflicts,
                   "description": "Import process completed successfully" if not conflicts else "",
                   "dataSetComplete": "false", "importOptions": {"dryRun": dry_run}}
        http = 409 if conflicts else 200
        return http, {"httpStatus": "Conflict" if conflicts else "OK", "httpStatusCode": http, "status": status,
                      "message": "One more conflicts encountered, please check import summary." if conflicts
                      else "Import was successful.", "response": summary}

    def _read(self, query: dict) -> tuple[int, dict]:
        periods = set(query.get("period", []))
        units = set(query.get("orgUnit", []))
        elements = set(query.get("dataElement", []))
        for uid in query.get("dataSet", []):
            if uid not in self.data_sets:
                return 409, {"httpStatus": "Conflict", "httpStatusCode": 409, "status": "ERROR",
                             "message": f"Data set does not exist: `{uid}`", "errorCode": "E2014"}
            elements |= self.data_sets[uid]
        if not (periods and units and elements):
            return 409, {"httpStatus": "Conflict", "httpStatusCode": 409, "status": "ERROR",
                         "message": "At least one data set or data element, period and org unit must be specified"}
        found = [{"dataElement": de, "period": pe, "orgUnit": ou, "categoryOptionCombo": coc,
                  "attributeOptionCombo": aoc, "value": value, "storedBy": "admin", "followup": False}
                 for (de, pe, ou, coc, aoc), value in sorted(self.values.items())
                 if de in elements and pe in periods and ou in units]
        return 200, {"dataValues": found}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status: int, data: dict) -> None:
                body = json.dumps(data).encode()
                # Recorded before answering: the client may read the answer, and the test look at
                # the requests, before this thread gets to run again.
                fake.requests.append((self.command, urlsplit(self.path).path, status))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _authorised(self) -> bool:
                header = self.headers.get("Authorization", "")
                if header.startswith("Basic "):
                    user, _sep, password = base64.b64decode(header[6:]).decode().partition(":")
                    if fake.users.get(user) == password:
                        return True
                self._answer(401, {"httpStatus": "Unauthorized", "httpStatusCode": 401, "status": "ERROR",
                                   "message": "Unauthorized"})
                return False

            def _route(self):
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                with fake.lock:
                    if fake._failures:
                        status = fake._failures.pop(0)
                        return self._answer(status, {"httpStatus": "Service Unavailable", "httpStatusCode": status,
                                                     "status": "ERROR", "message": "database unavailable"})
                if not self._authorised():
                    return None
                if parts.path != "/api/dataValueSets":
                    return self._answer(404, {"httpStatus": "Not Found", "httpStatusCode": 404, "status": "ERROR"})
                with fake.lock:
                    if self.command == "GET":
                        return self._answer(*fake._read(query))
                    length = int(self.headers.get("Content-Length") or 0)
                    try:
                        payload = json.loads(self.rfile.read(length) or b"{}")
                    except json.JSONDecodeError:
                        return self._answer(400, {"httpStatus": "Bad Request", "httpStatusCode": 400,
                                                  "status": "ERROR", "message": "JSON parse error"})
                    fake.posts.append(payload)
                    return self._answer(*fake._import(payload, query.get("dryRun") == ["true"]))

            do_GET = do_POST = _route

        return Handler
