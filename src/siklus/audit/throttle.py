"""Throttling sign-ins by address, across usernames (password spraying: one guess over many
names). axes locks a username after ``AXES_FAILURE_LIMIT`` failures; this refuses every sign-in
from an address with ``SIKLUS_LOGIN_IP_FAILURE_LIMIT`` failed sign-ins (any usernames) within
``AXES_COOLOFF_TIME``. The failures are the audit log's ``login_failed`` events, so the count
is the one an auditor sees.

The address limit is higher than the per-user one: a Puskesmas often sends all its staff through
one address, and a few mistyped passwords there must not lock everyone out.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from siklus.audit.models import Action, AuditEvent


def recent_failures(ip: str) -> int:
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    return AuditEvent.objects.filter(action=Action.LOGIN_FAILED, ip_address=ip, at__gte=since).count()


class AddressThrottleBackend:
    """First in ``AUTHENTICATION_BACKENDS``: refuses before any password is checked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        ip = request.META.get("REMOTE_ADDR") if request is not None else None
        if ip and recent_failures(ip) >= settings.SIKLUS_LOGIN_IP_FAILURE_LIMIT:
            request.axes_locked_out = True  # axes' middleware answers with the lockout page (429)
            raise PermissionDenied
        return None
    # No ``get_user``: sessions are never this backend's (Django and force_login skip it).
