"""Form pieces every app's pages share."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker; it only accepts ISO dates, whatever the interface language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
