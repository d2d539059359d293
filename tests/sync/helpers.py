"""A minimal phone for the sync tests: a device id, an ordered outbox, a replica per table.

It speaks the protocol exactly as docs/SYNC-PROTOCOL.md says (the real app does the same in JS):
an outbox entry leaves only when the server acknowledged it; a transport error leaves everything in
place for the next try; pulls apply page by page with the cursor, and a removal deletes the row.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC


def uuid7() -> uuid.UUID:
    """A UUIDv7 (time-ordered, RFC 9562): Python 3.11 has none."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | (rand >> 68 & 0xFFF) << 64 | 0b10 << 62 | rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


class TransportError(Exception):
    pass


@dataclass
class Phone:
    """``send(method, path, body=None, params=None) -> (status, json)`` is the transport."""

    send: object
    device_id: uuid.UUID = field(default_factory=uuid7)
    seq: int = 0
    outbox: list = field(default_factory=list)
    replica: dict = field(default_factory=dict)  # table -> id -> row dict
    cursors: dict = field(default_factory=dict)  # scope -> (epoch, upto)
    results: dict = field(default_factory=dict)  # mutation_id -> last result
    clock_offset_days: int = 0

    def enqueue(self, type_: str, **fields) -> dict:
        self.seq += 1
        from datetime import datetime, timedelta, timezone

        moment = datetime.now(timezone(timedelta(hours=7))) + timedelta(days=self.clock_offset_days)
        m = {"mutation_id": str(uuid7()), "device_seq": self.seq, "type": type_, "client_time": moment.isoformat(),
             **fields}
        self.outbox.append(m)
        return m

    def push(self) -> dict | None:
        """Send the outbox (in order) once; None when the transport failed."""
        last = None
        while self.outbox:
            from datetime import datetime, timedelta

            now = datetime.now(UTC) + timedelta(days=self.clock_offset_days)
            try:
                status, body = self.send("POST", "/api/v1/sync/push", {
                    "device_id": str(self.device_id), "client_now": now.isoformat(), "schema": 1,
                    "app_version": "test", "mutations": self.outbox[:200]})
            except TransportError:
                return None
            assert status == 200, (status, body)
            for result in body["results"]:
                self.results[result["mutation_id"]] = result
                self.outbox = [m for m in self.outbox if m["mutation_id"] != result["mutation_id"]]
                row = result.get("row")
                held = self.replica.get(result["entity"], {}).get(row["id"]) if row else None
                if row and result["status"] in ("applied", "duplicate", "conflict") and (
                        held is None or (row.get("v") or 0) >= (held.get("v") or 0)):
                    self.replica.setdefault(result["entity"], {})[row["id"]] = {**row, "_scope": result.get("scope")}
            last = body
            if body.get("resend_from"):
                # The server wants an earlier seq: everything before it is acknowledged.
                self.outbox = [m for m in self.outbox if m["device_seq"] >= body["resend_from"]]
                if not self.outbox or self.outbox[0]["device_seq"] != body["resend_from"]:
                    raise AssertionError(f"outbox lost seq {body['resend_from']}")
        return last

    def pull(self, scope: str, limit: int = 2000) -> bool:
        """Pull until in sync; False when the transport failed (the cursor stays at the last page)."""
        while True:
            epoch, after = self.cursors.get(scope, (None, 0))
            params = {"scope": scope, "after": after, "limit": limit}
            if epoch is not None:
                params["epoch"] = epoch
            try:
                status, page = self.send("GET", "/api/v1/sync/pull", params=params)
            except TransportError:
                return False
            assert status == 200, (status, page)
            if page["reset"]:
                for rows in self.replica.values():
                    for key in [k for k, r in rows.items() if r.get("_scope") == scope]:
                        del rows[key]
                self.cursors[scope] = (None, 0)
                continue
            assert page["after"] == after
            for table in page["tables"]:
                for values in table["rows"]:
                    row = dict(zip(table["cols"], values, strict=True))
                    row["_scope"] = scope
                    self.replica.setdefault(table["table"], {})[row["id"]] = row
            for removal in page["removals"]:
                self.replica.get(removal["table"], {}).pop(removal["id"], None)
            self.cursors[scope] = (page["epoch"], page["upto"])
            if not page["has_more"]:
                self.checksum = page["checksum"]
                return True

    def local_checksum(self, scope: str) -> str:
        from siklus.sync.feed import checksum_hex, hash64

        value = 0
        for table, rows in self.replica.items():
            for row in rows.values():
                if row.get("_scope") == scope and row.get("v") is not None:
                    value ^= hash64(table, row["id"], row["v"])
        return checksum_hex(value)


def client_transport(client, token: str):
    """A transport over Django's test client (in process)."""

    def send(method, path, body=None, params=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if method == "GET":
            response = client.get(path, params or {}, **headers)
        else:
            response = client.post(path, json.dumps(body), content_type="application/json", **headers)
        return response.status_code, json.loads(response.content)

    return send


def register(client, user, device_id=None) -> tuple[str, str]:
    """Register a device for ``user`` (session): (device_id, token)."""
    client.force_login(user)
    device_id = str(device_id or uuid7())
    response = client.post("/api/v1/sync/devices", json.dumps({"device_id": device_id, "name": "HP uji"}),
                           content_type="application/json")
    assert response.status_code == 200, response.content
    client.logout()
    return device_id, response.json()["token"]


def sync_items(place) -> None:
    """An open conflict on the place's mother and a duplicate pair (mother, child) for the queue pages."""
    from siklus.sync.models import Conflict, Duplicate

    Conflict.objects.create(area_code=place.mother.area_code, table="person", record_id=place.mother.pk,
                            field="birth_date", base="1990-07-01", yours="1990-07-02", theirs="1990-07-03")
    Duplicate.objects.create(area_code=place.child.area_code, person_a=place.mother, person_b=place.child,
                             reason="Nama mirip")
