"""Failed sign-ins go to the audit log too (axes counts them for throttling; this keeps who tried)."""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from siklus.audit.log import log
from siklus.audit.models import Action


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    log(Action.LOGIN_FAILED, actor=None, area_code="", username=str(credentials.get("username", ""))[:150])
