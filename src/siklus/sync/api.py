"""The sync endpoints /api/v1/sync/… (docs/SYNC-PROTOCOL.md): thin, the decisions are in services.

Push and pull authenticate themselves, so a refusal carries the code the app acts on
(``session_expired`` keeps the outbox, ``device_revoked`` offers the export). Devices are managed
with the API's ordinary authentication (session with CSRF, or a bearer token).
"""

from __future__ import annotations

import gzip
import json
from uuid import UUID

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from siklus.core.schemas import Text
from siklus.sync import services
from siklus.sync.models import Device
from siklus.sync.services import SyncError

router = Router(tags=["sinkronisasi"])

MAX_BODY = 1_000_000


def _error(exc: SyncError) -> JsonResponse:
    return JsonResponse({"code": exc.code, "detail": exc.detail, **exc.extra}, status=exc.status)


def _authenticate(request: HttpRequest, *, device_needed: bool):
    """(user, device) from the bearer token, or the signed-in session for a pull."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user, device = services.device_of_token(header[7:].strip())
    elif not device_needed and request.user.is_authenticated:
        user, device = request.user, None
    else:
        raise SyncError(401, "unauthenticated", _("Silakan masuk kembali."))
    claimed = request.headers.get("X-Siklus-Device")
    if claimed and (device is None or str(device.pk) != claimed.strip().lower()):
        raise SyncError(403, "device_mismatch", _("Token ini bukan milik perangkat ini."))
    request.user = user
    return user, device


def _body(request: HttpRequest) -> dict:
    raw = request.body
    if len(raw) > MAX_BODY:
        raise SyncError(413, "batch_too_large", _("Kiriman terlalu besar (maksimal 1 MB)."))
    if request.headers.get("Content-Encoding", "").lower() == "gzip":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            raise SyncError(400, "bad_request", _("Kiriman gzip rusak.")) from None
        if len(raw) > 4 * MAX_BODY:
            raise SyncError(413, "batch_too_large", _("Kiriman terlalu besar."))
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise SyncError(400, "bad_request", _("Kiriman bukan JSON.")) from None
    if not isinstance(body, dict):
        raise SyncError(400, "bad_request", _("Kiriman harus objek JSON."))
    return body


def _json(request: HttpRequest, data: dict, status: int = 200) -> HttpResponse:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(content_type="application/json", status=status)
    if "gzip" in request.headers.get("Accept-Encoding", "") and len(payload) > 512:
        payload = gzip.compress(payload, compresslevel=6)
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    response.content = payload
    return response


@router.post("/sync/push", auth=None, summary="Kirim mutasi dari perangkat (berurutan, idempoten)",
             openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}})
def push(request: HttpRequest):
    try:
        user, device = _authenticate(request, device_needed=True)
        return _json(request, services.push(user, device, _body(request)))
    except SyncError as exc:
        return _error(exc)
    except PermissionError:
        return _error(SyncError(403, "forbidden", _("Di luar wewenang atau wilayah kerja Anda.")))


@router.get("/sync/pull", auth=None, summary="Ambil perubahan satu desa sejak kursor (tanpa scope: daftar desa)")
def pull(request: HttpRequest, scope: str = "", after: int = 0, limit: int = services.PAGE, epoch: int | None = None):
    try:
        user, _device = _authenticate(request, device_needed=False)
        if not scope:
            return _json(request, services.manifest(user))
        return _json(request, services.pull(user, scope, after=after, limit=limit, epoch=epoch))
    except SyncError as exc:
        return _error(exc)
    except PermissionError:
        return _error(SyncError(403, "forbidden", _("Desa ini di luar wilayah kerja Anda.")))


class DeviceIn(Schema):
    device_id: UUID
    name: Text(100) = ""
    app_version: Text(40) = ""


def _device_out(device: Device) -> dict:
    return {"device_id": str(device.pk), "name": device.name, "user": device.user.username,
            "created_at": device.created_at.isoformat(), "last_seen_at": device.last_seen_at and device.last_seen_at.isoformat(),
            "last_seq": device.last_seq, "skew_seconds": device.skew_seconds, "app_version": device.app_version,
            "revoked_at": device.revoked_at and device.revoked_at.isoformat()}


@router.post("/sync/devices", summary="Daftarkan perangkat (token perangkat ditampilkan sekali)")
def register(request: HttpRequest, data: DeviceIn):
    try:
        registration = services.register_device(request.user, data.device_id, data.name, data.app_version)
    except SyncError as exc:
        return _error(exc)
    device = registration.device
    manifest = services.manifest(request.user)
    return JsonResponse({**_device_out(device), "token": registration.token,
                         "expires_at": device.token.expires_at.isoformat() if device.token else None,
                         "scopes": manifest["scopes"]})


@router.get("/sync/devices", summary="Perangkat saya (dan perangkat pengguna yang saya kelola)")
def devices(request: HttpRequest):
    return JsonResponse({"items": [_device_out(d) for d in services.devices_of(request.user)]})


@router.post("/sync/devices/{device_id}/revoke", summary="Cabut perangkat (HP hilang)")
def revoke(request: HttpRequest, device_id: UUID):
    try:
        device = services.get_device(request.user, device_id)
    except LookupError:
        return JsonResponse({"detail": _("Data tidak ditemukan.")}, status=404)
    return JsonResponse(_device_out(services.revoke_device(request.user, device)))
