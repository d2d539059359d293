"""The SATUSEHAT status page of Klaster 1: per record, was it sent, is it waiting, why did it fail;
the Puskesmas' configuration as far as it may be shown (never the secret); resend the failed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from siklus.accounts.policies import Perm, may
from siklus.audit.log import log_read
from siklus.interop import services
from siklus.interop.models import OutboxStatus, SatusehatConfig


@login_required
def satusehat_status(request):
    user = request.user
    if not may(user, Perm.INTEROP_VIEW):
        raise PermissionDenied
    if request.method == "POST":
        config = get_object_or_404(SatusehatConfig.objects.visible_to(user), pk=request.POST.get("config") or 0)
        try:
            count = services.resend_failed(user, config)
        except PermissionError:
            raise PermissionDenied from None
        messages.success(request, _("%(n)s catatan dijadwalkan untuk dikirim ulang.") % {"n": count})
        return redirect("satusehat_status")
    status = request.GET.get("status", "")
    if status not in OutboxStatus.values:
        status = ""
    page = Paginator(services.outbox_rows(user, status=status), 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    persons = list({row.person_id: row.person for row in page.object_list if row.person_id}.values())
    log_read(user, persons, what="satusehat_outbox")
    configs = services.configs_for(user)
    counts = services.outbox_counts(user)
    return render(request, "interop/satusehat.html", {
        "page": page, "status": status,
        "statuses": [(value, label, counts[value]) for value, label in OutboxStatus.choices],
        "configs": configs, "may_resend": may(user, Perm.RECORD_CARE) and any(c.outbox.exists() for c in configs),
    })
