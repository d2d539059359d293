"""Account actions: a password reset by a manager of the user's area, API tokens issued and
revoked. Each takes the actor first, refuses without one, and is announced for the audit log."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from siklus.accounts.models import ApiToken, User
from siklus.accounts.policies import Perm, require
from siklus.accounts.signals import account_event
from siklus.core.actors import require_actor

# Letters and digits that cannot be mistaken for each other when read out over the phone.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
ONE_TIME_LENGTH = 12


def one_time_password() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(ONE_TIME_LENGTH))


def _announce(action: str, actor, target, changes: dict | None = None) -> None:
    account_event.send(User, action=action, actor=actor, target=target, changes=changes or {})


def reset_password(actor, target: User) -> str:
    """Give ``target`` a one-time password (returned, to be shown once) that must be changed at
    the next login. Only a manager of the user's area (``Perm.MANAGE_USERS``), never oneself."""
    require(actor, Perm.MANAGE_USERS, target)
    if target.pk == actor.pk:
        raise PermissionError("change your own password instead")
    password = one_time_password()
    with transaction.atomic():
        target.set_password(password)
        target.must_change_password = True
        target.save(update_fields=["password", "must_change_password"])
        _announce("password_reset", actor, target)
    return password


def password_changed(actor) -> None:
    """Record that ``actor`` changed their own password (the form has already saved it)."""
    require_actor(actor)
    if actor.must_change_password:
        actor.must_change_password = False
        actor.save(update_fields=["must_change_password"])
    _announce("password_change", actor, actor)


def issue_token(actor, name: str) -> tuple[ApiToken, str]:
    """A new API token of ``actor`` (the token text is returned once, only its digest is kept)."""
    require_actor(actor)
    if not getattr(actor, "is_active", False) or getattr(actor, "is_system", False):
        raise PermissionError("only an active user has tokens")
    with transaction.atomic():
        text = ApiToken.issue(actor, (name or "token").strip()[:100] or "token")
        token = ApiToken.objects.get(digest=ApiToken.digest_of(text))
        _announce("token_create", actor, token, {"name": token.name, "expires_at": token.expires_at.isoformat()})
    return token, text


def revoke_token(actor, token: ApiToken) -> ApiToken:
    """Revoke one's own token, or a token of a user one manages."""
    require_actor(actor)
    if token.user_id != actor.pk:
        require(actor, Perm.MANAGE_USERS, token.user)
    if not token.revoked:
        with transaction.atomic():
            token.revoked = True
            token.save(update_fields=["revoked"])
            _announce("token_revoke", actor, token, {"name": token.name, "revoked_at": timezone.now().isoformat()})
    return token
