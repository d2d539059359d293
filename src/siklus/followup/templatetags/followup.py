"""Template helpers of the follow-up pages, and the open-tasks section of a person's page (the
people app's template loads it, so people does not import followup)."""

from django import template

from siklus.followup import services

register = template.Library()


@register.simple_tag
def answer_of(chosen, person_id, stage, item):
    """The answer typed for a checklist item (the form shown again after an error)."""
    return (chosen or {}).get(str(person_id), {}).get(stage, {}).get(item, "")


@register.inclusion_tag("followup/_person_tasks.html", takes_context=True)
def person_open_tasks(context, person):
    """A person's open follow-up tasks (the person's page audited the view of the person)."""
    user = context["request"].user
    tasks = [t for t in services.person_tasks(user, person) if t.status == "open"]
    household = person.household
    return {"tasks": tasks, "person": person, "household": household,
            "posyandu_id": household.posyandu_id, "request": context["request"]}
