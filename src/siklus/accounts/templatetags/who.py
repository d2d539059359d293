"""``{% load who %}`` … ``{{ user|who }}``: the header's "name · role", without the role twice
when the account's name is its role (the demo accounts are named "Kader Posyandu" and so on)."""

from django import template
from django.utils import translation

register = template.Library()


@register.filter
def who(user) -> str:
    name = (user.get_full_name() or user.username).strip()
    role = str(user.get_role_display())
    with translation.override("id"):
        role_id = str(user.get_role_display())  # the name was typed in Indonesian
    if name.casefold() in {role.casefold(), role_id.casefold()}:
        return role
    return f"{name} · {role}" if role else name
