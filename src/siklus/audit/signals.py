"""Failed sign-ins and lockouts go to the audit log too (axes counts them for throttling; this
keeps who tried, from where, and when a name or an address was locked out)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from siklus.audit.log import log
from siklus.audit.models import Action


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    log(Action.LOGIN_FAILED, actor=None, area_code="", username=str(credentials.get("username", ""))[:150])


@receiver(user_locked_out)
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    log(Action.LOCKED_OUT, actor=None, area_code="", username=str(username or "")[:150],
        changes={"ip_address": ip_address or ""})
