"""``{% record_actions person as groups %}``: the record forms the person's page offers the user."""

from django import template
from django.utils import timezone

from siklus.care.record_views import actions_for

register = template.Library()


@register.simple_tag(takes_context=True)
def record_actions(context, person):
    return actions_for(context["request"].user, person, timezone.localdate())
