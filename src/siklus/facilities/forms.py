"""Forms of the facility pages. They only shape input; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from siklus.core.forms import DateInput
from siklus.core.limits import no_silent_cut
from siklus.facilities.models import COMPETENCY_GROUPS, KaderLevel, Profession, Staff


class IlpStatusForm(forms.Form):
    ilp_active = forms.BooleanField(label=_("Menjalankan ILP"), required=False)
    ilp_since = forms.DateField(label=_("ILP sejak"), required=False, widget=DateInput,
                                error_messages={"invalid": _("Tanggal tidak valid.")})
    # The version the status was read at: a save by someone else meanwhile is shown, not overwritten.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    date_cleared = False

    def clean(self):
        """Unticking "Menjalankan ILP" means the facility stopped: the start date shown with the
        old status goes with it (the service refuses a date without the tick), and the success
        message says it was cleared, so nothing is thrown away unseen."""
        data = super().clean()
        typed = str(self.data.get(self.add_prefix("ilp_since"), "")).strip()
        self.date_cleared = not data.get("ilp_active") and bool(typed)
        if not data.get("ilp_active"):
            data["ilp_since"] = None
            self.errors.pop("ilp_since", None)  # an unreadable date no longer matters either
        return data


class StaffForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=150)
    profession = forms.ChoiceField(label=_("Profesi"), choices=[("", "—")] + list(Profession.choices))
    klaster = forms.TypedChoiceField(label=_("Klaster"), required=False, coerce=int, empty_value=None,
                                     choices=[("", "—")] + list(Staff._meta.get_field("klaster").choices))
    nik = forms.CharField(label=_("NIK"), required=False, max_length=24)
    phone = forms.CharField(label=_("Telepon"), required=False, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        no_silent_cut(self)


class KaderForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=150)
    level = forms.ChoiceField(label=_("Tingkat"), choices=KaderLevel.choices)
    competency_groups = forms.TypedMultipleChoiceField(
        label=_("Kelompok kompetensi terlatih"), required=False, coerce=int,
        choices=list(COMPETENCY_GROUPS.items()), widget=forms.CheckboxSelectMultiple)
    nik = forms.CharField(label=_("NIK"), required=False, max_length=24)
    phone = forms.CharField(label=_("Telepon"), required=False, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        no_silent_cut(self)
