"""What the account pages did, announced for the audit log (``accounts`` is below ``audit`` and
does not import it; :mod:`siklus.audit.signals` listens)."""

from django.dispatch import Signal

# Sent with ``action`` (an audit action name), ``actor``, ``target`` (the user or token acted on,
# or None) and ``changes`` (a dict, no secrets).
account_event = Signal()
