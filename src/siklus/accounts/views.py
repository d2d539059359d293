"""One's own account (password, API tokens) and, for managers, resetting the password of a user
of their area. Thin: the actions are :mod:`siklus.accounts.services`."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from siklus.accounts import services
from siklus.accounts.models import ApiToken, Role, User
from siklus.accounts.policies import DINKES, NETWORK_ROLES, Perm, may
from siklus.core.querysets import scope_q


@login_required
def account(request):
    return render(request, "accounts/account.html", {
        "tokens": ApiToken.objects.filter(user=request.user),
        "can_manage": may(request.user, Perm.MANAGE_USERS),
    })


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # stay signed in on this device only
        services.password_changed(user)
        messages.success(request, _("Kata sandi Anda sudah diganti."))
        return redirect("account")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def token_create(request):
    if request.method != "POST":
        return redirect("account")
    token, text = services.issue_token(request.user, request.POST.get("name", ""))
    # Shown once: only its digest is stored.
    return render(request, "accounts/token_created.html", {"token": token, "text": text})


def _own_token(request, pk) -> ApiToken:
    token = ApiToken.objects.filter(pk=int(pk) if str(pk).isdigit() else 0, user=request.user).first()
    if token is None:
        raise Http404
    return token


@login_required
def token_revoke(request, pk):
    token = _own_token(request, pk)
    if request.method != "POST":
        return redirect("account")
    services.revoke_token(request.user, token)
    messages.success(request, _("Token %(name)s dicabut.") % {"name": token.name})
    return redirect("account")


def managed_users(actor):
    """The users whose password ``actor`` may reset, as a query (the policy decides each one)."""
    users = User.objects.filter(is_active=True).exclude(pk=actor.pk).exclude(role=Role.ADMIN).exclude(is_superuser=True)
    scope = actor.scope
    if scope.everything:
        return users
    if scope.role == Role.KEPALA:
        own = scope.facility_id
        return users.filter(Q(facility_id=own) | Q(facility__parent_id=own), role__in=NETWORK_ROLES)
    if scope.role in DINKES:
        return users.filter((Q(role__in=DINKES) & scope_q(scope, "area__code"))
                            | (~Q(role__in=DINKES) & scope_q(scope, "facility__area_code")))
    return users.none()


@login_required
def user_list(request):
    if not may(request.user, Perm.MANAGE_USERS):
        raise PermissionDenied
    users = managed_users(request.user).select_related("facility", "area").order_by("username")
    query = request.GET.get("q", "").strip()[:150]
    if query:
        users = users.filter(Q(username__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query))
    return render(request, "accounts/user_list.html", {
        "users": Paginator(users, 100).get_page(request.GET.get("page")), "q": query,
    })


@login_required
def user_reset_password(request, pk):
    target = managed_users(request.user).filter(pk=pk).first()
    if target is None or not may(request.user, Perm.MANAGE_USERS, target):
        raise Http404
    if request.method != "POST":
        return render(request, "accounts/user_reset.html", {"target": target})
    try:
        password = services.reset_password(request.user, target)
    except PermissionError:
        raise PermissionDenied from None
    return render(request, "accounts/user_reset.html", {"target": target, "password": password})
