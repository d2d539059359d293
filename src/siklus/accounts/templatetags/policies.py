"""``{% load policies %}`` … ``{% if user|may:"audit.read" %}``: templates ask the policies too."""

from django import template

from siklus.accounts.policies import Perm
from siklus.accounts.policies import may as _may

register = template.Library()


@register.filter
def may(actor, permission: str) -> bool:
    return _may(actor, Perm(permission))
