"""Forms of the household and person pages. They only shape input; the services validate and
decide. ``to_input``/``to_changes`` turn what was typed into the services' typed inputs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from siklus.core.forms import DateInput
from siklus.people.models import Relation, Sex
from siklus.people.services import HouseholdChanges, HouseholdInput, PersonChanges, PersonInput


class HouseholdForm(forms.Form):
    no_kk = forms.CharField(label=_("Nomor KK"), required=False, max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    head_name = forms.CharField(label=_("Nama kepala keluarga"), max_length=150)
    address = forms.CharField(label=_("Alamat"), max_length=250)
    rt = forms.CharField(label=_("RT"), required=False, max_length=3, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    rw = forms.CharField(label=_("RW"), required=False, max_length=3, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    sub_area = forms.ChoiceField(label=_("Dusun/RW/RT"), required=False)
    posyandu = forms.ChoiceField(label=_("Posyandu"), required=False)

    def __init__(self, *args, sub_areas=(), posyandu=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_area"].choices = [("", "—")] + [(a.code, a.full_name) for a in sub_areas]
        self.fields["posyandu"].choices = [("", "—")] + [(str(p.pk), p.name) for p in posyandu]

    def to_input(self, desa) -> HouseholdInput:
        return HouseholdInput(desa=desa, **self.cleaned_data)

    def to_changes(self) -> HouseholdChanges:
        return HouseholdChanges(**self.cleaned_data)


class PersonForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), required=False, max_length=24,
                          help_text=_("16 digit. Kosongkan bila belum punya (misalnya bayi baru lahir)."),
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=[("", "—")] + list(Sex.choices))
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DateInput,
                                 error_messages={"invalid": _("Tanggal tidak valid.")})
    relation = forms.ChoiceField(label=_("Hubungan dalam keluarga"), choices=[("", "—")] + list(Relation.choices))
    jkn_number = forms.CharField(label=_("Nomor JKN"), required=False, max_length=20,
                                 widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    mother = forms.ChoiceField(label=_("Ibu (untuk bayi/anak)"), required=False)
    phone = forms.CharField(label=_("Telepon"), required=False, max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"}))
    confirm_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, mothers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mother"].choices = [("", "—")] + [(str(m.pk), f"{m.name} ({m.nik or _('tanpa NIK')})") for m in mothers]

    def _person_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "confirm_duplicate"}

    def to_input(self, household) -> PersonInput:
        return PersonInput(household=household, **self._person_fields())

    def to_changes(self) -> PersonChanges:
        return PersonChanges(**self._person_fields())


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pembatalan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500)
