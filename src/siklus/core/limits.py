"""Length limits answered with a field message, never cut silently (issue #10 item 5).

A browser's ``maxlength`` cuts what is typed or pasted without a word (a 300-letter name became
150), so forms drop it (:func:`no_silent_cut`) and validate on the server instead; services check
every text field of a model against its ``max_length`` (:func:`check_lengths`), which covers the
API and any other caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import forms
from django.db import models
from django.utils.translation import gettext as _

from siklus.core.errors import Collector


def too_long(label: str, limit: int) -> str:
    return _("%(field)s terlalu panjang (maksimal %(max)d huruf).") % {"field": label, "max": limit}


def check_lengths(model: type[models.Model], clean: Mapping, errors: Collector, *, skip: Iterable[str] = ()) -> None:
    """Refuse every text value of ``clean`` longer than its ``model`` field's ``max_length``
    (a field that already has a message keeps only that one)."""
    skipped = set(skip)
    for field in model._meta.get_fields():
        if not isinstance(field, models.CharField) or field.max_length is None or field.name in skipped:
            continue
        value = clean.get(field.name)
        if isinstance(value, str) and len(value) > field.max_length and field.name not in errors.errors:
            errors.add(field.name, too_long(str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:], field.max_length))


def no_silent_cut(form: forms.Form) -> None:
    """Drop the ``maxlength`` attribute a browser cuts input with; the limit is still checked on
    the server, with a message that names the field and the limit."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length is not None:
            field.widget.attrs.pop("maxlength", None)
            field.error_messages["max_length"] = too_long(str(field.label), field.max_length)
