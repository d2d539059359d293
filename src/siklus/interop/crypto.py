"""Secrets at rest: a Puskesmas' SATUSEHAT client secret is stored encrypted (Fernet: AES-128-CBC
with HMAC-SHA256), never shown on a page, never written to the audit log or the server's log.

The key is ``SIKLUS_CREDENTIALS_KEY`` (a Fernet key, 32 url-safe base64 bytes) when set, else
derived from ``SIKLUS_SECRET_KEY`` with HKDF-SHA256. Rotating the secret key without a
credentials key therefore makes stored secrets unreadable: they must be entered again
(``siklus satusehat configure``), which the sender says plainly instead of sending garbage.
"""

from __future__ import annotations

import base64
import os

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class SecretUnreadable(Exception):
    """The stored secret cannot be decrypted with the current key."""


def _key() -> bytes:
    explicit = os.environ.get("SIKLUS_CREDENTIALS_KEY", "").strip()
    if explicit:
        return explicit.encode()
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"siklus.interop.credentials",
                   info=b"satusehat client secret").derive(settings.SECRET_KEY.encode())
    return base64.urlsafe_b64encode(derived)


def encrypt(plain: str) -> str:
    return Fernet(_key()).encrypt(plain.encode()).decode() if plain else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return Fernet(_key()).decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        raise SecretUnreadable("the stored client secret cannot be decrypted with the current key") from None
