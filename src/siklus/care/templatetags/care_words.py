"""Stored delivery codes in the user's words on the person's page (``{% load care_words %}``)."""

from django import template
from django.utils.translation import gettext as _

from siklus.care.services import ATTENDANTS, DELIVERY_MODES

register = template.Library()


@register.filter
def attendant_word(code: str) -> str:
    return _(ATTENDANTS[code]) if code in ATTENDANTS else code


@register.filter
def team_words(codes) -> str:
    return ", ".join(attendant_word(c) for c in codes or ())


@register.filter
def delivery_mode_word(code: str) -> str:
    return _(DELIVERY_MODES[code]) if code in DELIVERY_MODES else code
