"""Helpers every view uses: the scoped lookup, and turning service failures into form errors."""

from django.http import Http404

from siklus.core.errors import Invalid


def get_visible(model, user, **lookup):
    """The object if the user's scope includes it; 404 otherwise (never another area's data)."""
    try:
        return model.objects.visible_to(user).get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError):
        # ValueError/TypeError: a malformed UUID in the URL is "not found", not a server error.
        raise Http404 from None


def apply_errors(form, error: Invalid) -> None:
    """Put a service's Indonesian messages on the form's fields (unknown fields → form-wide)."""
    for field, messages in error.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
