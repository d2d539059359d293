"""Forms of the web pages. They only shape input; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from siklus.facilities.models import COMPETENCY_GROUPS, KaderLevel, Profession, Staff
from siklus.people.models import Relation, Sex


class DateInput(forms.DateInput):
    """The browser's date picker; it only accepts ISO dates, whatever the interface language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


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


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pembatalan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500)


class SubAreaForm(forms.Form):
    level = forms.ChoiceField(label=_("Tingkat"), choices=[("dusun", _("Dusun")), ("rw", _("RW")), ("rt", _("RT"))])
    number = forms.CharField(label=_("Nomor"), max_length=3, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    name = forms.CharField(label=_("Nama (opsional)"), required=False, max_length=120)


class IlpStatusForm(forms.Form):
    ilp_active = forms.BooleanField(label=_("Menjalankan ILP"), required=False)
    ilp_since = forms.DateField(label=_("ILP sejak"), required=False, widget=DateInput,
                                error_messages={"invalid": _("Tanggal tidak valid.")})


class StaffForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=150)
    profession = forms.ChoiceField(label=_("Profesi"), choices=[("", "—")] + list(Profession.choices))
    klaster = forms.TypedChoiceField(label=_("Klaster"), required=False, coerce=int, empty_value=None,
                                     choices=[("", "—")] + list(Staff._meta.get_field("klaster").choices))
    nik = forms.CharField(label=_("NIK"), required=False, max_length=24)
    phone = forms.CharField(label=_("Telepon"), required=False, max_length=20)


class KaderForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=150)
    level = forms.ChoiceField(label=_("Tingkat"), choices=KaderLevel.choices)
    competency_groups = forms.TypedMultipleChoiceField(
        label=_("Kelompok kompetensi terlatih"), required=False, coerce=int,
        choices=list(COMPETENCY_GROUPS.items()), widget=forms.CheckboxSelectMultiple)
    nik = forms.CharField(label=_("NIK"), required=False, max_length=24)
    phone = forms.CharField(label=_("Telepon"), required=False, max_length=20)
