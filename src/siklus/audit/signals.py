"""Failed sign-ins and lockouts go to the audit log too (axes counts them for throttling; this
keeps who tried, from where, and when a name or an address was locked out)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from siklus.accounts.signals import account_event
from siklus.audit.log import log
from siklus.audit.models import Action


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    log(Action.LOGIN_FAILED, actor=None, area_code="", username=str(credentials.get("username", ""))[:150])


@receiver(user_locked_out)
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    log(Action.LOCKED_OUT, actor=None, area_code="", username=str(username or "")[:150],
        changes={"ip_address": ip_address or ""})


@receiver(account_event)
def _account_event(sender, action, actor, target=None, changes=None, **kwargs):
    """Password resets and changes, tokens issued and revoked; the event's area is where the
    user acted on is bound, so the Dinkes of that area sees it."""
    user = getattr(target, "user", target)  # a token's user, or the user itself
    area = ""
    if user is not None:
        area = (user.facility.area_code if user.facility_id else user.area_id) or ""
    log(action, target, actor=actor, area_code=area, changes=changes or {})
