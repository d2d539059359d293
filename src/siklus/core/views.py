"""Helpers every view uses: the scoped lookup, and turning service failures into form errors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
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
    for field, field_messages in error.errors.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


def post_action(request, form, act, success) -> None:
    """A POST-only action on a detail page: run the service, say how it went (the caller redirects
    back). ``act`` takes the form's cleaned data; ``success`` turns its result into the message."""
    if request.method != "POST":
        raise PermissionDenied
    try:
        if not form.is_valid():
            raise Invalid(form.errors)
        messages.success(request, success(act(form.cleaned_data)))
    except PermissionError:
        raise PermissionDenied from None
    except Invalid as exc:
        for field_messages in exc.errors.values():
            for message in field_messages:
                messages.error(request, message)
